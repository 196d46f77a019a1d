/**
 * Issue 7: several License Desk PROCESSES on one Azure Table Storage (Azurite) and one demo tenant.
 *  A. 100 requests, 200 concurrent approve clicks split across two instances → one decision and exactly one
 *     Graph assignLicense per request; the conflicts seen are printed.
 *  B. One instance is killed -9 while it executes (slow Graph); the other takes over once the lease lapses →
 *     every request completed, still exactly one write each.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoTenant, type StartedDemoTenant } from '../../src/demo/server';
import { createGraphGateway } from '../../src/graph/gateway';
import { Catalog } from '../../src/licensing/catalog';
import { createLogger } from '../../src/logging';
import { RequestExecutor } from '../../src/services/request-executor';
import { expire, type LicenseRequest } from '../../src/requests/request';
import { saveWithRetry } from '../../src/store/save-with-retry';
import { TableRequestStore, type TableStoreStats } from '../../src/store/table-request-store';
import { startAzurite, type RunningAzurite } from '../helpers/azurite';
import { APPROVERS_GROUP, CONTOSO_TENANT, USERS } from '../helpers/bot-harness';
import { clickActivity, startBotInstance, type BotInstance } from '../helpers/scale-out-bots';
import { contosoFixture, demoWrites, guidFor, setFaults, SKU } from '../helpers/demo-tenant';
import { FakeConnector } from '../helpers/fake-connector';

const GENERATED = 150;
const E3 = { skuId: SKU.SPE_E3, skuPartNumber: 'SPE_E3', displayName: 'Microsoft 365 E3' };
const FINAL = new Set(['completed', 'failed', 'rejected', 'cancelled', 'expired']);

/** Contoso plus 150 unlicensed users (usage location set) and E3 seats for all of them. */
function scaleFixture(): any {
  const f = contosoFixture();
  f.subscribedSkus.find((s: any) => s.skuId === SKU.SPE_E3).prepaidUnits.enabled += GENERATED + 10;
  for (let i = 0; i < GENERATED; i++) {
    f.users.push({
      id: guidFor(0x5ca1e, i),
      displayName: `Scale User ${i}`,
      userPrincipalName: `scale${i}@contoso.example`,
      mail: `scale${i}@contoso.example`,
      jobTitle: 'Analyst',
      department: 'Scale',
      usageLocation: 'US',
      accountEnabled: true,
      manager: USERS.adele.id,
      assignedLicenses: [],
    });
  }
  return f;
}

/** A pending request as RequestService.submit would store it (Adele asks E3 for one of her reports). */
function pendingRequest(i: number, now: Date): LicenseRequest {
  const id = `REQ-${randomBytes(4).toString('hex').toUpperCase()}${String(i).padStart(3, '0')}`.replace(/[01]/g, 'Z');
  return {
    id,
    tenantId: CONTOSO_TENANT,
    status: 'pending',
    requester: { aadObjectId: USERS.adele.id, name: USERS.adele.name },
    target: { aadObjectId: guidFor(0x5ca1e, i), name: `Scale User ${i}`, upn: `scale${i}@contoso.example` },
    add: E3,
    reason: 'scale-out test',
    confirmedNoMailbox: false,
    summary: { gains: ['Exchange Online (Plan 2)'], losses: [], quotaFromGB: 0, quotaToGB: 100, monthlyCostChange: 36, currency: 'USD', seatsFreeAtRequest: 100, notices: [] },
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 14 * 86_400_000).toISOString(),
    updatedAt: now.toISOString(),
    cards: [],
    version: 0,
  };
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined | false>, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Polls (gently: Azurite serves one request at a time) until every request is in a final state. */
function allFinal(store: TableRequestStore, requests: LicenseRequest[], timeoutMs: number): Promise<LicenseRequest[]> {
  const done = new Map<string, LicenseRequest>();
  return until(
    'every request to finish',
    timeoutMs,
    async () => {
      for (const r of requests.filter((x) => !done.has(x.id))) {
        const current = await store.get(r.id);
        if (!current || !FINAL.has(current.status)) return undefined;
        done.set(r.id, current);
      }
      return requests.map((r) => done.get(r.id)!);
    },
    1000,
  );
}

const sum = (stats: Array<TableStoreStats | undefined>, key: keyof TableStoreStats) => stats.reduce((n, s) => n + (s?.[key] ?? 0), 0);

