/**
 * Product mentions → skuPartNumber: the tenant's SKUs by display name or part number, the alias table
 * (vocabulary/products.json) and any catalog part number typed as such ("SPE_E3"). When an alias names several
 * SKUs ("E3" → SPE_E3, ENTERPRISEPACK) the one the tenant has wins, else the first.
 */
import { Catalog } from '../../licensing/catalog';
import type { Language, ProductMention, TenantProduct } from '../types';
import { vocabularyOf } from '../vocabulary';
import aliasData from '../vocabulary/products.json';
import { PhraseIndex, type PhraseHit } from './phrases';
import { tokenize, type Token } from './text';

export interface ProductAlias {
  names: string[];
  skus: string[];
}

export const PRODUCT_ALIASES: readonly ProductAlias[] = aliasData.aliases;

const NO_FUZZY = new Set<string>(['premium', 'standard', 'basic', 'plan', 'online', 'office', 'teams', 'power', 'phone', 'project', 'archive', 'exchange']);

const aliasEntries: Array<[string, string[]]> = PRODUCT_ALIASES.flatMap((a) => a.names.map((n): [string, string[]] => [n, a.skus]));
const tenantIndexes = new WeakMap<readonly TenantProduct[], PhraseIndex<string[]>>();
let aliasOnly: PhraseIndex<string[]> | undefined;

function indexFor(products: readonly TenantProduct[] | undefined): PhraseIndex<string[]> {
  if (!products?.length) return (aliasOnly ??= new PhraseIndex(aliasEntries, NO_FUZZY));
  let index = tenantIndexes.get(products);
  if (!index) {
    // The tenant's own names first, so "Microsoft 365 E3" is exactly its SKU.
    const own = products.flatMap((p): Array<[string, string[]]> => [[p.displayName, [p.skuPartNumber]], [p.skuPartNumber, [p.skuPartNumber]]]);
    index = new PhraseIndex([...own, ...aliasEntries], NO_FUZZY);
    tenantIndexes.set(products, index);
  }
  return index;
}

function choose(candidates: string[], products: readonly TenantProduct[] | undefined): string {
  const owned = new Set((products ?? []).map((p) => p.skuPartNumber.toUpperCase()));
  return candidates.find((c) => owned.has(c.toUpperCase())) ?? candidates[0];
}

/** A token written like a part number (SPE_E3, VISIOCLIENT) that the catalog knows. */
function partNumberHits(text: string, tokens: Token[], used: ReadonlySet<number>): Array<PhraseHit<string[]>> {
  const catalog = Catalog.bundled();
  const hits: Array<PhraseHit<string[]>> = [];
  tokens.forEach((t, i) => {
    if (used.has(i)) return;
    const raw = text.slice(t.start, t.end);
    if (!raw.includes('_') && !/^[A-Z][A-Z0-9]{3,}$/.test(raw)) return;
    const sku = catalog.skusByPartNumber(raw)[0];
    if (sku) hits.push({ value: [sku.skuPartNumber], start: t.start, end: t.end, from: i, to: i + 1, exact: true });
  });
  return hits;
}

const markerCache = new Map<Language, { before: string[][]; from: string[][]; to: string[][] }>();

function markersFor(language: Language): { before: string[][]; from: string[][]; to: string[][] } {
  let markers = markerCache.get(language);
  if (!markers) {
    const words = (list: string[]) => list.map((p) => tokenize(p).map((t) => t.norm));
    const v = vocabularyOf(language).replacing;
    markers = { before: words(v.before), from: words(v.from), to: words(v.to) };
    markerCache.set(language, markers);
  }
  return markers;
}

function endsWithPhrase(tokens: Token[], before: number, phrases: string[][]): boolean {
  return phrases.some((words) => {
    if (words.length > before) return false;
    return words.every((w, k) => tokens[before - words.length + k].norm === w);
  });
}

export interface ProductExtraction {
  products: ProductMention[];
  replacing?: ProductMention;
  /** Token indexes used, so a product name is not read as a person's name. */
  used: Set<number>;
}

export function extractProducts(text: string, tokens: Token[], language: Language, tenant?: readonly TenantProduct[]): ProductExtraction {
  const hits = indexFor(tenant).find(tokens);
  const used = new Set<number>(hits.flatMap((h) => range(h.from, h.to)));
  hits.push(...partNumberHits(text, tokens, used));
  hits.sort((a, b) => a.start - b.start);
  for (const h of hits) for (const i of range(h.from, h.to)) used.add(i);

  const markers = markersFor(language);
  const mentions = hits.map((h) => ({ skuPartNumber: choose(h.value, tenant), text: text.slice(h.start, h.end) }));
  let replacing: number | undefined;
  hits.forEach((h, k) => {
    if (replacing !== undefined) return;
    if (endsWithPhrase(tokens, h.from, markers.before)) replacing = k;
    // "from Business Basic to E3", "von … auf …", "de … à …", "de … a …": the first is the one replaced.
    const next = hits[k + 1];
    if (next && endsWithPhrase(tokens, h.from, markers.from) && endsWithPhrase(tokens, next.from, markers.to)) replacing = k;
  });
  const products: ProductMention[] = [];
  for (const [k, m] of mentions.entries()) {
    if (k === replacing) continue;
    if (!products.some((p) => p.skuPartNumber === m.skuPartNumber)) products.push(m);
  }
  return { products, replacing: replacing === undefined ? undefined : mentions[replacing], used };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
