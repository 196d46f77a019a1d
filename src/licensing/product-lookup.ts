/** Finds a product (SKU) by skuPartNumber or display name, the way a person types it. */
export interface ProductCandidate {
  skuId: string;
  skuPartNumber: string;
  displayName: string;
}

export type ProductLookup<T extends ProductCandidate> =
  | { kind: 'found'; product: T }
  | { kind: 'ambiguous'; candidates: T[] }
  | { kind: 'unknown'; suggestions: T[] };

const normalise = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

export function findProduct<T extends ProductCandidate>(query: string, products: readonly T[], maxSuggestions = 5): ProductLookup<T> {
  const wanted = query.trim();
  if (!wanted) return { kind: 'unknown', suggestions: [] };
  const upper = wanted.toUpperCase();
  const byPart = products.filter((p) => p.skuPartNumber.trim().toUpperCase() === upper || p.skuId.toLowerCase() === wanted.toLowerCase());
  if (byPart.length === 1) return { kind: 'found', product: byPart[0] };
  if (byPart.length > 1) return { kind: 'ambiguous', candidates: byPart };

  const key = normalise(wanted);
  const byName = products.filter((p) => normalise(p.displayName) === key);
  if (byName.length === 1) return { kind: 'found', product: byName[0] };
  if (byName.length > 1) return { kind: 'ambiguous', candidates: byName };

  // Every word typed must appear in the name or part number ("e3" → Microsoft 365 E3 and Office 365 E3).
  const words = key.split(' ').filter(Boolean);
  const partial = products.filter((p) => {
    const hay = ` ${normalise(p.displayName)} ${normalise(p.skuPartNumber.replace(/_/g, ' '))} `;
    return words.every((w) => hay.includes(` ${w} `) || hay.includes(` ${w}`));
  });
  if (partial.length === 1) return { kind: 'found', product: partial[0] };
  if (partial.length > 1) return { kind: 'ambiguous', candidates: partial.slice(0, 10) };

  const scored = products
    .map((p) => ({
      p,
      score: Math.min(editDistance(key, normalise(p.displayName)), editDistance(upper, p.skuPartNumber.toUpperCase())),
    }))
    .sort((a, b) => a.score - b.score || a.p.skuPartNumber.localeCompare(b.p.skuPartNumber));
  return { kind: 'unknown', suggestions: scored.slice(0, maxSuggestions).map((s) => s.p) };
}
