/**
 * Every catalog key is used, and every key the code or the domain names exists. Keys are found as string
 * literals in src/ ("license.title.self", messageFrom(m, 'message.not-yours') for its .title/.text,
 * phrase('diff.mailbox-lost')); keys made from data (tier.*, workload.*, capability.*, feature.*,
 * graph.reason.*) are checked against the data they come from.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOGS, messagesFor, phraseText, tierName, workloadName } from '../../../src/bot/i18n';
import { plainReason } from '../../../src/graph/errors';
import { vocabulary, WORKLOAD_ORDER } from '../../../src/licensing/capabilities';
import { FEATURE_IDS } from '../../../src/licensing/feature-ids';

const ROOT = join(__dirname, '../../..');
const keys = new Set(Object.keys(CATALOGS.en));
const namespaces = new Set([...keys].map((k) => k.split('.')[0]));
/** Families whose keys are built from data; each is checked below against its source. */
const DATA_FAMILIES = ['tier.', 'workload.', 'capability.', 'feature.', 'graph.reason.'];

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, ext) : ext.test(name) ? [path] : [];
  });
}

const sources = files(join(ROOT, 'src'), /\.ts$/).map((f) => readFileSync(f, 'utf8'));
/** Only the bot renders text; elsewhere keys appear as phrase('…') codes and notification keys. */
const botSources = files(join(ROOT, 'src/bot'), /\.ts$/).map((f) => readFileSync(f, 'utf8'));
const domainSources = files(join(ROOT, 'src'), /\.ts$/).filter((f) => !f.includes('/src/bot/')).map((f) => readFileSync(f, 'utf8'));
/** Card action verbs look like keys ("request.approve") but are not. */
const verbs = new Set<string>();
for (const card of files(join(ROOT, 'cards'), /\.json$/)) for (const m of readFileSync(card, 'utf8').matchAll(/"verb":\s*"([^"$]+)"/g)) verbs.add(m[1]);
for (const src of sources) for (const m of src.matchAll(/(?:verb\s*[!=]==\s*|case\s+|verbs?:\s*|REPORT_VERBS = \[)'([a-z]+\.[a-zA-Z.]+)'/g)) verbs.add(m[1]);
verbs.add('report.link');

const literals = new Set<string>();
const KEY = /['`]([a-z][a-z0-9]*(?:\.[a-z0-9-]+)+)['`]/g;
for (const src of botSources) {
  for (const m of src.matchAll(KEY)) if (namespaces.has(m[1].split('.')[0]) && !verbs.has(m[1]) && !/\.(ts|json|csv|js)$/.test(m[1])) literals.add(m[1]);
}
for (const src of domainSources) {
  for (const m of src.matchAll(/phrase\(\s*'([^']+)'/g)) literals.add(m[1]);
  for (const m of src.matchAll(/'(notify\.[a-z.-]+)'/g)) literals.add(m[1]);
  for (const m of src.matchAll(/\['[a-zA-Z]+', '[^']+', '([a-z]+\.[a-z.-]+)'\]/g)) literals.add(m[1]); // diff's label table
}
const isBase = (literal: string) => keys.has(`${literal}.title`) && keys.has(`${literal}.text`);

describe('i18n: keys used in the code', () => {
  it('every key-like literal in src/ exists in the catalog (a message base has .title and .text)', () => {
    const missing = [...literals].filter((l) => !keys.has(l) && !isBase(l) && !DATA_FAMILIES.some((f) => `${l}.`.startsWith(f)));
    assert.deepEqual(missing, []);
  });

  it('every catalog key is used', () => {
    const used = (key: string) =>
      literals.has(key) ||
      literals.has(key.replace(/\.(title|text)$/, '')) ||
      DATA_FAMILIES.some((f) => key.startsWith(f));
    assert.deepEqual([...keys].filter((k) => !used(k)), []);
  });

  it('feature.<id> names exactly the ids of src/licensing/feature-ids.ts', () => {
    const features = [...keys].filter((k) => k.startsWith('feature.')).map((k) => k.slice('feature.'.length)).sort();
    assert.deepEqual(features, [...FEATURE_IDS].sort());
  });

  it('every workload, tier and capability phrase of the licensing table has a key, and English reads as the domain says', () => {
    const en = messagesFor('en');
    const want = new Set<string>();
    for (const w of WORKLOAD_ORDER) {
      assert.equal(workloadName(en, w), w);
      want.add(`workload.${w.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`);
    }
    const { tiers, givePhrases } = vocabulary();
    for (const tier of tiers) {
      const key = `tier.${tier.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
      assert.ok(keys.has(key), `no ${key} for "${tier}"`);
      assert.equal(tierName(en, tier), tier);
      want.add(key);
    }
    for (const p of givePhrases) {
      assert.ok(keys.has(p.code), `no ${p.code}`);
      want.add(p.code);
    }
    const family = (prefix: string) => [...keys].filter((k) => k.startsWith(prefix));
    const literalCapabilities = family('capability.').filter((k) => literals.has(k));
    assert.deepEqual(family('workload.').filter((k) => !want.has(k)), [], 'unused workload keys');
    assert.deepEqual(family('tier.').filter((k) => !want.has(k)), [], 'unused tier keys');
    assert.deepEqual(family('capability.').filter((k) => !want.has(k) && !literalCapabilities.includes(k)), [], 'unused capability keys');
    // The English catalog reproduces the domain's own text for every phrase.
    assert.ok(phraseText(en, givePhrases[0], 'x') !== 'x');
  });

  it('graph.reason.<kind> is Graph’s plain reason, word for word in English, for every kind', () => {
    const en = messagesFor('en');
    const kinds = [...keys].filter((k) => k.startsWith('graph.reason.')).map((k) => k.slice('graph.reason.'.length));
    for (const kind of kinds) assert.equal(en.t(`graph.reason.${kind}` as never), plainReason(kind as never), kind);
    for (const kind of ['no-free-seats', 'usage-location', 'inherited-from-group', 'mutually-exclusive', 'invalid-sku', 'dependency', 'not-assigned', 'not-found', 'throttled', 'unauthorized', 'forbidden', 'bad-request', 'server', 'network']) {
      assert.ok(kinds.includes(kind), kind);
    }
  });

  it('card templates take every text from the view model (no English literal left in cards/)', () => {
    for (const card of files(join(ROOT, 'cards'), /\.json$/)) {
      const json = JSON.parse(readFileSync(card, 'utf8'));
      const texts: string[] = [];
      const walk = (node: unknown, key = ''): void => {
        if (Array.isArray(node)) return node.forEach((n) => walk(n, key));
        if (node && typeof node === 'object') return Object.entries(node).forEach(([k, v]) => walk(v, k));
        if (typeof node === 'string' && ['text', 'title', 'label', 'placeholder', 'errorMessage', 'fallbackText'].includes(key)) texts.push(node);
      };
      walk(json);
      for (const text of texts) assert.match(text.replace(/\$\{[^}]*\}/g, ''), /^[\s*•⚠ⓘ+−·:]*$/u, `${card}: literal "${text}"`);
    }
  });
});
