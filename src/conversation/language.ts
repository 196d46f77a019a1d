/** Which of the four languages a message is read in. */
import type { Language } from './types';

/** de-DE → de, fr-CA → fr, es-MX → es; anything else (or nothing) → en. */
export function languageOfLocale(locale: string | undefined | null): Language {
  const primary = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'de' || primary === 'fr' || primary === 'es' ? primary : 'en';
}

import { corpusOf } from './corpus';
import { fold, tokenize } from './entities/text';
import { LANGUAGES } from './types';

const wordsByLanguage = new Map<Language, Set<string>>();

function wordsOf(language: Language): Set<string> {
  let words = wordsByLanguage.get(language);
  if (!words) {
    words = new Set(Object.values(corpusOf(language)).flatMap((us) => (us ?? []).flatMap((u) => tokenize(u).map((t) => t.norm))));
    wordsByLanguage.set(language, words);
  }
  return words;
}

/**
 * How much of a message reads as `language`: its words that occur in that language's corpus and in no other
 * ("Visio", "E3" and "Office" count for none). Used to switch away from the locale's language only on evidence.
 */
export function languageEvidence(text: string, language: Language): number {
  const others = LANGUAGES.filter((l) => l !== language).map(wordsOf);
  const own = wordsOf(language);
  return tokenize(fold(text)).filter((t) => own.has(t.norm) && !others.some((o) => o.has(t.norm))).length;
}
