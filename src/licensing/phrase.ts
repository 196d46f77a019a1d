/**
 * A sentence for people as a message-catalog key and its parameters, so the bot can say it in the reader's
 * language. The domain keeps producing its English text next to it (CLI, CSV, audit trail, stored requests).
 * Values that are themselves vocabulary (a workload, a tier) or a list are marked, so they are translated too.
 */
export type PhraseValue = string | number | { workload: string } | { tier: string } | { list: string[] } | { phrases: Phrase[] };

export interface Phrase {
  code: string;
  values?: Record<string, PhraseValue>;
}

export function phrase(code: string, values?: Record<string, PhraseValue>): Phrase {
  return values ? { code, values } : { code };
}
