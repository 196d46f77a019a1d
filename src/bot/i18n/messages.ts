/**
 * One formatter per language, built once and cached: the answer path formats dozens of strings per card, so no
 * Intl object is ever constructed per message (formatjs memoises compiled messages in the shared cache).
 */
import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import { CATALOGS, type MessageKey } from './catalogs';
import { localeOf, type Language } from './locale';

export type MessageValues = Record<string, string | number>;

/**
 * Date shapes the cards use. English keeps the exact forms it has always shown (ISO-like, UTC), which tests and
 * users rely on; the other languages get their locale's medium date, always in UTC (the text says so).
 */
export type DateStyle = 'day' | 'date' | 'isoDate' | 'dateTime' | 'time';

export interface Messages {
  readonly language: Language;
  t(key: MessageKey, values?: MessageValues): string;
  /** True when `key` exists: for keys computed from data (tier names, feature ids). */
  has(key: string): key is MessageKey;
  number(value: number, options?: Intl.NumberFormatOptions): string;
  /** An amount in the price list's currency (never the locale's), e.g. $6.00 / 6,00 $. */
  money(amount: number, currency: string): string;
  /** A monthly change with its sign: "+30.00 USD" in English (as always), "+30,00 $" in German. */
  signedMoney(amount: number, currency: string): string;
  date(value: Date | string, style: DateStyle): string;
  /** "A, B, C" in English (as the cards always joined), "A, B und C" in German. */
  list(items: readonly string[]): string;
}

type MessageFormat = ReturnType<IntlShape<string>['formatters']['getMessageFormat']>;

interface CompiledMessage {
  format: MessageFormat;
  /** No placeholders: the text. */
  text?: string;
  /** Only text and plain `{value}` placeholders: the parts (a string, or the name of a value). */
  parts?: Array<string | { value: string }>;
}

/** The message parser's TYPE.literal and TYPE.argument (a devDependency of ours: not imported at run time). */
const LITERAL = 0;
const ARGUMENT = 1;

function compile(format: MessageFormat): CompiledMessage {
  const ast = format.getAst() as unknown as Array<{ type: number; value: string }>;
  if (ast.length === 0) return { format, text: '' };
  if (ast.length === 1 && ast[0].type === LITERAL) return { format, text: ast[0].value };
  if (ast.every((el) => el.type === LITERAL || el.type === ARGUMENT)) return { format, parts: ast.map((el) => (el.type === LITERAL ? el.value : { value: el.value })) };
  return { format };
}

/** What intl-messageformat gives for text and plain placeholders with string or number values; undefined for anything
 * else (a missing value, another kind of value), which the formatter handles as it always has. */
function joinParts(parts: NonNullable<CompiledMessage['parts']>, values: MessageValues | undefined): string | undefined {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    if (!values || !(part.value in values)) return undefined;
    const value: unknown = values[part.value];
    if (typeof value === 'string') out += value;
    else if (typeof value === 'number') out += String(value);
    else return undefined;
  }
  return out;
}

const cache = createIntlCache();
const built = new Map<Language, Messages>();
const byTag = new Map<string, Messages>();
const reportedMissing = new Set<string>();
let warn: (message: string) => void = (message) => process.emitWarning(message, 'MissingTranslation');

/** Where "missing translation" goes (the composition root may pass the logger; default: a process warning). */
export function onMissingTranslation(report: (message: string) => void): void {
  warn = report;
}

function intlFor(language: Language): IntlShape<string> {
  return createIntl(
    {
      locale: language,
      defaultLocale: 'en',
      messages: CATALOGS[language],
      timeZone: 'UTC',
      // A message that does not format is a bug the catalog tests catch; never crash a reply over it.
      onError: (error) => warn(`i18n ${language}: ${error.message}`),
    },
    cache,
  );
}

const ENGLISH_DATES: Record<DateStyle, (d: Date) => string> = {
  day: (d) => d.toUTCString().slice(5, 16),
  date: (d) => d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
  isoDate: (d) => d.toISOString().slice(0, 10),
  dateTime: (d) => `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)}`,
  time: (d) => d.toISOString().slice(11, 16),
};

