/** Why the user wants a license: the words after "because"/"weil"/"parce que"/"porque", else the whole message. */
import type { Language } from '../types';
import { vocabularyOf } from '../vocabulary';
import { fold } from './text';

export function findReason(text: string, language: Language): string {
  const folded = fold(text);
  const markers = vocabularyOf(language).reason.map(fold).sort((a, b) => b.length - a.length);
  let best: { at: number; marker: string } | undefined;
  for (const marker of markers) {
    const m = new RegExp(`(?<![\\p{L}])${marker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}])`, 'u').exec(folded);
    if (m && (!best || m.index < best.at)) best = { at: m.index, marker };
  }
  const reason = best && folded.length === text.length ? text.slice(best.at + best.marker.length) : text;
  return reason.replace(/^[\s,:;-]+/, '').replace(/[\s.!?]+$/, '').trim() || text.trim();
}
