/** Why the user wants a license: the words after "because"/"weil"/"parce que"/"porque", else the whole message. */
import type { Language } from '../types';
import { vocabularyOf } from '../vocabulary';
import { fold } from './text';

const patterns = new Map<Language, RegExp>();

function patternFor(language: Language): RegExp {
  let pattern = patterns.get(language);
  if (!pattern) {
    const markers = vocabularyOf(language).reason.map(fold).sort((a, b) => b.length - a.length);
    const alternation = markers.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    pattern = new RegExp(`(?<![\\p{L}])(?:${alternation})(?![\\p{L}])`, 'u');
    patterns.set(language, pattern);
  }
  return pattern;
}

export function findReason(text: string, language: Language): string {
  const folded = fold(text);
  const m = patternFor(language).exec(folded);
  const reason = m && folded.length === text.length ? text.slice(m.index + m[0].length) : text;
  return reason.replace(/^[\s,:;-]+/, '').replace(/[\s.!?]+$/, '').trim() || text.trim();
}
