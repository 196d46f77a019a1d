/**
 * Who a message is about: "me"/"mich"/"moi"/"mí", "my team", a UPN or mail address, a Teams mention
 * (`<at>Megan Bowen</at>`), a known display name (context.people, full or first/last name), or a capitalised
 * name after a marker word ("give Megan Bowen …", "for Alex").
 */
import type { Language, PersonMention } from '../types';
import { vocabularyOf } from '../vocabulary';
import { fold, tokenize, tokenMatches, type Token } from './text';

const ADDRESS = /[\w.+'-]+@[\w-]+(?:\.[\w-]+)+/g;
const MENTION = /<at>(.*?)<\/at>/gi;

/** Teams mentions as names, and the text with the tags removed (the bot layer usually strips them already). */
export function takeMentions(text: string): { text: string; names: string[] } {
  const names: string[] = [];
  const cleaned = text.replace(MENTION, (_, name: string) => {
    if (name.trim()) names.push(name.trim());
    return name;
  });
  return { text: cleaned, names };
}

interface Found {
  at: number;
  person: PersonMention;
}

function phraseAt(tokens: Token[], raw: string[], i: number, words: string[]): boolean {
  return words.length > 0 && words.every((w, k) => raw[i + k] === w);
}

interface PeopleWords {
  team: string[][];
  self: string[][];
  notNames: Set<string>;
  markers: Set<string>;
}

const wordCache = new Map<Language, PeopleWords>();
const nameCache = new WeakMap<readonly string[], { full: string[][]; parts: Set<string> }>();

function wordsFor(language: Language): PeopleWords {
  let words = wordCache.get(language);
  if (!words) {
    const v = vocabularyOf(language).people;
    words = {
      team: v.team.map((p) => tokenize(p).map((t) => t.norm)),
      self: v.self.map((p) => p.toLowerCase().split(/[\s']+/).filter(Boolean)),
      notNames: new Set(v.notNames.map(fold)),
      markers: new Set(v.nameMarkers.map(fold)),
    };
    wordCache.set(language, words);
  }
  return words;
}

function namesFor(knownNames: readonly string[], notNames: Set<string>): { full: string[][]; parts: Set<string> } {
  let names = nameCache.get(knownNames);
  if (!names) {
    const full = knownNames.map((n) => tokenize(n).map((t) => t.norm)).filter((p) => p.length > 0);
    names = { full, parts: new Set(full.flat().filter((p) => p.length >= 3 && !notNames.has(p))) };
    nameCache.set(knownNames, names);
  }
  return names;
}

export function findPeople(
  text: string,
  tokens: Token[],
  language: Language,
  used: Set<number>,
  knownNames: readonly string[] = [],
  mentionNames: readonly string[] = [],
): PersonMention[] {
  const words = wordsFor(language);
  // Pronouns compare with accents kept: Spanish "mí" is me, "mi" is my.
  const raw = tokens.map((t) => text.slice(t.start, t.end).toLowerCase());
  const found: Found[] = [];

  for (const m of text.matchAll(ADDRESS)) {
    found.push({ at: m.index ?? 0, person: { kind: 'address', value: m[0].replace(/\.$/, '') } });
    tokens.forEach((t, i) => {
      if (t.start < (m.index ?? 0) + m[0].length && t.end > (m.index ?? 0)) used.add(i);
    });
  }
  for (const name of mentionNames) found.push({ at: text.indexOf(name), person: { kind: 'name', value: name } });

  const teamPhrases = words.team;
  const selfPhrases = words.self;
  for (let i = 0; i < tokens.length; i++) {
    const team = teamPhrases.find((phrase) => phrase.every((w, k) => tokens[i + k]?.norm === w));
    if (team) {
      found.push({ at: tokens[i].start, person: { kind: 'team' } });
      for (let k = 0; k < team.length; k++) used.add(i + k);
      i += team.length - 1;
      continue;
    }
    if (!used.has(i) && selfPhrases.some((phrase) => phraseAt(tokens, raw, i, phrase))) found.push({ at: tokens[i].start, person: { kind: 'self' } });
  }

  // Known display names: the full name first, then a first or last name on its own.
  const noFuzzy = new Set<string>();
  const names = namesFor(knownNames, words.notNames);
  for (const parts of names.full) {
    for (let i = 0; i + parts.length <= tokens.length; i++) {
      if (parts.length > 1 && parts.every((p, k) => !used.has(i + k) && tokenMatches(tokens[i + k].norm, p, noFuzzy))) {
        found.push({ at: tokens[i].start, person: { kind: 'name', value: text.slice(tokens[i].start, tokens[i + parts.length - 1].end) } });
        for (let k = 0; k < parts.length; k++) used.add(i + k);
      }
    }
  }
  const notNames = words.notNames;
  const firstAndLast = names.parts;
  tokens.forEach((t, i) => {
    if (used.has(i) || !firstAndLast.has(t.norm)) return;
    found.push({ at: t.start, person: { kind: 'name', value: text.slice(t.start, t.end) } });
    used.add(i);
  });

  // Unknown names: capitalised words right after a marker ("for Lee Gu", "give Nestor …").
  const markers = words.markers;
  for (let i = 0; i < tokens.length - 1; i++) {
    if (!markers.has(tokens[i].norm)) continue;
    let j = i + 1;
    while (j < tokens.length && j - i <= 3 && !used.has(j) && isCapitalised(text, tokens[j]) && !notNames.has(tokens[j].norm)) j++;
    const count = j - (i + 1);
    // German capitalises every noun ("für Praktikanten"): there a name needs first and last name.
    if (count === 0 || (language === 'de' && count < 2)) continue;
    found.push({ at: tokens[i + 1].start, person: { kind: 'name', value: text.slice(tokens[i + 1].start, tokens[j - 1].end) } });
    for (let k = i + 1; k < j; k++) used.add(k);
  }

  found.sort((a, b) => a.at - b.at);
  const people: PersonMention[] = [];
  for (const { person } of found) if (!people.some((p) => samePerson(p, person))) people.push(person);
  return people;
}

function isCapitalised(text: string, token: Token): boolean {
  const first = text[token.start];
  return first !== first.toLowerCase() && /\p{L}/u.test(first) && !/\d/.test(token.norm);
}

function samePerson(a: PersonMention, b: PersonMention): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind === 'self' || a.kind === 'team' || ('value' in b && 'value' in a && a.value.toLowerCase() === b.value.toLowerCase());
}
