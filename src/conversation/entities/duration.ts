/**
 * How long a license is wanted: "for 3 weeks" / "30 Tage" → days; "until 2027-03-31" / "bis Ende März" /
 * "jusqu'au 31 mars" / "hasta marzo" → a date (the next such date on or after context.now); "a few weeks" /
 * "ein paar Wochen" → vague, with the number of days from vocabulary (the bot should confirm it).
 */
import type { Duration, Language } from '../types';
import { vocabularyOf, type Vocabulary } from '../vocabulary';
import { fold } from './text';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[\s']+/g, "[\\s']+");
const alternation = (words: string[]) => [...new Set(words.map(fold))].sort((a, b) => b.length - a.length).map(escape).join('|');

interface Patterns {
  days: RegExp;
  vague: RegExp;
  monthDay: RegExp;
  dayMonth: RegExp;
  month: RegExp;
  endOfYear: RegExp;
}

const cache = new Map<Language, Patterns>();

function patternsFor(language: Language, v: Vocabulary['duration'], numbers: Record<string, number>): Patterns {
  const cached = cache.get(language);
  if (cached) return cached;
  const num = `(\\d{1,3}|${alternation(Object.keys(numbers))})`;
  const unit = `(${alternation(Object.keys(v.units))})`;
  const month = `(${alternation(Object.keys(v.months))})`;
  const until = `(?:${alternation(v.until)})`;
  const endOf = `(?:(${alternation(v.endOf)})\\s+(?:(?:de|del|d|of|von)\\s+)?)?`;
  const year = `(?:[\\s,]+(\\d{4}))?`;
  const patterns: Patterns = {
    days: new RegExp(`(?<![\\p{L}\\d])(?:(?:${alternation(v.for)})\\s+)?${num}\\s+${unit}(?![\\p{L}])`, 'u'),
    vague: new RegExp(`(?<![\\p{L}])(?:(?:${alternation(v.for)})\\s+)?(${alternation(Object.keys(v.vague))})(?![\\p{L}])`, 'u'),
    // "until March 31", "until the 31st of March" is rare; "bis zum 15. Januar", "jusqu'au 31 mars", "hasta el 31 de marzo".
    monthDay: new RegExp(`${until}\\s+(?:the\\s+)?${month}\\s+(\\d{1,2})(?:st|nd|rd|th)?${year}(?![\\p{L}\\d])`, 'u'),
    dayMonth: new RegExp(`${until}\\s+(?:(?:le|el|the|zum|den)\\s+)?(\\d{1,2})(?:\\.|st|nd|rd|th|er)?\\s+(?:(?:de|of)\\s+)?${month}${year}(?![\\p{L}\\d])`, 'u'),
    month: new RegExp(`${until}\\s+(?:(?:the|la|le|el)\\s+)?${endOf}${month}${year}(?![\\p{L}])`, 'u'),
    endOfYear: new RegExp(`${until}\\s+(?:(?:the|la|le|el|zum)\\s+)?(${alternation(v.endOfYear)})(?![\\p{L}])`, 'u'),
  };
  cache.set(language, patterns);
  return patterns;
}

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The first date with that month/day on or after `now` (or in the given year). */
function nextDate(now: Date, month: number, day: number | 'end', year?: number): string | undefined {
  const today = iso(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate());
  const at = (y: number) => {
    const d = day === 'end' ? lastDay(y, month) : day;
    return d >= 1 && d <= lastDay(y, month) ? iso(y, month, d) : undefined;
  };
  if (year) return at(year);
  const thisYear = at(now.getUTCFullYear());
  return thisYear && thisYear >= today ? thisYear : at(now.getUTCFullYear() + 1);
}

interface Tables {
  months: Record<string, number>;
  numbers: Record<string, number>;
  units: Record<string, number>;
  vague: Record<string, number>;
}

const tables = new Map<Language, Tables>();

function tablesFor(language: Language): Tables {
  let t = tables.get(language);
  if (!t) {
    const vocabulary = vocabularyOf(language);
    const folded = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).map(([k, n]) => [fold(k), n]));
    t = { months: folded(vocabulary.duration.months), numbers: folded(vocabulary.numbers), units: folded(vocabulary.duration.units), vague: folded(vocabulary.duration.vague) };
    tables.set(language, t);
  }
  return t;
}

export function findDuration(text: string, language: Language, now: Date): Duration | undefined {
  const v = vocabularyOf(language).duration;
  const { months, numbers, units, vague: vagueDays } = tablesFor(language);
  const folded = fold(text);
  // Offsets of the folded text match the original when folding kept the length (it does for accents).
  const source = folded.length === text.length ? text : folded;
  const span = (m: RegExpMatchArray) => source.slice(m.index ?? 0, (m.index ?? 0) + m[0].length).trim();
  const p = patternsFor(language, v, numbers);

  const isoDate = folded.match(/(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/);
  if (isoDate) {
    const [y, m, d] = isoDate.slice(1).map(Number);
    if (m >= 1 && m <= 12 && d >= 1 && d <= lastDay(y, m)) return { kind: 'until', date: iso(y, m, d), text: span(isoDate) };
  }
  // 31.03.2027, 31/03/2027 (day first outside English); 03/31/2027 in English.
  const numeric = folded.match(/(?<![\d.\/])(\d{1,2})[./](\d{1,2})[./](\d{4})(?![\d.\/])/);
  if (numeric) {
    const [a, b, y] = numeric.slice(1).map(Number);
    const [d, m] = language === 'en' && a <= 12 ? [b, a] : [a, b];
    if (m >= 1 && m <= 12 && d >= 1 && d <= lastDay(y, m)) return { kind: 'until', date: iso(y, m, d), text: span(numeric) };
  }
  const monthDay = folded.match(p.monthDay);
  if (monthDay) {
    const date = nextDate(now, months[monthDay[1]], Number(monthDay[2]), monthDay[3] ? Number(monthDay[3]) : undefined);
    if (date) return { kind: 'until', date, text: span(monthDay) };
  }
  const dayMonth = folded.match(p.dayMonth);
  if (dayMonth) {
    const date = nextDate(now, months[dayMonth[2]], Number(dayMonth[1]), dayMonth[3] ? Number(dayMonth[3]) : undefined);
    if (date) return { kind: 'until', date, text: span(dayMonth) };
  }
  const month = folded.match(p.month);
  if (month) {
    const date = nextDate(now, months[month[2]], 'end', month[3] ? Number(month[3]) : undefined);
    if (date) return { kind: 'until', date, text: span(month) };
  }
  const endOfYear = folded.match(p.endOfYear);
  if (endOfYear) return { kind: 'until', date: iso(now.getUTCFullYear(), 12, 31), text: span(endOfYear) };

  const vague = folded.match(p.vague);
  if (vague) return { kind: 'vague', days: vagueDays[vague[1].replace(/[\s']+/g, ' ')] ?? 30, text: span(vague) };
  const days = folded.match(p.days);
  if (days) {
    const n = /^\d+$/.test(days[1]) ? Number(days[1]) : numbers[days[1]];
    if (n > 0) return { kind: 'days', days: n * units[days[2]], text: span(days) };
  }
  return undefined;
}
