/** Every gateway operation against the demo tenant over real HTTP on loopback. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseFilter, evaluateFilter } from '../../src/demo/odata';
import { escapeODataString, splitBaseUrl, userPathSegment } from '../../src/graph/gateway';
import { contosoFixture, demoRequests, GROUP, ORG_ID, SKU, startDemoWithGateway, USER, type DemoAndGateway } from '../helpers/demo-tenant';

describe('Graph gateway ↔ demo tenant: operations', () => {
  let t: DemoAndGateway;
  before(async () => {
    const f = contosoFixture();
    // Edge cases for lookups: an apostrophe in the UPN, a secondary SMTP address, a manager cycle.
    f.users.push(
      { id: 'c0ffee00-0000-4000-8000-000000000001', displayName: "Seán O'Brien", userPrincipalName: "sean.o'brien@contoso.example", mail: "Sean.OBrien@contoso.example", usageLocation: 'IE', accountEnabled: true, assignedLicenses: [], proxyAddresses: ['SMTP:Sean.OBrien@contoso.example', 'smtp:sob+alias@contoso.example'], manager: 'c0ffee00-0000-4000-8000-000000000002' },
      { id: 'c0ffee00-0000-4000-8000-000000000002', displayName: 'Loop A', userPrincipalName: 'loopa@contoso.example', mail: null, accountEnabled: true, assignedLicenses: [], manager: 'c0ffee00-0000-4000-8000-000000000003' },
      { id: 'c0ffee00-0000-4000-8000-000000000003', displayName: 'Loop B', userPrincipalName: 'loopb@contoso.example', mail: null, accountEnabled: true, assignedLicenses: [], manager: 'c0ffee00-0000-4000-8000-000000000002' },
    );
    t = await startDemoWithGateway(f);
  });
  after(async () => t.close());

  it('getUser: one request with identity and license fields, by id or UPN', async () => {
    const before = (await demoRequests(t.demo)).count;
    const patti = await t.graph.getUser(USER.patti);
    const after = (await demoRequests(t.demo)).count;
    assert.equal(after - before, 1, 'exactly one Graph request');
    assert.equal(patti.id, USER.patti);
    assert.equal(patti.displayName, 'Patti Fernandez');
    assert.equal(patti.userPrincipalName, 'PattiF@contoso.example');
    assert.equal(patti.jobTitle, 'President');
    assert.equal(patti.department, 'Executive');
    assert.equal(patti.accountEnabled, true);
    assert.equal(patti.usageLocation, 'US');
    assert.deepEqual(patti.assignedLicenses, [{ skuId: SKU.SPE_E3, disabledPlans: [] }]);
    assert.deepEqual(patti.licenseAssignmentStates.map((s) => s.assignedByGroup), [null, GROUP.operationsE3]);
    assert.ok(patti.assignedPlans.length > 40);
    const recent = (await demoRequests(t.demo)).recent.at(-1)!;
    assert.match(recent.path, /\$select=id,displayName,userPrincipalName,mail,jobTitle,department,accountEnabled,usageLocation,assignedLicenses,licenseAssignmentStates,assignedPlans$/);
    const byUpn = await t.graph.getUser('pattif@contoso.example');
    assert.equal(byUpn.id, USER.patti);
  });

  it('getUser: an unknown user is a typed not-found error with Graph’s code and message kept', async () => {
    await assert.rejects(t.graph.getUser('ghost@contoso.example'), (error: any) => {
      assert.equal(error.name, 'GraphRequestError');
      assert.equal(error.kind, 'not-found');
      assert.equal(error.status, 404);
      assert.equal(error.code, 'Request_ResourceNotFound');
      assert.equal(error.graphMessage, "Resource 'ghost@contoso.example' does not exist or one of its queried reference-property objects are not present.");
      assert.match(error.requestId, /^[0-9a-f-]{36}$/);
      assert.equal(error.plainReason, 'The user (or object) does not exist in the directory.');
      return true;
    });
    const before = (await demoRequests(t.demo)).count;
    await assert.rejects(t.graph.getUser('  '), (error: any) => error.kind === 'not-found');
    assert.equal((await demoRequests(t.demo)).count, before, 'an empty key never becomes GET /users/');
  });

  it('findUser: by id, UPN, mail and secondary proxy address; quotes escaped; null when nobody matches', async () => {
    assert.equal((await t.graph.findUser(USER.lee))?.displayName, 'Lee Gu');
    assert.equal((await t.graph.findUser('  LEEG@contoso.example '))?.id, USER.lee, 'trimmed, case-insensitive');
    assert.equal((await t.graph.findUser('leeg@contoso.example'))?.id, USER.lee);
    assert.equal((await t.graph.findUser("sean.o'brien@contoso.example"))?.displayName, "Seán O'Brien");
    assert.equal((await t.graph.findUser('sean.obrien@contoso.example'))?.id, 'c0ffee00-0000-4000-8000-000000000001', 'by mail');
    assert.equal((await t.graph.findUser('sob+alias@contoso.example'))?.id, 'c0ffee00-0000-4000-8000-000000000001', 'by proxy address, "+" survives');
    assert.equal((await t.graph.findUser('mailto:MeganB@contoso.example'))?.id, USER.megan);
    assert.equal(await t.graph.findUser('nobody@contoso.example'), null);
    assert.equal(await t.graph.findUser('00000000-0000-4000-8000-000000000000'), null);
    assert.equal(await t.graph.findUser("x' or userPrincipalName eq 'AdeleV@contoso.example"), null, 'no filter injection');
  });

  it('getManager, getManagerChain (stops at the top and on cycles), getDirectReports', async () => {
    assert.equal((await t.graph.getManager(USER.lynne))?.displayName, 'Nestor Wilke');
    assert.equal(await t.graph.getManager(USER.diego), null);
    await assert.rejects(t.graph.getManager('00000000-0000-4000-8000-00000000dead'), (e: any) => e.kind === 'not-found');
    const chain = await t.graph.getManagerChain(USER.lynne);
    assert.deepEqual(chain.map((m) => m.displayName), ['Nestor Wilke', 'Diego Siciliani']);
    assert.deepEqual((await t.graph.getManagerChain(USER.lynne, 1)).map((m) => m.id), [USER.nestor]);
    const loop = await t.graph.getManagerChain('c0ffee00-0000-4000-8000-000000000001');
    assert.deepEqual(loop.map((m) => m.displayName), ['Loop A', 'Loop B']);
    const reports = await t.graph.getDirectReports(USER.diego);
    assert.deepEqual(reports.map((r) => r.displayName).sort(), ['Adele Vance', 'Megan Bowen', 'Nestor Wilke']);
    assert.deepEqual(Object.keys(reports[0]).sort(), ['department', 'displayName', 'id', 'jobTitle', 'mail', 'userPrincipalName']);
    assert.deepEqual(await t.graph.getDirectReports(USER.lynne), []);
  });

  it('checkMemberGroups / isMemberOf, chunked by 20 groups per call', async () => {
    assert.deepEqual(await t.graph.checkMemberGroups(USER.patti, [GROUP.approvers, GROUP.operationsE3]), [GROUP.operationsE3]);
    assert.equal(await t.graph.isMemberOf(USER.diego, GROUP.approvers), true);
    assert.equal(await t.graph.isMemberOf(USER.adele, GROUP.approvers), false);
    const many = [...Array.from({ length: 25 }, (_, i) => `aaaaaaaa-0000-4000-8000-${String(i).padStart(12, '0')}`), GROUP.approvers];
    const before = (await demoRequests(t.demo)).count;
    assert.deepEqual(await t.graph.checkMemberGroups(USER.diego, many), [GROUP.approvers]);
    assert.equal((await demoRequests(t.demo)).count - before, 2, '26 groups → 2 calls');
    await assert.rejects(t.graph.isMemberOf('00000000-0000-4000-8000-00000000dead', GROUP.approvers), (e: any) => e.kind === 'not-found');
  });

  it('getSubscribedSkus: consumedUnits, prepaidUnits and service plans, GUIDs lower-case', async () => {
    const skus = await t.graph.getSubscribedSkus({ fresh: true });
    assert.equal(skus.length, 10);
    const e3 = skus.find((s) => s.skuPartNumber === 'SPE_E3')!;
    assert.equal(e3.skuId, SKU.SPE_E3);
    assert.equal(e3.consumedUnits, 5);
    assert.deepEqual(e3.prepaidUnits, { enabled: 25, suspended: 0, warning: 0, lockedOut: 0 });
    assert.ok(e3.servicePlans!.every((p) => p.provisioningStatus === 'Success' && /^[0-9a-f-]{36}$/.test(p.servicePlanId)));
  });

  it('getOrganization', async () => {
    assert.deepEqual(await t.graph.getOrganization(), {
      id: ORG_ID,
      displayName: 'Contoso (demo)',
      countryLetterCode: 'US',
      verifiedDomains: [{ name: 'contoso.example', isDefault: true, isInitial: false }],
    });
  });

  it('getMailboxUsage follows Graph’s 302 to the CSV and parses it by column name', async () => {
    const rows = await t.graph.getMailboxUsage();
    assert.equal(rows.length, 11);
    const pradeep = rows.find((r) => r.userPrincipalName === 'PradeepG@contoso.example')!;
    assert.equal(pradeep.displayName, 'Pradeep Gupta');
    assert.equal(pradeep.storageUsedInBytes, 72_000_000_000);
    assert.equal(pradeep.prohibitSendQuotaInBytes, 99 * 1024 ** 3);
    assert.equal(pradeep.hasArchive, true);
    assert.equal(pradeep.archiveEnabled, true);
    assert.equal(pradeep.litigationHoldEnabled, false);
    assert.equal(pradeep.reportPeriod, 7);
    assert.equal(pradeep.raw['Storage Used (Byte)'], '72000000000');
    const diego = rows.find((r) => r.userPrincipalName === 'DiegoS@contoso.example')!;
    assert.equal(diego.litigationHoldEnabled, true);
    const alex = rows.find((r) => r.userPrincipalName === 'AlexW@contoso.example')!;
    assert.equal(alex.prohibitSendQuotaInBytes, Math.round(49.5 * 1024 ** 3), 'Business Basic → Exchange Plan 1');
  });

  it('getMailboxUsage also reads a CSV served directly (no redirect)', async () => {
    const direct = await startDemoWithGateway(undefined, {}, { reportRedirect: false });
    try {
      const rows = await direct.graph.getMailboxUsage();
      assert.equal(rows.length, 11);
      assert.equal(direct.graph.stats().requests, 1);
    } finally {
      await direct.close();
    }
  });

  it('batchGetUsers: $batch of ≤ 20, unknown ids → null; getGroupNames', async () => {
    const ids = [...Object.values(USER), '00000000-0000-4000-8000-000000000000', 'c0ffee00-0000-4000-8000-000000000001', 'c0ffee00-0000-4000-8000-000000000002', 'c0ffee00-0000-4000-8000-000000000003', USER.adele, ...Array.from({ length: 5 }, (_, i) => `bbbbbbbb-0000-4000-8000-${String(i).padStart(12, '0')}`)];
    const before = await demoRequests(t.demo);
    const users = await t.graph.batchGetUsers(ids);
    const after = await demoRequests(t.demo);
    assert.equal(after.count - before.count, 2, '23 distinct ids → 2 batches');
    assert.ok(after.recent.slice(-2).every((r) => r.method === 'POST' && r.path === '/v1.0/$batch'));
    assert.equal(users.size, 23);
    assert.equal(users.get(USER.patti)?.displayName, 'Patti Fernandez');
    assert.equal(users.get(USER.patti)?.licenseAssignmentStates.length, 2);
    assert.equal(users.get('00000000-0000-4000-8000-000000000000'), null);
    const names = await t.graph.getGroupNames([GROUP.approvers, GROUP.operationsE3, '00000000-0000-4000-8000-00000000beef']);
    assert.deepEqual([...names], [
      [GROUP.approvers, 'License Approvers'],
      [GROUP.operationsE3, 'Operations E3 licensing'],
    ]);
    // Cached like the SKU table: asking again (in any case) costs no Graph request; a new id costs one batch.
    const cachedBefore = await demoRequests(t.demo);
    const again = await t.graph.getGroupNames([GROUP.operationsE3.toUpperCase(), '00000000-0000-4000-8000-00000000beef']);
    assert.deepEqual([...again.values()], ['Operations E3 licensing']);
    assert.equal((await demoRequests(t.demo)).count - cachedBefore.count, 0);
    await t.graph.getGroupNames([GROUP.approvers, 'c0ffee00-0000-4000-8000-0000000000aa']);
    assert.equal((await demoRequests(t.demo)).count - cachedBefore.count, 1);
  });

  it('findUsersByName: display name, first name or address prefix, exact name first, one request', async () => {
    const before = await demoRequests(t.demo);
    const megan = await t.graph.findUsersByName('Megan Bowen');
    assert.equal((await demoRequests(t.demo)).count - before.count, 1);
    assert.deepEqual(megan.map((u) => u.id), [USER.megan]);
    assert.deepEqual((await t.graph.findUsersByName('  megan ')).map((u) => u.displayName), ['Megan Bowen']);
    assert.deepEqual((await t.graph.findUsersByName('PattiF@')).map((u) => u.displayName), ['Patti Fernandez']);
    assert.deepEqual(await t.graph.findUsersByName("O'Nobody"), []);
    assert.deepEqual(await t.graph.findUsersByName('   '), []);
  });

  it('stats count the requests sent', async () => {
    const fresh = await startDemoWithGateway();
    try {
      await fresh.graph.getOrganization();
      await fresh.graph.getUser(USER.adele);
      assert.deepEqual(fresh.graph.stats(), { requests: 2, retries: 0, throttled: 0 });
    } finally {
      await fresh.close();
    }
  });
});

describe('Graph gateway helpers', () => {
  it('splits a base URL into host and version the way the SDK joins them', () => {
    assert.deepEqual(splitBaseUrl('http://127.0.0.1:5980/v1.0'), { host: 'http://127.0.0.1:5980/', version: 'v1.0', hostname: '127.0.0.1' });
    assert.deepEqual(splitBaseUrl('https://graph.microsoft.com'), { host: 'https://graph.microsoft.com/', version: 'v1.0', hostname: 'graph.microsoft.com' });
    assert.deepEqual(splitBaseUrl('https://proxy.example/graph/beta/'), { host: 'https://proxy.example/graph/', version: 'beta', hostname: 'proxy.example' });
  });

  it('user keys are path-safe', () => {
    assert.equal(userPathSegment('guest_x.com#EXT#@tenant.onmicrosoft.com'), 'guest_x.com%23EXT%23@tenant.onmicrosoft.com');
    assert.equal(userPathSegment('a/b?c'), 'a%2Fb%3Fc');
  });

  it('an escaped OData string literal always reads back as the original (property)', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const tree = parseFilter(`mail eq '${escapeODataString(value)}'`);
        return evaluateFilter(tree, { mail: value }, new Set(['mail']), 'User');
      }),
    );
  });
});
