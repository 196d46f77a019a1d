/** Finds vocabulary phrases in tokens: longest match first, typo-tolerant per token, "*" skips up to 3 words. */
import { tokenize, tokenMatches, type Token } from './text';

export interface PhraseHit<T> {
  value: T;
  start: number;
  end: number;
  /** Token index range [from, to). */
  from: number;
  to: number;
  exact: boolean;
}

interface Compiled<T> {
  value: T;
  words: string[];
}

export class PhraseIndex<T> {
  private readonly phrases: Compiled<T>[];

  constructor(entries: Iterable<[string, T]>, private readonly noFuzzy: ReadonlySet<string>) {
    this.phrases = [];
    for (const [phrase, value] of entries) {
      const words = phrase.split(/\s+/).flatMap((w) => (w === '*' ? ['*'] : tokenize(w).map((t) => t.norm)));
      if (words.some((w) => w !== '*')) this.phrases.push({ value, words });
    }
    // Longest phrases first, so "power automate premium" wins over "power automate".
    this.phrases.sort((a, b) => b.words.filter((w) => w !== '*').length - a.words.filter((w) => w !== '*').length);
  }

  /** Non-overlapping hits, in text order. `blocked` token indexes (a "my team" span) are never used. */
  find(tokens: Token[], blocked: ReadonlySet<number> = new Set()): PhraseHit<T>[] {
    const used = new Set<number>(blocked);
    const hits: PhraseHit<T>[] = [];
    for (const phrase of this.phrases) {
      const first = phrase.words[0];
      for (let i = 0; i < tokens.length; i++) {
        // Every match starts with the same letter (tokenMatches requires it): a cheap filter before the real test.
        if (first !== '*' && tokens[i].norm[0] !== first[0]) continue;
        const m = this.matchAt(phrase.words, tokens, i, used);
        if (!m) continue;
        for (let k = i; k < m.to; k++) used.add(k);
        hits.push({ value: phrase.value, start: tokens[i].start, end: tokens[m.to - 1].end, from: i, to: m.to, exact: m.exact });
      }
    }
    return hits.sort((a, b) => a.start - b.start);
  }

  private matchAt(words: string[], tokens: Token[], at: number, used: ReadonlySet<number>): { to: number; exact: boolean } | undefined {
    let i = at;
    let exact = true;
    for (let w = 0; w < words.length; w++) {
      if (words[w] === '*') {
        // Up to three words in between: "Office lässt sich nicht installieren".
        const rest = words.slice(w + 1);
        for (let skip = 0; skip <= 3; skip++) {
          const m = this.matchAt(rest, tokens, i + skip, used);
          if (m) return { to: m.to, exact: exact && m.exact };
        }
        return undefined;
      }
      const token = tokens[i];
      if (!token || used.has(i) || !tokenMatches(token.norm, words[w], this.noFuzzy)) return undefined;
      if (token.norm !== words[w]) exact = false;
      i++;
    }
    return { to: i, exact };
  }
}
