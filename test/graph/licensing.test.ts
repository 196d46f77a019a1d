/** assignLicense and the SKU cache through the gateway, against the demo tenant over HTTP. */
import assert from 'node:assert/strict';
import { GraphRequestError, type GraphErrorKind } from '../../src/graph/errors';
import { contosoFixture, demoRequests, demoWrites, PLAN, SKU, startDemoWithGateway, USER, type DemoAndGateway } from '../helpers/demo-tenant';

async function rejectsWith(promise: Promise<unknown>, kind: GraphErrorKind, message?: string | RegExp): Promise<GraphRequestError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof GraphRequestError, `expected a GraphRequestError, got ${String(caught)}`);
  assert.equal(caught.kind, kind, caught.message);
  if (typeof message === 'string') assert.equal(caught.graphMessage, message);
  else if (message) assert.match(caught.graphMessage, message);
  return caught;
}

describe('Graph gateway ↔ demo tenant: licenses', () => {
  let t: DemoAndGateway;
  beforeEach(async () => {
    const f = contosoFixture();
    f.subscribedSkus.push({ skuId: SKU.MIDSIZEPACK, skuPartNumber: 'MIDSIZEPACK', capabilityStatus: 'Enabled', appliesTo: 'User', prepaidUnits: { enabled: 3, suspended: 0, warning: 0, lockedOut: 0 } });
    t = await startDemoWithGateway(f, { skuCacheTtlMs: 60_000 });
  });
  afterEach(async () => t.close());

  const units = async (skuId: string, fresh = true) => (await t.graph.getSubscribedSkus({ fresh })).find((s) => s.skuId === skuId)!.consumedUnits;

  it('adds and removes in one atomic call, returns the user read back and Graph’s request-id', async () => {
    const result = await t.graph.assignLicense(USER.alex, [{ skuId: SKU.BUSINESS_STANDARD, disabledPlans: [] }], [SKU.BUSINESS_BASIC]);
    assert.match(result.requestId!, /^[0-9a-f-]{36}$/);
    assert.equal(result.userReadBack, true, 'assignLicense’s answer lacks licenseAssignmentStates, so the user is read back');
    assert.deepEqual(result.user.assignedLicenses, [{ skuId: SKU.BUSINESS_STANDARD, disabledPlans: [] }]);
    assert.deepEqual(result.user.licenseAssignmentStates.map((s) => [s.skuId, s.state]), [[SKU.BUSINESS_STANDARD, 'Active']]);
    const writes = await demoWrites(t.demo);
    assert.equal(writes.length, 1);
    assert.deepEqual(writes[0].body, { addLicenses: [{ skuId: SKU.BUSINESS_STANDARD, disabledPlans: [] }], removeLicenses: [SKU.BUSINESS_BASIC] });
    assert.equal(writes[0].status, 200);
  });

  it('always sends both arrays, even when one is empty', async () => {
    await t.graph.assignLicense(USER.megan, [], [SKU.BUSINESS_BASIC]);
    const [write] = await demoWrites(t.demo);
    assert.deepEqual(write.body, { addLicenses: [], removeLicenses: [SKU.BUSINESS_BASIC] });
  });

  it('atomic: when the add fails (no free seat) the remove is not applied either', async () => {
    assert.equal(await units(SKU.SPE_E5), 2);
    await rejectsWith(t.graph.assignLicense(USER.adele, [{ skuId: SKU.SPE_E5 }], [SKU.SPE_E3]), 'no-free-seats', `Subscription with SKU ${SKU.SPE_E5} does not have any available licenses.`);
    const adele = await t.graph.getUser(USER.adele);
    assert.deepEqual(adele.assignedLicenses, [{ skuId: SKU.SPE_E3, disabledPlans: [] }], 'E3 still there');
    assert.equal(await units(SKU.SPE_E3), 5);
    const writes = await demoWrites(t.demo);
    assert.deepEqual(writes.map((w) => w.status), [400]);
  });

  it('atomic: when the remove fails (group-inherited) the add is not applied either', async () => {
    const error = await rejectsWith(
      t.graph.assignLicense(USER.nestor, [{ skuId: SKU.BUSINESS_BASIC }], [SKU.SPE_E3]),
      'inherited-from-group',
      'User license is inherited from a group membership and it cannot be removed directly from the user.',
    );
    assert.equal(error.status, 400);
    assert.equal(error.code, 'Request_BadRequest');
    assert.ok(error.requestId);
    assert.match(error.plainReason, /comes from a group membership/);
    const nestor = await t.graph.getUser(USER.nestor);
    assert.ok(!nestor.assignedLicenses.some((l) => l.skuId === SKU.BUSINESS_BASIC));
    assert.equal(await units(SKU.BUSINESS_BASIC), 2);
  });

  it('every assignLicense refusal becomes its typed kind', async () => {
    await rejectsWith(t.graph.assignLicense(USER.miriam, [{ skuId: SKU.SPE_E3 }], []), 'usage-location', 'License assignment cannot be done for user with invalid usage location.');
    await rejectsWith(t.graph.assignLicense(USER.adele, [{ skuId: SKU.MIDSIZEPACK }], []), 'mutually-exclusive', /service plans [0-9a-f-]{36},[0-9a-f-]{36} are mutually exclusive/);
    await rejectsWith(t.graph.assignLicense(USER.adele, [{ skuId: '11111111-2222-4333-8444-555555555555' }], []), 'invalid-sku', 'License 11111111-2222-4333-8444-555555555555 does not correspond to a valid company License.');
    await rejectsWith(t.graph.assignLicense(USER.lynne, [], [SKU.SPE_E3]), 'not-assigned', 'User does not have a corresponding license.');
    await rejectsWith(t.graph.assignLicense('99999999-9999-4999-8999-999999999999', [], [SKU.SPE_E3]), 'not-found');
    const seats = await rejectsWith(t.graph.assignLicense(USER.lynne, [{ skuId: SKU.SPE_E5 }], []), 'no-free-seats');
    assert.deepEqual(seats.ids, [SKU.SPE_E5], 'the SKU named in Graph’s message');
    const exclusive = await rejectsWith(t.graph.assignLicense(USER.adele, [{ skuId: SKU.MIDSIZEPACK }], []), 'mutually-exclusive');
    assert.ok(exclusive.ids.includes(PLAN.EXCHANGE_S_ENTERPRISE));
    assert.equal((await demoWrites(t.demo)).length, 7);
  });

  it('consumedUnits after group assignments: a direct copy of a group license takes no extra unit', async () => {
    assert.equal(await units(SKU.SPE_E3), 5);
    await t.graph.assignLicense(USER.nestor, [{ skuId: SKU.SPE_E3 }], []); // Nestor already has E3 through the group
    assert.equal(await units(SKU.SPE_E3), 5);
    const nestor = await t.graph.getUser(USER.nestor);
    assert.deepEqual(nestor.licenseAssignmentStates.filter((s) => s.skuId === SKU.SPE_E3).map((s) => s.assignedByGroup ?? 'direct').sort(), ['8197409f-c049-5e18-9a6c-2e3d2289bd49', 'direct']);
    await t.graph.assignLicense(USER.patti, [], [SKU.SPE_E3]); // Patti keeps E3 through the group
    assert.equal(await units(SKU.SPE_E3), 5);
    assert.deepEqual((await t.graph.getUser(USER.patti)).assignedLicenses.map((l) => l.skuId), [SKU.SPE_E3]);
    await t.graph.assignLicense(USER.lynne, [{ skuId: SKU.SPE_E3 }], []); // a new holder
    assert.equal(await units(SKU.SPE_E3), 6);
  });

  it('disabledPlans replace the previous ones when a held SKU is added again', async () => {
    const result = await t.graph.assignLicense(USER.adele, [{ skuId: SKU.SPE_E3, disabledPlans: [PLAN.EXCHANGE_S_ENTERPRISE] }], []);
    assert.deepEqual(result.user.assignedLicenses, [{ skuId: SKU.SPE_E3, disabledPlans: [PLAN.EXCHANGE_S_ENTERPRISE] }]);
    assert.ok(!result.user.assignedPlans.some((p) => p.servicePlanId === PLAN.EXCHANGE_S_ENTERPRISE));
    assert.equal(await units(SKU.SPE_E3), 5);
  });

  it('caches subscribedSkus for the TTL, refreshes on demand, and invalidates after our own write', async () => {
    const count = async () => (await demoRequests(t.demo)).recent.filter((r) => r.path === '/v1.0/subscribedSkus').length;
    await t.graph.getSubscribedSkus();
    await t.graph.getSubscribedSkus();
    const [a, b] = await Promise.all([t.graph.getSubscribedSkus(), t.graph.getSubscribedSkus()]);
    assert.equal(a.length, b.length);
    assert.equal(await count(), 1, 'served from the cache');
    await t.graph.getSubscribedSkus({ fresh: true });
    assert.equal(await count(), 2);
    assert.equal(await units(SKU.BUSINESS_BASIC, false), 2);
    await t.graph.assignLicense(USER.lynne, [{ skuId: SKU.BUSINESS_BASIC }], []);
    assert.equal(await units(SKU.BUSINESS_BASIC, false), 3, 'the cache was dropped by assignLicense');
    assert.equal(await count(), 3);
    t.graph.invalidateSkuCache();
    await t.graph.getSubscribedSkus();
    assert.equal(await count(), 4);
    // A refused write also invalidates: seat numbers may be stale.
    await assert.rejects(t.graph.assignLicense(USER.lynne, [{ skuId: SKU.SPE_E5 }], []));
    await t.graph.getSubscribedSkus();
    assert.equal(await count(), 5);
  });

  it('the SKU cache expires after skuCacheTtlMs', async () => {
    const short = await startDemoWithGateway(undefined, { skuCacheTtlMs: 40 });
    try {
      const count = async () => (await demoRequests(short.demo)).recent.filter((r) => r.path === '/v1.0/subscribedSkus').length;
      await short.graph.getSubscribedSkus();
      await short.graph.getSubscribedSkus();
      assert.equal(await count(), 1);
      await new Promise((resolve) => setTimeout(resolve, 60));
      await short.graph.getSubscribedSkus();
      assert.equal(await count(), 2);
    } finally {
      await short.close();
    }
  });
});
