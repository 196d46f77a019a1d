/** Tenant scans: several pages, absolute nextLinks (as Graph sends them), lazy consumption, the signInActivity cap. */
import assert from 'node:assert/strict';
import { bigFixture, demoRequests, SKU, startDemoWithGateway, type DemoAndGateway } from '../helpers/demo-tenant';

describe('Graph gateway ↔ demo tenant: paging', () => {
  let t: DemoAndGateway;
  before(async () => {
    t = await startDemoWithGateway(bigFixture(2_500));
  });
  after(async () => t.close());

  it('scans 2,514 users in pages of 999 following absolute @odata.nextLinks', async () => {
    const before = (await demoRequests(t.demo)).count;
    const ids = new Set<string>();
    let licensed = 0;
    for await (const user of t.graph.scanUsers()) {
      ids.add(user.id);
      if (user.assignedLicenses.length > 0) licensed++;
      assert.ok(Array.isArray(user.licenseAssignmentStates));
    }
    assert.equal(ids.size, 2_514);
    assert.equal(licensed, 1_250 + 12, 'every second generated user + the licensed Contoso users');
    const log = await demoRequests(t.demo);
    assert.equal(log.count - before, 3, '999 + 999 + 516');
    const pages = log.recent.slice(-3).map((r) => r.path);
    assert.match(pages[0], /^\/v1\.0\/users\?\$select=.*&\$top=999$/);
    assert.match(pages[1], /\$skiptoken=/);
    assert.match(pages[2], /\$skiptoken=/);
  });

  it('fetches a page only when the consumer gets there (one page in memory)', async () => {
    const before = (await demoRequests(t.demo)).count;
    let seen = 0;
    for await (const user of t.graph.scanUsers({ pageSize: 100 })) {
      assert.ok(user.id);
      seen++;
      if (seen === 150) break;
    }
    assert.equal((await demoRequests(t.demo)).count - before, 2, 'pages 1 and 2 only');
  });

  it('small pages, a $filter and a custom $select', async () => {
    const before = (await demoRequests(t.demo)).count;
    const upns: string[] = [];
    for await (const user of t.graph.scanUsers({ pageSize: 250, filter: `assignedLicenses/any(x:x/skuId eq ${SKU.BUSINESS_BASIC})`, select: ['userPrincipalName', 'signInActivity'] })) {
      upns.push(user.userPrincipalName!);
      assert.deepEqual(user.assignedLicenses, [], 'not selected');
      assert.ok('signInActivity' in user);
    }
    assert.equal(upns.length, 1_250 + 2);
    // signInActivity selected: Graph's 120-per-page cap wins over the 250 asked for (1,252 / 120 → 11 pages).
    const log = await demoRequests(t.demo);
    assert.equal(log.count - before, 11);
    assert.match(log.recent[log.recent.length - 11].path, /\$top=120/);
  });

  it('refuses a page size Graph would refuse', async () => {
    await assert.rejects(async () => {
      for await (const _ of t.graph.scanUsers({ pageSize: 1000 })) break;
    }, RangeError);
  });

  it('an empty result is one request and no items', async () => {
    const found: unknown[] = [];
    for await (const user of t.graph.scanUsers({ filter: "userPrincipalName eq 'nobody@contoso.example'" })) found.push(user);
    assert.deepEqual(found, []);
  });
});
