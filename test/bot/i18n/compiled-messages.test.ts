/**
 * messagesFor(…).t compiles each message once instead of going through intl.formatMessage on every call: it must
 * give exactly what formatMessage gives, for every message of every catalog, with every select option and with
 * plural counts that hit each plural category; and a missing value still falls back the way formatMessage does.
 */
import assert from 'node:assert/strict';
import { createIntl, createIntlCache } from '@formatjs/intl';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { CATALOGS, LANGUAGES, messagesFor, type MessageKey } from '../../../src/bot/i18n';
import { onMissingTranslation } from '../../../src/bot/i18n/messages';

type Values = Record<string, string | number>;

/** Value sets that together visit each select option and several plural/number values. */
function variants(ast: MessageFormatElement[]): Values[] {
  const choices = new Map<string, Array<string | number>>();
  const walk = (els: MessageFormatElement[]) => {
    for (const el of els) {
      // Plain placeholders get text and numbers (t() joins those itself, as intl-messageformat would).
      if (el.type === TYPE.argument && !choices.has(el.value)) choices.set(el.value, ['Adele <b>${x}</b> & "Co"', 0, 1234.5, '']);
      if (el.type === TYPE.number || el.type === TYPE.plural) choices.set(el.value, [0, 1, 2, 5, 21, 1234.5]);
      if (el.type === TYPE.select) {
        choices.set(el.value, [...new Set([...(choices.get(el.value) ?? []).filter((v) => typeof v === 'string' && v in el.options), ...Object.keys(el.options)])]);
        for (const option of Object.values(el.options)) walk(option.value);
      }
      if (el.type === TYPE.plural) for (const option of Object.values(el.options)) walk(option.value);
    }
  };
  walk(ast);
  const names = [...choices.keys()];
  const longest = Math.max(1, ...names.map((n) => choices.get(n)!.length));
  return Array.from({ length: longest }, (_, i) => Object.fromEntries(names.map((n) => [n, choices.get(n)![i % choices.get(n)!.length]])));
}

describe('i18n: compiled messages', () => {
  for (const language of LANGUAGES) {
    it(`${language}: t() equals intl.formatMessage for every message and value variant`, () => {
      const reference = createIntl({ locale: language, defaultLocale: 'en', messages: CATALOGS[language], timeZone: 'UTC', onError: () => undefined }, createIntlCache());
      const m = messagesFor(language);
      let checked = 0;
      for (const [key, message] of Object.entries(CATALOGS[language])) {
        for (const values of variants(parse(message))) {
          // Twice: the first call compiles, the second uses the compiled formatter.
          for (let i = 0; i < 2; i++) assert.equal(m.t(key as MessageKey, values), reference.formatMessage({ id: key }, values), `${language} ${key} ${JSON.stringify(values)}`);
          checked++;
        }
      }
      assert.ok(checked > Object.keys(CATALOGS[language]).length);
    });
  }

  it("a message without placeholders is kept as its text (messages.ts reads the parser's TYPE.literal as 0)", () => {
    assert.equal(TYPE.literal, 0);
    for (const language of LANGUAGES) {
      const literal = Object.entries(CATALOGS[language]).filter(([, message]) => {
        const ast = parse(message);
        return ast.length === 1 && ast[0].type === TYPE.literal;
      });
      assert.ok(literal.length > 10, `${language}: messages without placeholders`);
      const m = messagesFor(language);
      for (const [key, message] of literal) assert.equal(m.t(key as MessageKey), (parse(message)[0] as { value: string }).value, `${language} ${key}`);
    }
  });

  it('a missing value falls back as formatMessage does', () => {
    const key = Object.entries(CATALOGS.en).find(([, message]) => parse(message).some((el) => el.type === TYPE.argument))![0] as MessageKey;
    const reference = createIntl({ locale: 'en', defaultLocale: 'en', messages: CATALOGS.en, timeZone: 'UTC', onError: () => undefined }, createIntlCache());
    const warnings: string[] = [];
    onMissingTranslation((message) => warnings.push(message));
    try {
      assert.equal(messagesFor('en').t(key, {}), reference.formatMessage({ id: key }, {}));
    } finally {
      onMissingTranslation((message) => process.emitWarning(message, 'MissingTranslation'));
    }
    assert.equal(warnings.length, 1, 'reported once, as formatMessage reports it');
  });
});
