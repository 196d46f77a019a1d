// NLP.js ships no TypeScript declarations (axa-group/nlp.js#743, #1233): only the calls this folder uses.
declare module '@nlpjs/core' {
  export interface Container {
    use(plugin: unknown): void;
    get(name: 'nlp'): import('@nlpjs/nlp').Nlp;
    registerConfiguration(tag: string, settings: Record<string, unknown>, overwrite?: boolean): void;
  }
  export function containerBootstrap(): Container;
}

declare module '@nlpjs/nlp' {
  export interface NlpClassification {
    intent: string;
    score: number;
  }
  export interface NlpResult {
    intent: string;
    score: number;
    classifications: NlpClassification[];
  }
  export interface NluManager {
    process(input: { locale: string; utterance: string; settings: Record<string, unknown>; context: Record<string, unknown> }): Promise<NlpResult>;
  }
  export class Nlp {
    settings: Record<string, unknown>;
    nluManager: NluManager;
    addLanguage(locale: string): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<void>;
    process(locale: string, utterance: string): Promise<NlpResult>;
    export(minified?: boolean): string;
    import(json: string): void;
  }
}

declare module '@nlpjs/lang-en' {
  export const LangEn: unknown;
}
declare module '@nlpjs/lang-de' {
  export const LangDe: unknown;
}
declare module '@nlpjs/lang-fr' {
  export const LangFr: unknown;
}
declare module '@nlpjs/lang-es' {
  export const LangEs: unknown;
}
declare module '@nlpjs/similarity' {
  export function leven(a: string, b: string): number;
}
