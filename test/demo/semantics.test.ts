/**
 * The demo tenant as any HTTP client sees it: Graph's paths, JSON shapes, error bodies and licensing semantics.
 * Shapes are checked against the examples in Microsoft's Graph docs (microsoft-graph-docs-contrib): subscribedSku
 * list, checkMemberGroups, Request_ResourceNotFound, assignLicense's missing-parameter error, mailbox usage CSV.
 */
import assert from 'node:assert/strict';
import { MAILBOX_USAGE_COLUMNS } from '../../src/graph/mailbox-report';
import { startDemoTenant, type StartedDemoTenant } from '../../src/demo/server';
import { contosoFixture, demoRequests, demoWrites, graphFetch, GROUP, ORG_ID, PLAN, setFaults, SKU, USER } from '../helpers/demo-tenant';

const USER_SELECT = 'id,displayName,userPrincipalName,usageLocation,assignedLicenses,licenseAssignmentStates,assignedPlans';

describe('demo tenant: Graph semantics over HTTP', () => {
  let demo: StartedDemoTenant;
  beforeEach(async () => {
    demo = await startDemoTenant();
  });
  afterEach(async () => {
    await demo.close();
  });

  it('computes consumedUnits for Contoso as counted by hand (Patti’s direct + group E3 is one unit)', async () => {
    const { status, body } = await graphFetch(demo, '/subscribedSkus');
    assert.equal(status, 200);
    const consumed = Object.fromEntries(body.value.map((s: any) => [s.skuPartNumber, s.consumedUnits]));
    assert.deepEqual(consumed, {
      SPE_E3: 5, // Adele, Megan, Patti, Pradeep direct + Nestor via "Operations E3 licensing" (Patti counted once)
      SPE_E5: 2, // Isaiah, Diego
      O365_BUSINESS_ESSENTIALS: 2, // Alex, Megan
      O365_BUSINESS_PREMIUM: 2, // Isaiah, Henrietta
      DESKLESSPACK: 1, // Lee
      EXCHANGESTANDARD: 1, // Lee
      EXCHANGEDESKLESS: 1, // Johanna
      EXCHANGE_S_ESSENTIALS: 1, // Johanna
      TEAMS_EXPLORATORY: 1, // Nestor
      M365_F1: 1, // Grady
    });
  });

  it('serves subscribedSkus in Graph’s shape (docs example: id, accountId, prepaidUnits, servicePlans, subscriptionIds)', async () => {
    const { body, headers } = await graphFetch(demo, '/subscribedSkus');
    assert.match(headers.get('content-type')!, /^application\/json/);
    assert.match(body['@odata.context'], /\/v1\.0\/\$metadata#subscribedSkus$/);
    const e5 = body.value.find((s: any) => s.skuId === SKU.SPE_E5);
    assert.equal(e5.id, `${ORG_ID}_${SKU.SPE_E5}`);
    assert.equal(e5.accountId, ORG_ID);
    assert.equal(e5.accountName, 'Contoso (demo)');
    assert.equal(e5.appliesTo, 'User');
    assert.equal(e5.capabilityStatus, 'Enabled');
    assert.deepEqual(e5.prepaidUnits, { enabled: 2, suspended: 0, warning: 0, lockedOut: 0 });
    assert.deepEqual(e5.subscriptionIds, []);
    const exo = e5.servicePlans.find((p: any) => p.servicePlanId === PLAN.EXCHANGE_S_ENTERPRISE);
    assert.deepEqual(exo, { servicePlanId: PLAN.EXCHANGE_S_ENTERPRISE, servicePlanName: 'EXCHANGE_S_ENTERPRISE', provisioningStatus: 'Success', appliesTo: 'User' });
    const selected = await graphFetch(demo, '/subscribedSkus?$select=skuId,consumedUnits');
    assert.deepEqual(Object.keys(selected.body.value[0]).sort(), ['consumedUnits', 'skuId']);
  });

  it('derives a user’s license fields: direct ∪ group, one state per (SKU, source), plans minus disabled ones', async () => {
    const patti = (await graphFetch(demo, `/users/${USER.patti}?$select=${USER_SELECT}`)).body;
    assert.deepEqual(patti.assignedLicenses, [{ disabledPlans: [], skuId: SKU.SPE_E3 }]);
    assert.deepEqual(
      patti.licenseAssignmentStates.map((s: any) => [s.skuId, s.assignedByGroup, s.state, s.error]),
      [
        [SKU.SPE_E3, null, 'Active', 'None'],
        [SKU.SPE_E3, GROUP.operationsE3, 'Active', 'None'],
      ],
    );
    const isaiah = (await graphFetch(demo, `/users/${USER.isaiah}?$select=${USER_SELECT}`)).body;
    const e5 = isaiah.assignedLicenses.find((l: any) => l.skuId === SKU.SPE_E5);
    assert.deepEqual(e5.disabledPlans, [PLAN.EXCHANGE_S_ENTERPRISE]);
    const plans = isaiah.assignedPlans.filter((p: any) => p.servicePlanId === PLAN.EXCHANGE_S_ENTERPRISE);
    assert.equal(plans.length, 0, 'a disabled plan is not an assigned plan');
    const exchange = isaiah.assignedPlans.find((p: any) => p.service === 'exchange');
    assert.equal(exchange.capabilityStatus, 'Enabled');
    assert.match(exchange.assignedDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const nestor = (await graphFetch(demo, `/users/NestorW@contoso.example?$select=assignedLicenses,licenseAssignmentStates`)).body;
    assert.deepEqual(nestor.assignedLicenses.map((l: any) => l.skuId).sort(), [SKU.SPE_E3, SKU.TEAMS_EXPLORATORY].sort());
    assert.equal(nestor.licenseAssignmentStates.find((s: any) => s.skuId === SKU.SPE_E3).assignedByGroup, GROUP.operationsE3);
  });

  it('serves licenseDetails from the SKUs’ plans, disabled ones as Disabled', async () => {
    const { body } = await graphFetch(demo, `/users/${USER.isaiah}/licenseDetails`);
    const e5 = body.value.find((d: any) => d.skuId === SKU.SPE_E5);
    assert.equal(e5.skuPartNumber, 'SPE_E5');
    assert.equal(e5.servicePlans.find((p: any) => p.servicePlanId === PLAN.EXCHANGE_S_ENTERPRISE).provisioningStatus, 'Disabled');
    assert.equal(typeof e5.id, 'string');
  });

  it('group licenses beyond the free units go to Error/CountViolation in member order, all or none, and consume nothing', async () => {
    const f = contosoFixture();
    f.subscribedSkus.find((s: any) => s.skuId === SKU.SPE_E5).prepaidUnits.enabled = 3; // Isaiah, Diego use 2
    f.groups.push({
      id: '9a9a9a9a-0000-4000-8000-000000000001',
      displayName: 'E5 pilot',
      securityEnabled: true,
      assignedLicenses: [
        { skuId: SKU.SPE_E5, disabledPlans: [] },
        { skuId: SKU.TEAMS_EXPLORATORY, disabledPlans: [] },
      ],
      members: [USER.diego, USER.adele, USER.alex],
    });
    const tenant = await startDemoTenant(f);
    try {
      const skus = (await graphFetch(tenant, '/subscribedSkus')).body.value;
      const units = (id: string) => skus.find((s: any) => s.skuId === id).consumedUnits;
      assert.equal(units(SKU.SPE_E5), 3, 'Diego already held E5; Adele took the last unit');
      assert.equal(units(SKU.TEAMS_EXPLORATORY), 3, 'Nestor + Diego + Adele; Alex got none (all or none)');
      const alex = (await graphFetch(tenant, `/users/${USER.alex}?$select=${USER_SELECT}`)).body;
      const pilot = alex.licenseAssignmentStates.filter((s: any) => s.assignedByGroup === '9a9a9a9a-0000-4000-8000-000000000001');
      assert.deepEqual(
        pilot.map((s: any) => [s.skuId, s.state, s.error]),
        [
          [SKU.SPE_E5, 'Error', 'CountViolation'],
          [SKU.TEAMS_EXPLORATORY, 'Error', 'Other'],
        ],
      );
      assert.deepEqual(alex.assignedLicenses.map((l: any) => l.skuId), [SKU.BUSINESS_BASIC], 'only active licenses are assigned');
      assert.ok(!alex.assignedPlans.some((p: any) => p.servicePlanId === PLAN.EXCHANGE_S_ENTERPRISE));

      // Freeing a unit (Isaiah's direct E5 removed) lets the next member in order in, as Entra's reprocessing does.
      const removed = await graphFetch(tenant, `/users/${USER.isaiah}/assignLicense`, { body: { addLicenses: [], removeLicenses: [SKU.SPE_E5] } });
      assert.equal(removed.status, 200);
      const after = (await graphFetch(tenant, `/users/${USER.alex}?$select=licenseAssignmentStates`)).body;
      assert.ok(after.licenseAssignmentStates.every((s: any) => s.state === 'Active'));
      const e5 = (await graphFetch(tenant, '/subscribedSkus')).body.value.find((s: any) => s.skuId === SKU.SPE_E5);
      assert.equal(e5.consumedUnits, 3);
    } finally {
      await tenant.close();
    }
  });

  it('answers an unknown user with Graph’s exact 404 body, request-id and client-request-id', async () => {
    const clientRequestId = '0f0e0d0c-0b0a-4000-8000-000000000001';
    const res = await graphFetch(demo, '/users/11111111-2222-3333-4444-555555555555', { headers: { 'client-request-id': clientRequestId } });
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('client-request-id'), clientRequestId);
    const requestId = res.headers.get('request-id')!;
    assert.match(requestId, /^[0-9a-f-]{36}$/);
    assert.deepEqual(Object.keys(res.body.error), ['code', 'message', 'innerError']);
    assert.equal(res.body.error.code, 'Request_ResourceNotFound');
    assert.equal(res.body.error.message, "Resource '11111111-2222-3333-4444-555555555555' does not exist or one of its queried reference-property objects are not present.");
    assert.match(res.body.error.innerError.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    assert.equal(res.body.error.innerError['request-id'], requestId);
    assert.equal(res.body.error.innerError['client-request-id'], clientRequestId);
    const manager = await graphFetch(demo, `/users/${USER.diego}/manager`);
    assert.equal(manager.status, 404);
    assert.equal(manager.body.error.message, "Resource 'manager' does not exist or one of its queried reference-property objects are not present.");
  });

  it('serves the user’s default properties without $select, and refuses unknown ones', async () => {
    const { body } = await graphFetch(demo, `/users/${USER.adele}`);
    assert.deepEqual(Object.keys(body).filter((k) => !k.startsWith('@')).sort(), ['businessPhones', 'displayName', 'givenName', 'id', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName'].sort());
    const bad = await graphFetch(demo, `/users/${USER.adele}?$select=id,shoeSize`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.message, "Could not find a property named 'shoeSize' on type 'microsoft.graph.user'.");
  });

  it('pages /users with $top and an absolute @odata.nextLink (as Graph) that carries $select and a $skiptoken', async () => {
    const first = (await graphFetch(demo, '/users?$select=id,displayName&$top=5')).body;
    assert.equal(first.value.length, 5);
    const absolute: string = first['@odata.nextLink'];
    assert.ok(absolute.startsWith(`${demo.baseUrl}/users?`), absolute);
    const next = absolute.slice(demo.baseUrl.length);
    assert.match(next, /\$select=id,displayName/);
    assert.match(next, /\$skiptoken=/);
    const second = (await graphFetch(demo, next)).body;
    assert.equal(second.value.length, 5);
    assert.deepEqual(Object.keys(second.value[0]).sort(), ['displayName', 'id']);
    const third = (await graphFetch(demo, second['@odata.nextLink'].slice(demo.baseUrl.length))).body;
    assert.equal(third.value.length, 4);
    assert.equal(third['@odata.nextLink'], undefined);
    const ids = [...first.value, ...second.value, ...third.value].map((u: any) => u.id);
    assert.equal(new Set(ids).size, 14);
    const tooBig = await graphFetch(demo, '/users?$top=1000');
    assert.equal(tooBig.status, 400);
    assert.equal(tooBig.body.error.code, 'Request_UnsupportedQuery');
    assert.equal(tooBig.body.error.message, "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.");
  });

  it('filters users on the fields License Desk uses', async () => {
    const q = async (filter: string) => (await graphFetch(demo, `/users?$select=id&$filter=${encodeURIComponent(filter)}`)).body;
    assert.deepEqual((await q("userPrincipalName eq 'adelev@CONTOSO.example'")).value, [{ id: USER.adele }]);
    assert.deepEqual((await q("mail eq 'MeganB@contoso.example' or userPrincipalName eq 'nobody@x'")).value, [{ id: USER.megan }]);
    assert.deepEqual((await q("proxyAddresses/any(p:p eq 'smtp:leeg@contoso.example')")).value, [{ id: USER.lee }]);
    const e5 = (await q(`assignedLicenses/any(x:x/skuId eq ${SKU.SPE_E5})`)).value.map((u: any) => u.id).sort();
    assert.deepEqual(e5, [USER.isaiah, USER.diego].sort());
    const e3 = (await q(`assignedLicenses/any(x:x/skuId eq ${SKU.SPE_E3}) and accountEnabled eq true`)).value.length;
    assert.equal(e3, 5, 'group-inherited licenses count (Nestor)');
    const bad = await graphFetch(demo, `/users?$filter=${encodeURIComponent("shoeSize eq 'x'")}`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'Request_UnsupportedQuery');
  });

  it('checkMemberGroups answers like the docs example (Collection(Edm.String)) and caps groupIds at 20', async () => {
    const res = await graphFetch(demo, `/users/${USER.patti}/checkMemberGroups`, { body: { groupIds: [GROUP.approvers, GROUP.operationsE3] } });
    assert.equal(res.status, 200);
    assert.match(res.body['@odata.context'], /\$metadata#Collection\(Edm\.String\)$/);
    assert.deepEqual(res.body.value, [GROUP.operationsE3]);
    const many = await graphFetch(demo, `/users/${USER.patti}/checkMemberGroups`, { body: { groupIds: Array.from({ length: 21 }, () => GROUP.approvers) } });
    assert.equal(many.status, 400);
  });

  describe('POST /users/{id}/assignLicense', () => {
    const assign = (user: string, body: unknown) => graphFetch(demo, `/users/${user}/assignLicense`, { body });

    it('needs both arrays (the message Graph gives, msgraph-sdk-powershell#3229)', async () => {
      const res = await assign(USER.lynne, { removeLicenses: [SKU.SPE_E3] });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'Request_BadRequest');
      assert.equal(res.body.error.message, "One or more parameters of the operation 'assignLicense' are missing from the request payload. The missing parameters are: addLicenses.");
    });

    it('answers 200 with the user and applies the change', async () => {
      const res = await assign(USER.lynne, { addLicenses: [{ skuId: SKU.BUSINESS_BASIC, disabledPlans: [] }], removeLicenses: [] });
      assert.equal(res.status, 200);
      assert.equal(res.body.id, USER.lynne);
      assert.deepEqual(res.body.assignedLicenses, [{ disabledPlans: [], skuId: SKU.BUSINESS_BASIC }]);
      assert.ok(res.body.assignedPlans.length > 0);
    });

    it('refuses with Graph’s messages and changes nothing', async () => {
      const cases: Array<[string, unknown, number, string]> = [
        [USER.lynne, { addLicenses: [{ skuId: SKU.SPE_E5 }], removeLicenses: [] }, 400, `Subscription with SKU ${SKU.SPE_E5} does not have any available licenses.`],
        [USER.miriam, { addLicenses: [{ skuId: SKU.SPE_E3 }], removeLicenses: [] }, 400, 'License assignment cannot be done for user with invalid usage location.'],
        [USER.lynne, { addLicenses: [{ skuId: SKU.MIDSIZEPACK }], removeLicenses: [] }, 400, `License ${SKU.MIDSIZEPACK} does not correspond to a valid company License.`],
        [USER.nestor, { addLicenses: [], removeLicenses: [SKU.SPE_E3] }, 400, 'User license is inherited from a group membership and it cannot be removed directly from the user.'],
        [USER.lynne, { addLicenses: [], removeLicenses: [SKU.SPE_E3] }, 400, 'User does not have a corresponding license.'],
        ['99999999-9999-4999-8999-999999999999', { addLicenses: [], removeLicenses: [] }, 404, "Resource '99999999-9999-4999-8999-999999999999' does not exist or one of its queried reference-property objects are not present."],
        [USER.lynne, { addLicenses: [{ skuId: 'not-a-guid' }], removeLicenses: [] }, 400, "Cannot convert a primitive value to the expected type 'Edm.Guid'. See the inner exception for more details."],
      ];
      for (const [user, body, status, message] of cases) {
        const res = await assign(user, body);
        assert.equal(res.status, status, message);
        assert.equal(res.body.error.message, message);
      }
      const writes = await demoWrites(demo);
      assert.deepEqual(writes.map((w) => w.status), [400, 400, 400, 400, 400, 404, 400]);
      assert.deepEqual(writes[0].body, { addLicenses: [{ skuId: SKU.SPE_E5 }], removeLicenses: [] });
      const lynne = (await graphFetch(demo, `/users/${USER.lynne}?$select=assignedLicenses`)).body;
      assert.deepEqual(lynne.assignedLicenses, []);
    });

    it('refuses a legacy Exchange plan next to another Exchange plan (mutually exclusive)', async () => {
      const f = contosoFixture();
      f.subscribedSkus.push({ skuId: SKU.MIDSIZEPACK, skuPartNumber: 'MIDSIZEPACK', capabilityStatus: 'Enabled', appliesTo: 'User', prepaidUnits: { enabled: 5, suspended: 0, warning: 0, lockedOut: 0 } });
      const tenant = await startDemoTenant(f);
      try {
        const res = await graphFetch(tenant, `/users/${USER.adele}/assignLicense`, { body: { addLicenses: [{ skuId: SKU.MIDSIZEPACK, disabledPlans: [] }], removeLicenses: [] } });
        assert.equal(res.status, 400);
        assert.match(res.body.error.message, /^License assignment failed because service plans [0-9a-f-]{36},[0-9a-f-]{36} are mutually exclusive\.$/);
        assert.ok(res.body.error.message.includes(PLAN.EXCHANGE_S_ENTERPRISE));
        // Swapping E3 for Midsize in one call is fine: the result holds only one Exchange plan.
        const swap = await graphFetch(tenant, `/users/${USER.adele}/assignLicense`, { body: { addLicenses: [{ skuId: SKU.MIDSIZEPACK, disabledPlans: [] }], removeLicenses: [SKU.SPE_E3] } });
        assert.equal(swap.status, 200);
      } finally {
        await tenant.close();
      }
    });
  });

  it('$batch runs up to 20 requests, refuses more, and honours dependsOn', async () => {
    const requests = [
      { id: '1', method: 'GET', url: `/users/${USER.adele}?$select=id,displayName` },
      { id: '2', method: 'GET', url: '/users/00000000-0000-0000-0000-000000000000' },
      { id: '3', method: 'GET', url: '/organization', dependsOn: ['2'] },
    ];
    const res = await graphFetch(demo, '/$batch', { body: { requests } });
    assert.equal(res.status, 200);
    const byId = Object.fromEntries(res.body.responses.map((r: any) => [r.id, r]));
    assert.equal(byId['1'].status, 200);
    assert.equal(byId['1'].body.displayName, 'Adele Vance');
    assert.match(byId['1'].headers['Content-Type'], /^application\/json/);
    assert.equal(byId['2'].status, 404);
    assert.equal(byId['2'].body.error.code, 'Request_ResourceNotFound');
    assert.equal(byId['3'].status, 424);
    const tooMany = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/organization' }));
    assert.equal((await graphFetch(demo, '/$batch', { body: { requests: tooMany } })).status, 400);
  });

  it('answers the mailbox usage report with a 302 to a CSV in Graph’s columns (+ the demo-only hold column)', async () => {
    const res = await graphFetch(demo, "/reports/getMailboxUsageDetail(period='D7')");
    assert.equal(res.status, 302);
    assert.ok(res.headers.get('request-id'));
    const location = res.headers.get('location')!;
    const csv = await (await fetch(location)).text();
    const lines = csv.replace(/^\ufeff/, '').trim().split(/\r\n/);
    assert.equal(lines[0], [...MAILBOX_USAGE_COLUMNS, 'Litigation Hold Enabled'].join(','));
    const patti = lines.find((l) => l.includes('PattiF@contoso.example'))!.split(',');
    assert.equal(patti[8], '40000000000');
    assert.equal(patti[10], String(99 * 1024 ** 3), 'E3 → Exchange Plan 2 → 99 GB prohibit-send quota');
    assert.equal(patti[15], 'True');
    assert.equal(patti[17], 'True');
    assert.equal(lines.length, 1 + 11, 'one row per user with a mailbox');
    assert.equal((await graphFetch(demo, "/reports/getMailboxUsageDetail(period='D8')")).status, 400);
  });

  it('routes unknown segments and methods like Graph', async () => {
    const res = await graphFetch(demo, '/users/' + USER.adele + '/shoes');
    assert.equal(res.status, 400);
    assert.equal(res.body.error.message, "Resource not found for the segment 'shoes'.");
    assert.equal((await graphFetch(demo, '/subscribedSkus', { method: 'DELETE' })).status, 405);
    assert.equal((await fetch(`${demo.url}/beta/users`)).status, 400);
  });

  it('logs requests and writes, injects faults (never on /_demo) and resets', async () => {
    await graphFetch(demo, '/organization');
    await graphFetch(demo, `/users/${USER.lynne}/assignLicense`, { body: { addLicenses: [{ skuId: SKU.BUSINESS_BASIC }], removeLicenses: [] } });
    const log = await demoRequests(demo);
    assert.equal(log.count, 2);
    assert.deepEqual(log.recent.map((r) => [r.method, r.path, r.status]), [
      ['GET', '/v1.0/organization', 200],
      ['POST', `/v1.0/users/${USER.lynne}/assignLicense`, 200],
    ]);
    await setFaults(demo, { failNext: 2, failNextStatus: 429, retryAfterSeconds: 7 });
    const throttled = await graphFetch(demo, '/organization');
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get('retry-after'), '7');
    assert.ok((await fetch(`${demo.url}/_demo/writes`)).ok, '/_demo is never faulted');
    assert.equal((await graphFetch(demo, '/organization')).status, 429);
    assert.equal((await graphFetch(demo, '/organization')).status, 200);
    await setFaults(demo, { rate5xx: 1 });
    assert.equal((await graphFetch(demo, '/organization')).status, 503);
    await setFaults(demo, {});
    assert.equal((await graphFetch(demo, '/organization')).status, 200);
    const badFaults = await fetch(`${demo.url}/_demo/faults`, { method: 'POST', body: JSON.stringify({ rate429: 'often' }) });
    assert.equal(badFaults.status, 400);

    await setFaults(demo, { failNext: 5 });
    const reset = await fetch(`${demo.url}/_demo/reset`, { method: 'POST' });
    assert.equal(reset.status, 200);
    assert.deepEqual(await demoWrites(demo), []);
    const lynne = (await graphFetch(demo, `/users/${USER.lynne}?$select=assignedLicenses`)).body;
    assert.deepEqual(lynne.assignedLicenses, [], 'the fixture is reloaded');
  });

  it('can require a bearer token and answers 401 like Graph without one', async () => {
    const tenant = await startDemoTenant(undefined, { requireToken: 'secret-token' });
    try {
      const res = await graphFetch(tenant, '/organization');
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'InvalidAuthenticationToken');
      assert.equal(res.body.error.message, 'Access token is empty.');
      assert.equal((await graphFetch(tenant, '/organization', { headers: { authorization: 'Bearer secret-token' } })).status, 200);
    } finally {
      await tenant.close();
    }
  });
});
