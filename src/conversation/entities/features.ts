/** Feature mentions ("visio", "online archive", "Postfach", "copliot") → FeatureId, from vocabulary data. */
import type { FeatureId } from '../../licensing/feature-ids';
import type { FeatureMention, Language } from '../types';
import { featureEntries, vocabularyOf } from '../vocabulary';
import { PhraseIndex, type PhraseHit } from './phrases';
import { fold, type Token } from './text';

const indexes = new Map<Language, PhraseIndex<FeatureId>>();

function indexFor(language: Language): PhraseIndex<FeatureId> {
  let index = indexes.get(language);
  if (!index) {
    const vocabulary = vocabularyOf(language);
    index = new PhraseIndex(featureEntries(vocabulary), new Set(vocabulary.noFuzzy.map(fold)));
    indexes.set(language, index);
  }
  return index;
}

export interface FeatureHit extends PhraseHit<FeatureId> {
  /** A common word ("project", "storage") that only counts when the message is about licenses. */
  weak: boolean;
}

export function findFeatures(text: string, tokens: Token[], language: Language, blocked: ReadonlySet<number>): FeatureHit[] {
  const vocabulary = vocabularyOf(language);
  const weak = new Set(vocabulary.weak.map(fold));
  return indexFor(language)
    .find(tokens, blocked)
    .map((hit) => ({ ...hit, weak: weak.has(fold(text.slice(hit.start, hit.end))) }));
}

/** One mention per feature; a specific one hides the general one it implies ("Teams Phone" hides "Teams"). */
export function featureMentions(text: string, hits: FeatureHit[], language: Language): FeatureMention[] {
  const subsumes = vocabularyOf(language).subsumes;
  const ids = new Set(hits.map((h) => h.value));
  const hidden = new Set([...ids].flatMap((id) => subsumes[id] ?? []));
  const seen = new Set<FeatureId>();
  const mentions: FeatureMention[] = [];
  for (const hit of hits) {
    if (hidden.has(hit.value) || seen.has(hit.value)) continue;
    seen.add(hit.value);
    mentions.push({ feature: hit.value, text: text.slice(hit.start, hit.end) });
  }
  return mentions;
}
