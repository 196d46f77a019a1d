/**
 * `npm run bench -- bulk`: a 500-person batch on the demo tenant with 20 ms injected latency per Graph request.
 * Submission (everyone checked), approval, execution (one assignLicense per person, verified with $batch);
 * Graph requests counted per phase from the demo tenant's own log, wall time per phase, peak RSS (bot and demo
 * tenant share this process, so the figure covers both).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import contoso from '../src/demo/fixtures/contoso.json';
import { loadConfig } from '../src/config';
import { startDemoTenant } from '../src/demo/server';
import { startLicenseDesk } from '../src/index';
import { createLogger } from '../src/logging';

const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
const GROUP = 'b0000000-0000-4000-8000-000000000500';
const DIEGO = { aadObjectId: '4b29c44d-157a-5930-b4fa-b0edf0278b95', name: 'Diego Siciliani' };
const LYNNE = { aadObjectId: '2f7f03c3-8f0a-5c24-9983-b00034561bbf', name: 'Lynne Robbins' };

export interface BulkBenchResult {
  people: number;
  latencyMs: number;
  submit: { seconds: number; graphRequests: number; batchRequests: number };
  approve: { seconds: number; graphRequests: number };
  execute: { seconds: number; graphWrites: number; graphReads: number; batchReads: number; readsGoal: string; done: number; failed: number };
  peakRssMB: number;
  /** The process's RSS when the bench started: in a full `npm run bench` the earlier benches' memory is in it. */
  startRssMB: number;
}

function fixture(people: number): unknown {
  const f = structuredClone(contoso) as any;
  const members: string[] = [];
  for (let i = 0; i < people; i++) {
    const id = `b0000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    members.push(id);
    f.users.push({ id, displayName: `Bulk User ${i}`, userPrincipalName: `bulk${i}@contoso.example`, mail: `bulk${i}@contoso.example`, jobTitle: 'Clerk', department: 'Operations', usageLocation: 'US', accountEnabled: true, assignedLicenses: [] });
  }
  f.groups.push({ id: GROUP, displayName: 'Bulk 500', securityEnabled: true, assignedLicenses: [], members });
  f.groups.find((g: any) => g.displayName === 'License Approvers').members.push(LYNNE.aadObjectId);
  f.subscribedSkus.find((s: any) => s.skuId === E3).prepaidUnits.enabled = people + 50;
  return f;
}

export async function benchBulk(people = 500, latencyMs = 20): Promise<BulkBenchResult> {
  const demo = await startDemoTenant(fixture(people) as never);
  const dir = mkdtempSync(join(tmpdir(), 'license-desk-bench-bulk-'));
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const config = loadConfig({ PORT: '0', GRAPH_BASE_URL: demo.baseUrl, DATA_DIR: dir, NODE_ENV: 'test', LOG_LEVEL: 'silent', APPROVER_GROUP_ID: (fixture(0) as any).groups[0].id });
  const app = await startLicenseDesk(config, { host: '127.0.0.1', logger: createLogger('silent') });
  const counts = () => {
    const recent = demo.tenant.requests();
    return { count: recent.count, writes: demo.tenant.writes().filter((w) => /assignLicense/.test(w.path)).length };
  };
  const batchPosts = () => demo.tenant.requests().recent.filter((r) => r.path.endsWith('/$batch')).length;
  try {
    await app.graph.getSubscribedSkus();
    demo.tenant.setFaults({ latencyMs });

    let before = counts();
    let batchesBefore = batchPosts();
    let t = performance.now();
    const outcome = await app.batches.submit(LYNNE, { product: 'SPE_E3', people: { kind: 'group', group: 'Bulk 500' }, reason: 'bench' });
    if (outcome.kind !== 'created') throw new Error(`submit: ${outcome.kind}`);
    const submit = { seconds: (performance.now() - t) / 1000, graphRequests: counts().count - before.count, batchRequests: batchPosts() - batchesBefore };

    before = counts();
    t = performance.now();
    const decided = await app.requests.decide(DIEGO, outcome.request.id, 'approved');
    if (decided.kind !== 'decided') throw new Error(`decide: ${decided.kind}`);
    const approve = { seconds: (performance.now() - t) / 1000, graphRequests: counts().count - before.count };

    before = counts();
    batchesBefore = batchPosts();
    t = performance.now();
    await app.requests.settled();
    const seconds = (performance.now() - t) / 1000;
    const after = counts();
    const graphWrites = after.writes - before.writes;
    const stored = await app.store.get(outcome.request.id);
    return {
      people,
      latencyMs,
      submit,
      approve,
      execute: {
        seconds,
        graphWrites,
        graphReads: after.count - before.count - graphWrites,
        batchReads: batchPosts() - batchesBefore,
        readsGoal: `≤ ${Math.ceil(people / 20)} + a constant`,
        done: stored?.batch?.progress.done ?? 0,
        failed: stored?.batch?.progress.failed ?? 0,
      },
      peakRssMB: Math.round(peak / 2 ** 20),
      startRssMB: Math.round(startRss / 2 ** 20),
    };
  } finally {
    clearInterval(sampler);
    await app.close();
    await demo.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
