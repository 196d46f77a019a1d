/** The per-language word lists (vocabulary/*.json), typed and checked once at load. */
import { isFeatureId, type FeatureId } from '../licensing/feature-ids';
import type { Language } from './types';
import de from './vocabulary/de.json';
import en from './vocabulary/en.json';
import es from './vocabulary/es.json';
import fr from './vocabulary/fr.json';

export interface Vocabulary {
  features: Record<string, string[]>;
  subsumes: Record<string, string[]>;
  weak: string[];
  noFuzzy: string[];
  people: { self: string[]; team: string[]; nameMarkers: string[]; notNames: string[] };
  replacing: { before: string[]; from: string[]; to: string[] };
  reason: string[];
  quantity: { units: string[] };
  numbers: Record<string, number>;
  duration: {
    for: string[];
    until: string[];
    endOf: string[];
    units: Record<string, number>;
    vague: Record<string, number>;
    endOfYear: string[];
    months: Record<string, number>;
  };
}

const all: Record<Language, Vocabulary> = { en, de, fr, es };

for (const [language, vocabulary] of Object.entries(all)) {
  for (const id of [...Object.keys(vocabulary.features), ...Object.keys(vocabulary.subsumes)]) {
    if (!isFeatureId(id)) throw new Error(`vocabulary/${language}.json: unknown feature id ${id}`);
  }
}

export function vocabularyOf(language: Language): Vocabulary {
  return all[language];
}

export function featureEntries(vocabulary: Vocabulary): Array<[string, FeatureId]> {
  return Object.entries(vocabulary.features).flatMap(([id, phrases]) => phrases.map((p): [string, FeatureId] => [p, id as FeatureId]));
}
