import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config';
import { startDemoTenant } from '../../src/demo/server';
import { startLicenseDesk, type RunningLicenseDesk } from '../../src/index';
import { createLogger } from '../../src/logging';
import { FakeConnector } from '../helpers/fake-connector';

const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
const BASIC = '3b555118-da6a-4418-894f-7df1e2096870';
const TENANT = '1244eba3-f610-59e5-a2d1-b78898e91224';
const APPROVERS = '66a40e45-f6d7-58a4-a6df-3b854051249b';
const SWAPS = Number(process.env.FAULT_SWAPS ?? 200);

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const MANAGER = { aadObjectId: id(1), name: 'Morgan Manager' };
const APPROVER = { aadObjectId: id(2), name: 'Avery Approver' };

/** A tenant of SWAPS Business Basic users under one manager, enough E3 seats for all of them. */
function fixture() {
  const staff = Array.from({ length: SWAPS }, (_, i) => ({
    id: id(100 + i),
    displayName: `Staff ${i}`,
    userPrincipalName: `staff${i}@contoso.example`,
    mail: `staff${i}@contoso.example`,
    usageLocation: 'US',
    accountEnabled: true,
    manager: MANAGER.aadObjectId,
    assignedLicenses: [{ skuId: BASIC, disabledPlans: [] }],
  }));
  return {
    organization: { id: TENANT, displayName: 'Contoso (faults)', countryLetterCode: 'US', verifiedDomains: [{ name: 'contoso.example', isDefault: true }] },
    subscribedSkus: [
      { skuId: E3, skuPartNumber: 'SPE_E3', capabilityStatus: 'Enabled', appliesTo: 'User', prepaidUnits: { enabled: SWAPS + 10, suspended: 0, warning: 0, lockedOut: 0 } },
      { skuId: BASIC, skuPartNumber: 'O365_BUSINESS_ESSENTIALS', capabilityStatus: 'Enabled', appliesTo: 'User', prepaidUnits: { enabled: SWAPS + 10, suspended: 0, warning: 0, lockedOut: 0 } },
    ],
    users: [
      { id: MANAGER.aadObjectId, displayName: MANAGER.name, userPrincipalName: 'morgan@contoso.example', mail: 'morgan@contoso.example', usageLocation: 'US', accountEnabled: true, assignedLicenses: [{ skuId: E3, disabledPlans: [] }] },
      { id: APPROVER.aadObjectId, displayName: APPROVER.name, userPrincipalName: 'avery@contoso.example', mail: 'avery@contoso.example', usageLocation: 'US', accountEnabled: true, assignedLicenses: [{ skuId: E3, disabledPlans: [] }] },
      ...staff,
    ],
    groups: [{ id: APPROVERS, displayName: 'License Approvers', securityEnabled: true, assignedLicenses: [], members: [APPROVER.aadObjectId] }],
  };
}

async function retrying<T>(work: () => Promise<T>, attempts = 8): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (error) {
      if (i >= attempts) throw error;
    }
  }
}

describe(`faults: ${SWAPS} approved swaps under 30% 429 + 10% 5xx`, function () {
  this.timeout(300_000);
  let demo: Awaited<ReturnType<typeof startDemoTenant>>;
  let connector: FakeConnector;
  let app: RunningLicenseDesk;

  before(async () => {
    demo = await startDemoTenant(fixture());
    connector = new FakeConnector();
    await connector.start();
    const config = loadConfig({
      PORT: '0',
      GRAPH_BASE_URL: demo.baseUrl,
      APPROVER_GROUP_ID: APPROVERS,
      DATA_DIR: ':memory:',
      NODE_ENV: 'test',
      GRAPH_MAX_RETRIES: '5',
      GRAPH_RETRY_DELAY_SECONDS: '0',
    });
    app = await startLicenseDesk(config, { host: '127.0.0.1', logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent') });
  });
  after(async () => {
    await app?.close();
    await connector?.stop();
    await demo?.close();
  });

  it('every request ends completed or failed with a reason; none runs twice; nobody loses Exchange', async () => {
    const ids: string[] = [];
    for (let i = 0; i < SWAPS; i++) {
      const outcome = await app.requests.submit(MANAGER, { product: 'SPE_E3', target: { kind: 'id', aadObjectId: id(100 + i) }, replacing: 'O365_BUSINESS_ESSENTIALS', reason: 'fault drill' });
      assert.equal(outcome.kind, 'created', JSON.stringify(outcome).slice(0, 300));
      if (outcome.kind === 'created') ids.push(outcome.request.id);
    }
    const before = app.graph.stats();
    await fetch(`${demo.url}/_demo/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rate429: 0.3, rate5xx: 0.1, retryAfterSeconds: 0, seed: 7 }) });
    const started = Date.now();
    // The approver clicks; a click that fails (Graph down for too long) is clicked again, as a person would.
    for (let i = 0; i < ids.length; i += 20) {
      await Promise.all(ids.slice(i, i + 20).map((requestId) => retrying(() => app.requests.decide(APPROVER, requestId, 'approved'))));
    }
    await app.requests.settled();
    const seconds = (Date.now() - started) / 1000;
    await fetch(`${demo.url}/_demo/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const after = app.graph.stats();

    const requests = await Promise.all(ids.map((requestId) => app.store.get(requestId)));
    const completed = requests.filter((r) => r?.status === 'completed').length;
    const failed = requests.filter((r) => r?.status === 'failed');
    assert.equal(completed + failed.length, SWAPS, `statuses: ${JSON.stringify(requests.map((r) => r?.status))}`);
    for (const r of failed) assert.ok(r?.execution?.failure?.message, `${r?.id} failed without a reason`);

    const writes = ((await (await fetch(`${demo.url}/_demo/writes`)).json()) as any[]).filter((w) => /assignLicense/.test(w.path));
    const applied = new Map<string, number>();
    for (const w of writes) {
      // Atomic swaps only: nothing is ever removed without the new license in the same call.
      if (w.body?.removeLicenses?.length) assert.equal(w.body.addLicenses?.length, 1, `a remove without an add: ${JSON.stringify(w)}`);
      if (w.status === 200) applied.set(w.path, (applied.get(w.path) ?? 0) + 1);
    }
    for (const [path, count] of applied) assert.equal(count, 1, `${path} was changed ${count} times`);

    for (let i = 0; i < SWAPS; i++) {
      const user = (await (await fetch(`${demo.baseUrl}/users/${id(100 + i)}?$select=assignedLicenses`)).json()) as { assignedLicenses: Array<{ skuId: string }> };
      const skus = user.assignedLicenses.map((l) => l.skuId);
      assert.ok(skus.includes(E3) || skus.includes(BASIC), `staff ${i} has no Exchange license: ${skus}`);
      const request = requests[i]!;
      if (request.status === 'completed') assert.deepEqual(skus, [E3], `staff ${i} completed but has ${skus}`);
    }
    assert.ok(after.retries > before.retries, 'retries happened');
    console.log(
      `      faults: ${SWAPS} swaps in ${seconds.toFixed(1)} s → ${completed} completed, ${failed.length} failed with a reason; ` +
        `${applied.size} applied writes, ${writes.length - applied.size} refused/failed write attempts; ` +
        `Graph requests ${after.requests - before.requests}, retries ${after.retries - before.retries}, 429s seen ${after.throttled - before.throttled}` +
        (failed.length ? `; failure reasons: ${[...new Set(failed.map((r) => r!.execution!.failure!.kind))].join(', ')}` : ''),
    );
  });
});