function build(language: Language): Messages {
  const intl = intlFor(language);
  const english = language === 'en' ? intl : messagesFor('en');
  const catalog = CATALOGS[language];
  const day = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' });
  const dayTime = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  const time = new Intl.DateTimeFormat(language, { timeStyle: 'short', timeZone: 'UTC' });
  const list = new Intl.ListFormat(language, { type: 'unit', style: 'short' });
  const moneyFormats = new Map<string, { plain: Intl.NumberFormat; signed: Intl.NumberFormat } | null>();
  const moneyFormat = (currency: string) => {
    if (!moneyFormats.has(currency)) {
      try {
        const options = { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 } as const;
        moneyFormats.set(currency, { plain: new Intl.NumberFormat(language, options), signed: new Intl.NumberFormat(language, { ...options, signDisplay: 'exceptZero' }) });
      } catch {
        moneyFormats.set(currency, null); // not an ISO 4217 code: fall back to "12.00 XYZ"
      }
    }
    return moneyFormats.get(currency)!;
  };
  const has = (key: string): key is MessageKey => Object.prototype.hasOwnProperty.call(CATALOGS.en, key);
  // Each message compiled once into what it needs: its text when it has no placeholders (most of a card's headings and
  // names); its parts when it only puts values in place ("{tier} ({sku})"), joined here; otherwise the formatter
  // intl.formatMessage would build (same message, locale, formatters; the catalogs use no named date/time formats, so
  // the UTC merge of those changes nothing). formatMessage re-merged the formats and JSON-keyed its memo cache on every
  // call, and intl-messageformat builds, merges and joins a list of parts for every message, dozens per card.
  const compiled = new Map<string, CompiledMessage>();
  const messages: Messages = {
    language,
    has,
    t(key, values) {
      if (!Object.prototype.hasOwnProperty.call(catalog, key)) {
        if (!reportedMissing.has(`${language}:${key}`)) {
          reportedMissing.add(`${language}:${key}`);
          warn(`i18n ${language}: no message "${key}"; using English`);
        }
        return language === 'en' ? key : (english as Messages).t(key, values);
      }
      let message = compiled.get(key);
      if (message === undefined) {
        try {
          message = compile(intl.formatters.getMessageFormat(catalog[key], language, undefined, { formatters: intl.formatters }));
        } catch {
          // A message that does not parse: formatMessage reports it and falls back, every time.
          return intl.formatMessage({ id: key }, values);
        }
        compiled.set(key, message);
      }
      if (message.text !== undefined) return message.text;
      if (message.parts) {
        const joined = joinParts(message.parts, values);
        if (joined !== undefined) return joined;
      }
      try {
        return message.format.format(values) as string;
      } catch {
        // A missing or wrong value: formatMessage reports it (onError) and falls back as it always did.
        return intl.formatMessage({ id: key }, values);
      }
    },
    number: (value, options) => intl.formatNumber(value, options),
    money(amount, currency) {
      const f = moneyFormat(currency);
      return f ? f.plain.format(amount) : `${amount.toFixed(2)} ${currency}`;
    },
    signedMoney(amount, currency) {
      if (language === 'en' || !moneyFormat(currency)) {
        const sign = amount > 0 ? '+' : amount < 0 ? '−' : '±';
        return `${sign}${Math.abs(amount).toFixed(2)} ${currency}`;
      }
      return moneyFormat(currency)!.signed.format(amount).replace('-', '−');
    },
    date(value, style) {
      const d = typeof value === 'string' ? new Date(value) : value;
      if (Number.isNaN(d.getTime())) return String(value);
      if (language === 'en') return ENGLISH_DATES[style](d);
      return style === 'dateTime' ? dayTime.format(d) : style === 'time' ? time.format(d) : day.format(d);
    },
    list: (items) => (items.length === 0 ? '' : list.format(items)),
  };
  return messages;
}

/** The cached formatter for a language (or for any Teams locale tag: de-DE → de, ja-JP → en). */
export function messagesFor(locale: Language | string | null | undefined): Messages {
  const tagged = typeof locale === 'string' ? byTag.get(locale) : undefined;
  if (tagged) return tagged;
  const language = localeOf(locale);
  let m = built.get(language);
  if (!m) {
    m = build(language);
    built.set(language, m);
  }
  if (typeof locale === 'string') {
    // Every turn asks with the client's tag (en-US, de-DE…): canonicalising it is not free, so remember a few.
    if (byTag.size >= 200) byTag.clear();
    byTag.set(locale, m);
  }
  return m;
}
