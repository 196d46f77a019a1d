import type { ProductCandidate } from './product-lookup';

const normalise = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * Typeahead over the tenant's products: every word typed must start a word of the display name or part number
 * ("m365 e3", "visio", "spe"). Whole-word and prefix matches of the name rank first, then by name. Empty query →
 * the first `limit` by name, so an opened picker is never blank.
 */
export function searchProducts<T extends ProductCandidate>(query: string, products: readonly T[], limit = 15): T[] {
  const words = normalise(query).split(' ').filter(Boolean);
  const scored: Array<{ product: T; score: number }> = [];
  for (const product of products) {
    const name = normalise(product.displayName);
    const hay = ` ${name} ${normalise(product.skuPartNumber.replace(/_/g, ' '))} ${normalise(product.skuPartNumber)} `;
    if (!words.every((w) => hay.includes(` ${w}`))) continue;
    const joined = words.join(' ');
    const score = name === joined ? 0 : name.startsWith(joined) ? 1 : hay.includes(` ${joined} `) ? 2 : 3;
    scored.push({ product, score });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.product.displayName.localeCompare(b.product.displayName))
    .slice(0, limit)
    .map((s) => s.product);
}
