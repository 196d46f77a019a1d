/**
 * Tenant watcher benchmark (issue 14).
 *
 * 1. Graph requests per watch cycle, counted at the demo tenant (`/_demo/requests`), for a generated tenant of 100
 *    and of 100,000 users (bench/generate-fixture.ts: it has a licensing group that outgrows its seats, so there
 *    are standing group errors): the first cycle (everything read, plus the report for seat candidates), a cycle
 *    with nothing changed (goal ≤ 4, whatever the size), and the periodic detail re-read.
 * 2. Time from a change (another admin tool adds a member to a group without free seats, through Graph) to the
 *    alert card at the approver's loopback Bot Connector, with the watcher on its own timer (goal ≤ interval + 2 s).
 */
import { Catalog } from '../src/licensing/catalog';
import { startDemoTenant } from '../src/demo/server';
import { createGraphGateway } from '../src/graph/gateway';
import { TenantReportService } from '../src/services/tenant-report';
import { TenantWatcher } from '../src/services/tenant-watcher';
import { AlertRecipients } from '../src/services/alert-recipients';
import type { AlertNotifier } from '../src/services/alert-notifier';
import { priceList } from '../src/licensing/prices';
import { SqliteAlertStore } from '../src/store/sqlite-alert-store';
import { SqliteRequestStore } from '../src/store/sqlite-request-store';
import { startHarness, USERS } from '../test/helpers/bot-harness';
import { cardText } from '../test/helpers/fake-connector';
import { generateTenantFixture } from './generate-fixture';

export interface WatchCycleCounts {
  users: number;
  firstCycle: number;
  nothingChanged: number[];
  periodicDetail: number;
  openIncidents: number;
  firstCycleSeconds: number;
}

export interface WatchBench {
  cycles: WatchCycleCounts[];
  changeToCard: { intervalSeconds: number; samplesMs: number[]; maxMs: number };
}

const silent = { info() {}, warn() {}, error() {}, debug() {} };

async function countCycles(users: number): Promise<WatchCycleCounts> {
  const { fixture } = generateTenantFixture(users);
  const demo = await startDemoTenant(fixture as never);
  const graph = createGraphGateway({ baseUrl: demo.baseUrl, retryDelaySeconds: 0 });
  const store = SqliteAlertStore.open(':memory:');
  const requests = SqliteRequestStore.open(':memory:');
  const catalog = Catalog.bundled();
  const notifier: AlertNotifier = {
    postIncidentCard: async (i, id) => ({ conversationKey: id, activityId: i.id, role: 'approver', aadObjectId: id }),
    postChannelIncidentCard: async () => undefined,
    updateIncidentCards: async () => undefined,
    postDigest: async () => true,
    reachablePeople: async () => ['approver'],
    audienceFingerprint: async () => 'approver',
  };
  const DETAIL_EVERY = 6;
  const watcher = new TenantWatcher(
    {
      graph,
      store,
      requests,
      catalog,
      notifier,
      recipients: new AlertRecipients({ configured: true, memberIds: async () => new Set(['approver']) }, notifier, store),
      report: new TenantReportService({ graph, catalog, prices: priceList(), store: requests }),
      now: () => new Date(),
      logger: silent,
      instanceId: 'bench',
    },
    { intervalMs: 0, detailEveryCycles: DETAIL_EVERY, digestDays: 0, self: { appIds: [], names: ['License Desk'] } },
  );
  const count = () => demo.tenant.requests().count;
  try {
    let before = count();
    const t0 = Date.now();
    await watcher.runCycle();
    const firstCycle = count() - before;
    const firstCycleSeconds = (Date.now() - t0) / 1000;
    const nothingChanged: number[] = [];
    for (let i = 1; i < DETAIL_EVERY; i++) {
      before = count();
      const r = await watcher.runCycle();
      if (r.detailRead) throw new Error('a quiet cycle read details');
      nothingChanged.push(count() - before);
    }
    before = count();
    const periodic = await watcher.runCycle();
    if (!periodic.detailRead) throw new Error('the periodic detail read did not happen');
    return { users, firstCycle, nothingChanged, periodicDetail: count() - before, openIncidents: (await store.openIncidents()).length, firstCycleSeconds };
  } finally {
    await store.close();
    await requests.close();
    await demo.close();
  }
}

async function changeToCard(intervalSeconds: number, samples: number): Promise<WatchBench['changeToCard']> {
  const h = await startHarness({ WATCH_INTERVAL_SECONDS: String(intervalSeconds), WATCH_DIGEST_DAYS: '0' });
  const diego = `a:personal-${USERS.diego.id}`;
  const headers = { 'x-demo-initiator': 'bench' };
  const post = (path: string, body: unknown) => fetch(`${h.demo.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }).then((r) => r.json().catch(() => undefined));
  try {
    await h.say(USERS.diego, 'help');
    // Let the watcher take its baseline.
    await new Promise((r) => setTimeout(r, intervalSeconds * 1000 + 1500));
    const samplesMs: number[] = [];
    const members = [USERS.megan, USERS.alex, USERS.lee, USERS.patti, USERS.grady];
    for (let i = 0; i < samples; i++) {
      // A new group each time: the watcher sees a new group in error at once.
      const group = (await post('/groups', { displayName: `Bench E5 group ${i}`, securityEnabled: true, mailEnabled: false })) as { id: string };
      await post(`/groups/${group.id}/assignLicense`, { addLicenses: [{ skuId: '06ebc4ee-1bb5-47dd-8120-11324bc54e06', disabledPlans: [] }], removeLicenses: [] });
      const started = Date.now();
      await post(`/groups/${group.id}/members/$ref`, { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${members[i % members.length].id}` });
      const want = new RegExp(`Bench E5 group ${i}`);
      for (;;) {
        if (h.connector.calls.some((c) => c.method === 'POST' && c.conversationId === diego && want.test(cardText(c.body)))) break;
        if (Date.now() - started > (intervalSeconds + 30) * 1000) throw new Error('no alert card');
        await new Promise((r) => setTimeout(r, 50));
      }
      samplesMs.push(Date.now() - started);
      // Next change at a random point of the interval.
      await new Promise((r) => setTimeout(r, Math.random() * intervalSeconds * 1000));
    }
    return { intervalSeconds, samplesMs, maxMs: Math.max(...samplesMs) };
  } finally {
    await h.close();
  }
}

export async function benchWatch(sizes = [100, 100_000], log: (line: string) => void = () => undefined): Promise<WatchBench> {
  const cycles: WatchCycleCounts[] = [];
  for (const users of sizes) {
    log(`watch: ${users.toLocaleString('en-US')} users…`);
    cycles.push(await countCycles(users));
  }
  log('watch: change → card…');
  const intervalSeconds = Number(process.env.BENCH_WATCH_INTERVAL ?? 5);
  return { cycles, changeToCard: await changeToCard(intervalSeconds, Number(process.env.BENCH_WATCH_SAMPLES ?? 3)) };
}

if (require.main === module) benchWatch(undefined, (l) => console.error(l)).then((r) => console.log(JSON.stringify(r, null, 2)));
