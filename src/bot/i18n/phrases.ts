/** Renders the domain's phrases (code + values) and its vocabulary (workloads, tiers) in the reader's language. */
import type { Phrase, PhraseValue } from '../../licensing/phrase';
import type { Messages } from './messages';

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** "Office apps" → workload.office-apps; an unknown workload keeps its own name. */
export function workloadName(m: Messages, workload: string): string {
  const key = `workload.${slug(workload)}`;
  return m.has(key) ? m.t(key) : workload;
}

/** "Plan 2" → tier.plan-2 ("Plan 2", "Plan 2", …); product-like tier names are the same in every catalog. */
export function tierName(m: Messages, tier: string): string {
  const key = `tier.${slug(tier)}`;
  return m.has(key) ? m.t(key) : tier;
}

function valueText(m: Messages, value: PhraseValue): string | number {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if ('workload' in value) return workloadName(m, value.workload);
  if ('tier' in value) return tierName(m, value.tier);
  if ('phrases' in value) return m.list(value.phrases.map((p) => phraseText(m, p, p.code)));
  return m.list(value.list);
}

/** The phrase in `m`'s language; the domain's English text when there is no phrase (e.g. a request stored before). */
export function phraseText(m: Messages, p: Phrase | undefined, english: string): string {
  if (!p || !m.has(p.code)) return english;
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(p.values ?? {})) values[name] = valueText(m, value);
  return m.t(p.code, values);
}

/** Lines that have both: phrases aligned with their English texts (old stored data has texts only). */
export function phraseLines(m: Messages, phrases: readonly Phrase[] | undefined, english: readonly string[]): string[] {
  if (!phrases || phrases.length !== english.length) return [...english];
  return english.map((text, i) => phraseText(m, phrases[i], text));
}
