/** Short incident ids (`INC-7K2QF9XD`) from the key and the time it was raised: pure, no crypto needed. */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

function fnv1a(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function incidentId(key: string, raisedAt: string): string {
  const text = `${key}|${raisedAt}`;
  // Two independent 32-bit hashes → 40 bits, 8 characters of a 32-letter alphabet without 0/1/I/O.
  let a = fnv1a(text, 0x811c9dc5);
  let b = fnv1a(text, 0x050c5d1f);
  let out = '';
  for (let i = 0; i < 8; i++) {
    const source = i < 4 ? a : b;
    out += ALPHABET[source & 31];
    if (i < 4) a >>>= 5;
    else b >>>= 5;
  }
  return `INC-${out}`;
}

export const INCIDENT_ID = /^INC-[2-9A-HJ-NP-Z]{8}$/;
