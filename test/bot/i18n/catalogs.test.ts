/**
 * The message catalogs (locales/*.json): same keys everywhere, every message valid ICU with the same
 * arguments in every language, UTF-8, and no catalog text that ICU would mangle (ASCII apostrophe before a brace).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isStructurallySame, parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { CATALOGS, LANGUAGES, messagesFor } from '../../../src/bot/i18n';
import { BOT_COMMANDS } from '../../../src/bot/command-list';

const ROOT = join(__dirname, '../../..');
const en = CATALOGS.en;

/** A value for every argument of a parsed message, so it can be formatted (plural/number → 3, select → its first option). */
function sampleValues(ast: MessageFormatElement[], values: Record<string, string | number> = {}): Record<string, string | number> {
  for (const el of ast) {
    if (el.type === TYPE.argument) values[el.value] ??= 'x';
    if (el.type === TYPE.number || el.type === TYPE.plural) values[el.value] = 3;
    if (el.type === TYPE.select) {
      values[el.value] ??= Object.keys(el.options).find((o) => o !== 'other') ?? 'other';
      for (const option of Object.values(el.options)) sampleValues(option.value, values);
    }
    if (el.type === TYPE.plural) for (const option of Object.values(el.options)) sampleValues(option.value, values);
    if (el.type === TYPE.date || el.type === TYPE.time) values[el.value] = Date.UTC(2026, 0, 31) as unknown as number;
  }
  return values;
}

describe('i18n: message catalogs', () => {
  it('are UTF-8 JSON files with flat dotted keys and string values', () => {
    for (const language of LANGUAGES) {
      const raw = readFileSync(join(ROOT, 'locales', `${language}.json`));
      const text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
      assert.ok(!text.includes('\uFFFD'), `${language}.json has a replacement character`);
      const parsed = JSON.parse(text) as Record<string, unknown>;
      for (const [key, value] of Object.entries(parsed)) {
        assert.match(key, /^[a-z0-9]+(?:[.-][a-z0-9]+)+$/, `${language}: key "${key}"`);
        assert.equal(typeof value, 'string', `${language}: ${key}`);
      }
    }
  });

  it('all four have exactly the same keys', () => {
    const keys = Object.keys(en).sort();
    for (const language of LANGUAGES) assert.deepEqual(Object.keys(CATALOGS[language]).sort(), keys, `${language} keys differ from en`);
  });

  it('every message parses as ICU, has the same arguments as English, and formats with sample values', () => {
    for (const [key, english] of Object.entries(en)) {
      const enAst = parse(english);
      const values = sampleValues(enAst);
      for (const language of LANGUAGES) {
        const message = CATALOGS[language][key];
        let ast: MessageFormatElement[];
        assert.doesNotThrow(() => (ast = parse(message)), `${language} ${key} does not parse`);
        const same = isStructurallySame(enAst, ast!);
        assert.ok(same.success, `${language} ${key}: ${same.success ? '' : same.error?.message}`);
        const text = messagesFor(language).t(key as never, values);
        assert.ok(text.length > 0 && !text.includes('{') && text !== key, `${language} ${key} formats to "${text}"`);
      }
    }
  });

  it('has no ASCII apostrophe where ICU would swallow it, and no markup (Teams markup goes in as values)', () => {
    for (const language of LANGUAGES) {
      for (const [key, message] of Object.entries(CATALOGS[language])) {
        assert.ok(!/'[{}#|]/.test(message), `${language} ${key}: "'" before a syntax character quotes it; write ’`);
        assert.ok(!/<\/?[a-z]+>/i.test(message), `${language} ${key}: tags are parsed as rich text`);
        // French and Spanish texts use the typographic apostrophe throughout (the ICU pitfall above).
        if (language === 'fr' || language === 'es') assert.ok(!message.includes("'"), `${language} ${key}: write ’ not '`);
      }
    }
  });

  it('is really translated: a German, French or Spanish text equals English only for names and symbols', () => {
    const names = /^[\s{}\w#,.:()·→+×|/‹›-]*$/u; // product names, plan tiers, "{tier} ({products})" and the like
    for (const language of ['de', 'fr', 'es'] as const) {
      const same = Object.keys(en).filter((k) => CATALOGS[language][k] === en[k] && !names.test(en[k].replace(/\{[^{}]*\}/g, '')) );
      const allowed = same.filter((k) => /^(feature|tier|workload|capability|diff\.capability|help\.title|refusal\.product-item)/.test(k));
      assert.deepEqual(same.filter((k) => !allowed.includes(k)), [], `${language}: untranslated`);
    }
  });

  it('English help texts are the manifest command descriptions (BOT_COMMANDS), word for word', () => {
    const m = messagesFor('en');
    const keyOf: Record<string, string> = {
      'my license': 'command.my-license.description',
      'what license do I have': 'command.what-license.description',
      license: 'command.license.description',
      request: 'command.request.description',
      requests: 'command.requests.description',
      cancel: 'command.cancel.description',
      report: 'command.report.description',
      budget: 'command.budget.description',
      help: 'command.help.description',
    };
    for (const c of BOT_COMMANDS) assert.equal(m.t(keyOf[c.title] as never), c.description, c.title);
  });
});
