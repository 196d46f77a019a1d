/** The training utterances, one JSON file per language: `{ "<intent>": ["utterance", …] }`. */
import { isIntentId, type IntentId, type Language } from './types';
import de from './corpus/de.json';
import en from './corpus/en.json';
import es from './corpus/es.json';
import fr from './corpus/fr.json';

export type Corpus = Partial<Record<IntentId, string[]>>;

const raw: Record<Language, Record<string, string[]>> = { en, de, fr, es };

export function corpusOf(language: Language): Corpus {
  const corpus: Corpus = {};
  for (const [intent, utterances] of Object.entries(raw[language])) {
    if (!isIntentId(intent)) throw new Error(`corpus/${language}.json: unknown intent ${intent}`);
    corpus[intent] = utterances;
  }
  return corpus;
}
