/** The held-out evaluation set (bench/understanding/eval.*.json) and how an answer is scored against it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog } from '../src/licensing/catalog';
import { LANGUAGES, type Language, type PersonMention, type Understanding, type UnderstandingContext } from '../src/conversation';

export interface EvalItem {
  text: string;
  intent: string;
  features?: string[];
  products?: string[];
  people?: PersonMention[];
  duration?: { kind: string; days?: number; date?: string };
  replacing?: string;
  quantity?: number;
}

export interface EvalSet {
  language: Language;
  locale: string;
  items: EvalItem[];
}

export function evalSets(): EvalSet[] {
  return LANGUAGES.map((l) => JSON.parse(readFileSync(join(__dirname, 'understanding', `eval.${l}.json`), 'utf8')) as EvalSet);
}

/** The demo tenant (Contoso fixture) as context: its SKUs and people, and a fixed "now" for "until March". */
export function evalContext(): UnderstandingContext {
  const fixture = JSON.parse(readFileSync(join(__dirname, '..', 'src', 'demo', 'fixtures', 'contoso.json'), 'utf8')) as {
    subscribedSkus: Array<{ skuPartNumber: string }>;
    users: Array<{ displayName: string }>;
  };
  const catalog = Catalog.bundled();
  return {
    products: fixture.subscribedSkus.map((s) => ({ skuPartNumber: s.skuPartNumber, displayName: catalog.skusByPartNumber(s.skuPartNumber)[0]?.displayName ?? s.skuPartNumber })),
    people: fixture.users.map((u) => u.displayName),
    now: new Date('2026-11-23T12:00:00Z'),
  };
}

const set = (values: string[]) => JSON.stringify([...new Set(values)].sort());
const personKey = (p: PersonMention) => ('value' in p ? `${p.kind}:${p.value.toLowerCase()}` : p.kind);

/** Which of the item's expected entities the answer got wrong (empty: all right). Only listed kinds are checked. */
export function entityErrors(item: EvalItem, u: Understanding): string[] {
  const e = u.entities;
  const errors: string[] = [];
  if (item.features && set(item.features) !== set(e.features.map((f) => f.feature))) errors.push(`features ${set(e.features.map((f) => f.feature))}`);
  if (item.products && set(item.products) !== set(e.products.map((p) => p.skuPartNumber))) errors.push(`products ${set(e.products.map((p) => p.skuPartNumber))}`);
  if (item.people && set(item.people.map(personKey)) !== set(e.people.map(personKey))) errors.push(`people ${set(e.people.map(personKey))}`);
  if (item.replacing && item.replacing !== e.replacing?.skuPartNumber) errors.push(`replacing ${e.replacing?.skuPartNumber}`);
  if (item.quantity !== undefined && item.quantity !== e.quantity) errors.push(`quantity ${e.quantity}`);
  if (item.duration) {
    const d = e.duration;
    const ok = d && d.kind === item.duration.kind && (d.kind === 'until' ? d.date === item.duration.date : d.days === item.duration.days);
    if (!ok) errors.push(`duration ${JSON.stringify(d)}`);
  }
  return errors;
}

export function hasEntityExpectations(item: EvalItem): boolean {
  return ['features', 'products', 'people', 'duration', 'replacing', 'quantity'].some((k) => k in item);
}
