import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusOf } from '../../src/conversation/corpus';
import { fold } from '../../src/conversation/entities/text';
import { PRODUCT_ALIASES } from '../../src/conversation/entities/products';
import { INTENT_IDS, LANGUAGES } from '../../src/conversation/types';
import { vocabularyOf } from '../../src/conversation/vocabulary';
import { FEATURE_IDS } from '../../src/licensing/feature-ids';
import { Catalog } from '../../src/licensing/catalog';

// What makes two utterances "the same" for NLP.js: case, accents, punctuation and spacing do not count.
const normalise = (s: string) => fold(s).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

describe('conversation/data', () => {
  it('has at least 25 training utterances for every intent in every language', () => {
    for (const language of LANGUAGES) {
      const corpus = corpusOf(language);
      for (const intent of INTENT_IDS) assert.ok((corpus[intent]?.length ?? 0) >= 25, `${language} ${intent}: ${corpus[intent]?.length ?? 0}`);
    }
  });

  it('never trains one sentence under two intents', () => {
    for (const language of LANGUAGES) {
      const seen = new Map<string, string>();
      for (const [intent, utterances] of Object.entries(corpusOf(language))) {
        for (const u of utterances ?? []) {
          const key = normalise(u);
          const other = seen.get(key);
          assert.ok(!other || other === intent, `${language}: "${u}" in ${other} and ${intent}`);
          seen.set(key, intent);
        }
      }
    }
  });

  it('keeps the evaluation set out of the training corpus (held out)', () => {
    let items = 0;
    for (const language of LANGUAGES) {
      const evalSet = JSON.parse(readFileSync(join(__dirname, '../../bench/understanding', `eval.${language}.json`), 'utf8')) as { items: Array<{ text: string; intent: string }> };
      const trained = new Set(Object.values(corpusOf(language)).flatMap((us) => (us ?? []).map(normalise)));
      assert.ok(evalSet.items.length >= 75, `${language}: ${evalSet.items.length} evaluation items`);
      for (const item of evalSet.items) {
        assert.ok(!trained.has(normalise(item.text)), `${language}: "${item.text}" is also a training utterance`);
        assert.ok((INTENT_IDS as readonly string[]).includes(item.intent), `${language}: unknown intent ${item.intent}`);
      }
      const covered = new Set(evalSet.items.map((i) => i.intent));
      for (const intent of INTENT_IDS) assert.ok(covered.has(intent), `${language}: no evaluation item for ${intent}`);
      items += evalSet.items.length;
    }
    assert.ok(items >= 300, `${items} evaluation items`);
  });

  it('maps every alias to part numbers that exist in the bundled catalog', () => {
    const catalog = Catalog.bundled();
    const names = new Map<string, string>();
    for (const alias of PRODUCT_ALIASES) {
      assert.ok(alias.skus.length > 0 && alias.names.length > 0);
      for (const sku of alias.skus) assert.ok(catalog.skusByPartNumber(sku).length > 0, `${alias.names[0]} → ${sku} is not in the catalog`);
      for (const name of alias.names) {
        const key = normalise(name);
        assert.ok(!names.has(key), `alias "${name}" listed twice`);
        names.set(key, alias.skus[0]);
      }
    }
    // The preference order the bot relies on.
    assert.equal(names.get('e3'), 'SPE_E3');
    assert.equal(names.get('business standard'), 'O365_BUSINESS_PREMIUM');
    assert.equal(names.get('f3'), 'SPE_F1');
  });

  it('uses only the licensing feature ids, and has words for each of them in every language', () => {
    for (const language of LANGUAGES) {
      const vocabulary = vocabularyOf(language);
      for (const id of Object.keys(vocabulary.features)) assert.ok((FEATURE_IDS as readonly string[]).includes(id), `${language}: ${id}`);
      for (const id of FEATURE_IDS) assert.ok((vocabulary.features[id]?.length ?? 0) > 0, `${language}: no words for ${id}`);
    }
  });
});