describe('Scale-out: two bot processes on one Azure Table Storage', function () {
  this.timeout(180_000);
  let azurite: RunningAzurite;
  let connector: FakeConnector;
  let demo: StartedDemoTenant | undefined;
  let store: TableRequestStore | undefined;
  let bots: BotInstance[] = [];
  let dataDir: string;

  before(async () => {
    azurite = await startAzurite();
    connector = new FakeConnector();
    await connector.start();
    dataDir = mkdtempSync(join(tmpdir(), 'license-desk-multi-'));
  });

  after(async () => {
    await connector?.stop();
    await azurite?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  afterEach(async () => {
    await Promise.all(bots.map((b) => b.stop().catch(() => undefined)));
    bots = [];
    await store?.close();
    store = undefined;
    await demo?.close();
    demo = undefined;
  });

  async function setUp(requestCount: number, leaseSeconds: number): Promise<{ prefix: string; requests: LicenseRequest[]; start: (name: string) => Promise<BotInstance> }> {
    demo = await startDemoTenant(scaleFixture());
    const prefix = `mi${randomBytes(5).toString('hex')}`;
    store = await TableRequestStore.open({ kind: 'table', connectionString: azurite.connectionString, tablePrefix: prefix });
    const now = new Date();
    const requests = await Promise.all(Array.from({ length: requestCount }, (_, i) => store!.create(pendingRequest(i, now))));
    const start = async (name: string) => {
      const bot = await startBotInstance(name, {
        PORT: '0',
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        GRAPH_BASE_URL: demo!.baseUrl,
        APPROVER_GROUP_ID: APPROVERS_GROUP,
        STORE: 'table',
        AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
        STORE_TABLE_PREFIX: prefix,
        DATA_DIR: join(dataDir, name),
        INSTANCE_ID: name,
        EXECUTION_LEASE_SECONDS: String(leaseSeconds),
        REQUEST_SWEEP_SECONDS: process.env.MULTI_INSTANCE_SWEEP_SECONDS ?? '1',
      });
      bots.push(bot);
      return bot;
    };
    return { prefix, requests, start };
  }

  async function assignWrites(): Promise<Map<string, number>> {
    const perUser = new Map<string, number>();
    for (const w of await demoWrites(demo!)) {
      const user = /\/users\/([^/]+)\/assignLicense/.exec(w.path)?.[1];
      if (w.method === 'POST' && user) perUser.set(user.toLowerCase(), (perUser.get(user.toLowerCase()) ?? 0) + 1);
    }
    return perUser;
  }

  it('A: 200 concurrent approvals of 100 requests across two instances → one decision, one Graph write per request', async () => {
    const started = Date.now();
    const { requests, start } = await setUp(100, Number(process.env.MULTI_INSTANCE_LEASE_SECONDS ?? 30));
    const [a, b] = await Promise.all([start('a'), start('b')]);

    // Two clicks per request, one on each instance, all in flight at once (shuffled).
    const clicks = requests.flatMap((r) => [a, b].map((bot) => ({ bot, r })));
    clicks.sort(() => Math.random() - 0.5);
    const clickStarted = Date.now();
    const answers = await Promise.all(clicks.map(({ bot, r }) => bot.post(clickActivity(connector.url, USERS.diego, 'request.approve', { requestId: r.id }))));
    const clickMs = Date.now() - clickStarted;
    assert.deepEqual([...new Set(answers.map((x) => x.status))], [200], JSON.stringify(answers.find((x) => x.status !== 200)));

    const final = await allFinal(store!, requests, 120_000);
    // Let sweeps that were already running settle before counting writes.
    await new Promise((r) => setTimeout(r, 1500));

    const writes = await assignWrites();
    const counts = requests.map((r) => writes.get(r.target.aadObjectId) ?? 0);
    const completed = final.filter((r) => r.status === 'completed');
    const failed = final.filter((r) => r.status === 'failed');
    for (const r of failed) assert.ok(r.execution?.failure?.message, `${r.id} failed without a reason`);
    const stats = await Promise.all([a.stats(), b.stats()]);
    const refusedSecondClicks = [a, b].flatMap((bot) => bot.logs()).filter((l) => l.msg === 'refused: request action' && l.reason === 'not-pending').length;
    const approvedAudits = (await Promise.all(requests.map((r) => store!.audit(r.id)))).flat().filter((e) => e.action === 'approved' && e.outcome === 'ok');
    const decidedBy = { a: 0, b: 0 };
    for (const r of final) {
      const owner = r.execution?.owner;
      if (owner === 'a' || owner === 'b') decidedBy[owner]++;
    }

    console.log(
      `      [multi-instance A] 100 requests, 200 clicks in ${clickMs} ms; completed ${completed.length}, failed ${failed.length}; ` +
        `assignLicense writes ${[...writes.values()].reduce((n, c) => n + c, 0)} (max per request ${Math.max(...counts)}); ` +
        `executed by a/b: ${decidedBy.a}/${decidedBy.b}; refused second clicks ${refusedSecondClicks}; ` +
        `store conflicts: version ${sum(stats, 'versionConflicts')}, ETag 412 ${sum(stats, 'etagConflicts')} ` +
        `(a ${stats[0]?.versionConflicts}+${stats[0]?.etagConflicts}, b ${stats[1]?.versionConflicts}+${stats[1]?.etagConflicts}); ` +
        `stale index hits ${sum(stats, 'staleIndexHits')}; store requests ${sum(stats, 'requests')} (avg ${(sum(stats, 'requestMs') / Math.max(1, sum(stats, 'requests'))).toFixed(1)} ms); total ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    assert.equal(approvedAudits.length, 100, 'exactly one approval recorded per request');
    assert.equal(refusedSecondClicks, 100, 'every second click was refused');
    assert.deepEqual(
      counts.map((c, i) => (c === 1 ? 'ok' : `${requests[i].id}: ${c} writes`)).filter((x) => x !== 'ok'),
      [],
      'exactly one assignLicense per request',
    );
    assert.equal(completed.length + failed.length, 100);
    assert.equal(completed.length, 100, failed.map((r) => `${r.id}: ${r.execution?.failure?.message}`).join('\n'));
  });

  it('B: an instance killed -9 mid-execution → the other takes over after the lease and every request completes once', async () => {
    const started = Date.now();
    const LEASE = 10;
    const { requests, start } = await setUp(12, LEASE);
    const [a, b] = await Promise.all([start('a'), start('b')]);
    await setFaults(demo!, { latencyMs: 1500 });

    // All approvals go to A, 300 ms apart, so that A's executions (which start once each click is answered) are
    // in different phases when it dies: reading Graph, writing (the write lands anyway), reading back.
    const answers = await Promise.all(
      requests.map(async (r, i) => {
        await new Promise((resolve) => setTimeout(resolve, i * 300));
        return a.post(clickActivity(connector.url, USERS.diego, 'request.approve', { requestId: r.id }));
      }),
    );
    assert.deepEqual([...new Set(answers.map((x) => x.status))], [200]);
    const runningOnA = await until('A to be executing', 20_000, async () => {
      const all = await Promise.all(requests.map((r) => store!.get(r.id)));
      const mine = all.filter((r) => r?.status === 'executing' && r.execution?.owner === 'a');
      return mine.length > 0 ? mine : undefined;
    });
    const beforeKill = await Promise.all(requests.map((r) => store!.get(r.id)));
    const killedWhileExecuting = beforeKill.filter((r) => r?.status === 'executing' && r.execution?.owner === 'a').map((r) => r!.id);
    const killedAt = Date.now();
    await a.kill();
    assert.ok(killedWhileExecuting.length > 0, 'A was executing when it was killed');

    const final = await allFinal(store!, requests, 120_000);
    const settledMs = Date.now() - killedAt;
    await setFaults(demo!, {});
    await new Promise((r) => setTimeout(r, 1500));

    const writes = await assignWrites();
    const counts = requests.map((r) => writes.get(r.target.aadObjectId) ?? 0);
    const audits = new Map(await Promise.all(requests.map(async (r) => [r.id, await store!.audit(r.id)] as const)));
    const takenOver = killedWhileExecuting.filter((id) => final.find((r) => r.id === id)?.execution?.owner === 'b');
    const reconciledNoWrite = killedWhileExecuting.filter((id) => audits.get(id)!.some((e) => e.action === 'reconciled' && e.outcome === 'ok'));
    const stats = await b.stats();
    console.log(
      `      [multi-instance B] ${requests.length} requests; A killed with ${killedWhileExecuting.length} executing (first claim seen ${runningOnA.length}); ` +
        `B took over ${takenOver.length} (${reconciledNoWrite.length} already done in Graph, ${takenOver.length - reconciledNoWrite.length} retried); ` +
        `settled ${(settledMs / 1000).toFixed(1)} s after the kill (lease ${LEASE} s); writes ${[...writes.values()].reduce((n, c) => n + c, 0)}; ` +
        `B's store conflicts: version ${stats?.versionConflicts}, ETag 412 ${stats?.etagConflicts}; total ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    assert.deepEqual(takenOver.sort(), [...killedWhileExecuting].sort(), 'B took over everything A was running');
    assert.ok(settledMs >= (LEASE - 4) * 1000, `B waited for the lease (${settledMs} ms)`);
    assert.deepEqual(
      final.filter((r) => r.status !== 'completed').map((r) => `${r.id}: ${r.status} ${r.execution?.failure?.message ?? ''}`),
      [],
    );
    assert.deepEqual(
      counts.map((c, i) => (c === 1 ? 'ok' : `${requests[i].id}: ${c} writes`)).filter((x) => x !== 'ok'),
      [],
      'exactly one assignLicense per request',
    );
    for (const id of killedWhileExecuting) assert.ok(audits.get(id)!.some((e) => e.action === 'reconciled'), `${id} reconciled by B`);
  });
});

/**
 * The same claims in one process, with two store clients standing for two instances: deterministic timing.
 */
describe('Scale-out: claims on a shared Table Storage (two store clients)', function () {
  this.timeout(60_000);
  let azurite: RunningAzurite;
  let demo: StartedDemoTenant;

  before(async () => {
    azurite = await startAzurite();
    demo = await startDemoTenant(scaleFixture());
  });
  after(async () => {
    await demo?.close();
    await azurite?.stop();
  });

  const openPair = async () => {
    const prefix = `cl${randomBytes(5).toString('hex')}`;
    const open = () => TableRequestStore.open({ kind: 'table', connectionString: azurite.connectionString, tablePrefix: prefix });
    return Promise.all([open(), open()]);
  };
  const executor = (store: TableRequestStore, instanceId: string, leaseMs: number) =>
    new RequestExecutor({
      graph: createGraphGateway({ baseUrl: demo.baseUrl, retryDelaySeconds: 0 }),
      store,
      catalog: Catalog.bundled(),
      now: () => new Date(),
      logger: createLogger('silent'),
      onFinished: async () => undefined,
      instanceId,
      leaseMs,
    });

  it('expiry fires once across instances: 20 concurrent expiries from two clients save one', async () => {
    const [a, b] = await openPair();
    const past = new Date(Date.now() - 15 * 86_400_000);
    const r = await a.create(pendingRequest(140, past));
    const due = [...(await a.expiringBefore(new Date().toISOString())), ...(await b.expiringBefore(new Date().toISOString()))];
    assert.deepEqual(due.map((x) => x.id), [r.id, r.id]);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        saveWithRetry(i % 2 ? a : b, r.id, (cur) => {
          const t = expire(cur, new Date());
          return t.ok ? t.request : undefined;
        }),
      ),
    );
    assert.equal(results.filter((x) => x.saved).length, 1);
    assert.equal((await b.get(r.id))?.version, 2);
    assert.deepEqual(await a.expiringBefore(new Date().toISOString()), []);
    await Promise.all([a.close(), b.close()]);
  });

  it('a lapsed claim is reconciled by exactly one of two instances sweeping at once', async () => {
    const [a, b] = await openPair();
    const r = await a.create(pendingRequest(141, new Date()));
    // A claimed it and died (lease already over); both survivors sweep at the same moment.
    await a.update({ ...r, status: 'executing', execution: { attempts: 1, graphRequestIds: [], owner: 'dead', leaseUntil: new Date(Date.now() - 1000).toISOString() } });
    const before = (await demoWrites(demo)).length;
    const [fromA, fromB] = await Promise.all([executor(a, 'a', 30_000).reconcile(), executor(b, 'b', 30_000).reconcile()]);
    assert.equal(fromA.length + fromB.length, 1, 'one instance settled it');
    const final = await a.get(r.id);
    assert.equal(final?.status, 'completed');
    assert.equal((await demoWrites(demo)).slice(before).filter((w) => w.path.includes(r.target.aadObjectId)).length, 1, 'one Graph write');
    await Promise.all([a.close(), b.close()]);
  });

  // Graph throttles A's assignLicense (429, Retry-After 2 s) until A outlives its lease; B takes over. The executor
  // writes without gateway retries, renews its claim before every write and settles only its own claim, so A's
  // retry stops when B owns the request: one write.
  it('an execution that outlives its lease is not written twice', async function () {
    const [a, b] = await openPair();
    const r = await a.create(pendingRequest(142, new Date()));
    await a.update({ ...r, status: 'approved' });
    await setFaults(demo, { failNext: 1, failNextStatus: 429, failMatch: '/assignLicense', retryAfterSeconds: 2 });
    try {
      const before = (await demoWrites(demo)).length;
      const slow = executor(a, 'a', 300).execute(r.id); // lease 300 ms; the throttled write takes > 2 s
      await new Promise((resolve) => setTimeout(resolve, 800));
      await executor(b, 'b', 30_000).reconcile(); // the lease has lapsed: B takes over while A is still running
      await slow;
      await new Promise((resolve) => setTimeout(resolve, 500));
      const writes = (await demoWrites(demo)).slice(before).filter((w) => w.path.includes(r.target.aadObjectId) && w.status < 300);
      assert.equal(writes.length, 1, `assignLicense written ${writes.length} times for one request`);
    } finally {
      await setFaults(demo, {});
      await Promise.all([a.close(), b.close()]);
    }
  });
});
