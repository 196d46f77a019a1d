import assert from 'node:assert/strict';
import { USERS, startHarness, type Harness } from '../helpers/bot-harness';

describe('product typeahead over HTTP (application/search)', function () {
  this.timeout(20_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.close());

  const search = (value: unknown, fields: Record<string, unknown> = {}) =>
    h.post(h.message(USERS.adele, '', { type: 'invoke', name: 'application/search', value, ...fields }));

  it('finds the tenant’s products by words of their name or part number, with free seats', async () => {
    const { status, body } = await search({ queryText: 'e3', dataset: 'licenseDesk.products', queryOptions: { skip: 0, top: 15 } });
    assert.equal(status, 200);
    assert.equal(body.type, 'application/vnd.microsoft.search.searchResponse');
    const results = body.value.results as Array<{ title: string; value: string }>;
    assert.deepEqual(results.map((r) => r.value), ['SPE_E3']);
    assert.match(results[0].title, /^Microsoft 365 E3 \(\d+ free\)$/);
    const german = await search({ queryText: 'e3', dataset: 'licenseDesk.products' }, { locale: 'de-DE' });
    assert.match(german.body.value.results[0].title, /^Microsoft 365 E3 \(\d+ frei\)$/);

    const exchange = (await search({ queryText: 'exchange', dataset: 'licenseDesk.products' })).body.value.results.map((r: any) => r.value);
    assert.ok(exchange.includes('EXCHANGESTANDARD') && exchange.includes('EXCHANGEDESKLESS'), exchange.join());
    const byPart = (await search({ queryText: 'spe', dataset: 'licenseDesk.products' })).body.value.results.map((r: any) => r.value);
    assert.deepEqual(byPart.sort(), ['SPE_E3', 'SPE_E5']);
  });

  it('lists products for an empty query and pages with skip/top, never more than 15', async () => {
    const all = (await search({ queryText: '', dataset: 'licenseDesk.products' })).body.value.results;
    assert.ok(all.length >= 10 && all.length <= 15, String(all.length));
    const page = (await search({ queryText: '', dataset: 'licenseDesk.products', queryOptions: { skip: 2, top: 3 } })).body.value.results;
    assert.deepEqual(page, all.slice(2, 5));
    const none = await search({ queryText: 'no such product zzz', dataset: 'licenseDesk.products' });
    assert.deepEqual(none.body.value.results, []);
  });

  it('refuses unknown datasets and malformed searches with a 400', async () => {
    assert.equal((await search({ queryText: 'e3', dataset: 'npm' })).status, 400);
    assert.equal((await search({ queryText: 42 })).status, 400);
    assert.equal((await search(undefined)).status, 400);
  });

  it('answers no other tenant', async () => {
    const other = { conversation: { id: 'a:x', conversationType: 'personal', tenantId: 'ffffffff-0000-0000-0000-000000000000' }, channelData: { tenant: { id: 'ffffffff-0000-0000-0000-000000000000' } } };
    assert.equal((await search({ queryText: 'e3', dataset: 'licenseDesk.products' }, other)).status, 403);
  });
});
