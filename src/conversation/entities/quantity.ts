/** "5 seats", "10 Lizenzen", "3 more E3 licenses", "cinq licences": a count of licenses. */
import type { Language } from '../types';
import { vocabularyOf } from '../vocabulary';
import { fold, type Token } from './text';

export function findQuantity(tokens: Token[], language: Language, skip: ReadonlySet<number>): number | undefined {
  const vocabulary = vocabularyOf(language);
  const units = new Set(vocabulary.quantity.units.map(fold));
  // Words for one ("a", "un", "eine") are articles far more often than counts.
  const words = new Map(Object.entries(vocabulary.numbers).filter(([, n]) => n > 1).map(([k, n]) => [fold(k), n]));
  for (let i = 0; i < tokens.length; i++) {
    if (skip.has(i)) continue;
    const n = /^\d{1,4}$/.test(tokens[i].norm) ? Number(tokens[i].norm) : words.get(tokens[i].norm);
    if (!n) continue;
    // The unit may follow after a few words: "3 more E3 licenses", "5 seats of Teams Premium".
    for (let k = i + 1; k <= i + 3 && k < tokens.length; k++) {
      if (units.has(tokens[k].norm)) return n;
    }
  }
  return undefined;
}
