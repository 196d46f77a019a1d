/** Tokens with offsets into the original text, folded for matching (lower case, no accents, "E-3" → "e3"). */
export interface Token {
  /** Folded form used for matching. */
  norm: string;
  start: number;
  end: number;
}

/** Lower case without diacritics: users type "boite", "buzon", "Postfach" in any case. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

const WORD = /[\p{L}\p{N}_]+(?:@[\p{L}\p{N}_.-]+)?/gu;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const start = m.index ?? 0;
    tokens.push({ norm: fold(m[0]), start, end: start + m[0].length });
  }
  // "E-3", "e 3", "F 1" → one token "e3": a lone letter followed by a short number is a plan name.
  const merged: Token[] = [];
  for (const t of tokens) {
    const prev = merged[merged.length - 1];
    if (prev && /^[a-z]$/.test(prev.norm) && /^\d{1,2}$/.test(t.norm) && t.start - prev.end <= 1) {
      merged[merged.length - 1] = { norm: prev.norm + t.norm, start: prev.start, end: t.end };
    } else merged.push(t);
  }
  return merged;
}

// Three reused rows: fuzzy matching runs for many word pairs per message, and allocation showed up in p99.
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/** Optimal-string-alignment distance (Damerau–Levenshtein with adjacent transpositions: "copliot"). */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (b.length + 1 > rowA.length) [rowA, rowB, rowC] = [0, 0, 0].map(() => new Int32Array(b.length * 2 + 2));
  let prev2 = rowA, prev = rowB, row = rowC;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    [prev2, prev, row] = [prev, row, prev2];
  }
  return prev[b.length];
}

/**
 * Length-aware tolerance: short words must match exactly ("team" ≠ "teams", "e3" ≠ "e5"), 5–8 letters allow one
 * edit ("vizio", "copliot", "postfch"), longer words two. Words with digits never fuzzy-match.
 */
export function allowedEdits(word: string, term: string): number {
  if (/\d/.test(word) || /\d/.test(term)) return 0;
  const n = Math.min(word.length, term.length);
  return n < 5 ? 0 : n < 9 ? 1 : 2;
}

export function tokenMatches(word: string, term: string, noFuzzy: ReadonlySet<string>): boolean {
  if (word === term) return true;
  if (noFuzzy.has(word)) return false;
  const max = allowedEdits(word, term);
  // The first letter is rarely mistyped; requiring it keeps "terms" or "rapport" from looking like other words.
  return max > 0 && word[0] === term[0] && editDistance(word, term, max) <= max;
}
