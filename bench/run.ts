/** `npm run bench`: runs every benchmark, prints a table and writes bench/results/latest.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchChat, FREE_TEXT, LICENSE_QUESTION } from './chat';
import { benchGraphRequests } from './graph-requests';
import { benchReport } from './report';
import { benchResolver } from './resolver';
import { benchUnderstanding } from './understanding';
import { benchWatch } from './watch';
import { benchBulk } from './bulk';

const ms = (n: number) => `${n.toFixed(1)} ms`;
const BENCH_CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

async function main(): Promise<void> {
  const only = process.argv[2];
  const results: Record<string, unknown> = {};
  const rows: Array<[string, string]> = [];
  if (!only || only === 'resolver') {
    const r = benchResolver(Number(process.env.BENCH_USERS ?? 100_000));
    results.resolver = r;
    rows.push(['resolver: users resolved / s', `${r.usersPerSecond.toLocaleString('en-US')} (${r.users.toLocaleString('en-US')} users in ${r.seconds.toFixed(2)} s, ${r.redundantFound} redundant licenses found)`]);
  }
  if (!only || only === 'chat') {
    const r = await benchChat({ concurrency: BENCH_CONCURRENCY, seconds: Number(process.env.BENCH_SECONDS ?? 15), rounds: Number(process.env.BENCH_ROUNDS ?? 3), profileDir: process.env.BENCH_PROFILE_DIR, soakMinutes: Number(process.env.BENCH_SOAK_MINUTES ?? 0) });
    results.chat = r;
    const line = (x: typeof r.echo) =>
      `p50 ${ms(x.p50)}, p99 ${ms(x.p99)}, ${x.perSecond.toFixed(0)} msg/s (${x.messages} messages, ${x.errors} errors); ` +
      `CPU/msg: bot ${x.botCpuMsPerMessage?.toFixed(2)} ms, driver+connector+demo ${x.driverCpuMsPerMessage?.toFixed(2)} ms`;
    rows.push(['chat: bare echo bot', line(r.echo)]);
    rows.push(['chat: echo + 1 Graph read (floor)', line(r.echoGraph)]);
    rows.push([`chat: License Desk "${LICENSE_QUESTION}"`, line(r.licenseDesk)]);
    rows.push([`chat: License Desk free text "${FREE_TEXT}"`, `${line(r.freeText)}; ${r.graphRequestsPerFreeText} Graph request(s) per answer`]);
    const ratio = (x: typeof r.ratios) => `p50 ${x.p50.toFixed(2)}×, throughput ${x.throughput.toFixed(2)}×, CPU/msg ${x.cpu.toFixed(2)}×`;
    rows.push([`chat: "${LICENSE_QUESTION}" vs floor (goal p50 ≤ 1.15×, msg/s ≥ 0.85×, CPU ≤ 1.3×)`, ratio(r.ratios)]);
    rows.push(['chat: free text vs floor (same goal)', ratio(r.freeTextRatios)]);
    const mem = r.memory;
    rows.push(['chat: License Desk RSS', `${mem.rssAfterStartMB} MB after start, ${mem.rssAfterBenchMB} MB after the chat bench` + (mem.soak ? `; soak ${mem.soak.minutes} min at ${BENCH_CONCURRENCY} conversations (${mem.soak.messages} messages, ${mem.soak.errors} errors): ${mem.soak.rssStartMB} → ${mem.soak.rssEndMB} MB (max ${mem.soak.rssMaxMB})` : ' (BENCH_SOAK_MINUTES=10 for the soak)')]);
    rows.push(['chat: vs bare echo', `p50 ${r.ratiosToEcho.p50.toFixed(2)}×, throughput ${r.ratiosToEcho.throughput.toFixed(2)}×`]);
  }
  if (!only || only === 'graph') {
    const r = await benchGraphRequests();
    results.graphRequests = r;
    rows.push(['Graph requests: one "my license" (goal 1)', `${r.myLicense}; via a group-inherited license ${r.myLicenseViaGroup}`]);
    rows.push(['Graph requests: one approved swap (goal ≤ 4)', `${r.approvedSwap}: ${r.approvedSwapCalls.join('; ')}`]);
  }
  if (!only || only === 'report') {
    const r = await benchReport(Number(process.env.BENCH_REPORT_USERS ?? 100_000), (line) => console.error(`  ${line}`), Number(process.env.BENCH_REPORT_ROUNDS ?? 3));
    results.report = r;
    rows.push(['report: time', `${r.report.seconds.toFixed(2)} s for ${r.users.toLocaleString('en-US')} users`]);
    rows.push(['report: CPU vs floor (goal ≤ 1.3×)', `${r.report.cpuSeconds.toFixed(2)} s vs ${r.floor.cpuSeconds.toFixed(2)} s fetch + JSON.parse → ${r.cpuRatio.toFixed(2)}× (median of ${r.rounds.length} rounds: ${r.rounds.map((x) => `${x.ratio.toFixed(2)}×`).join(', ')})`]);
    rows.push(['report: billing rows, card size', `${r.report.billingRows.toLocaleString('en-US')} rows spooled; card ${Object.entries(r.report.cardBytes).map(([l, b]) => `${l} ${(b / 1024).toFixed(1)} KB`).join(', ')} (goal < 28 KB)`]);
    rows.push(['report: Graph requests', `${r.report.graphRequests} = ${r.requestsFormula} (demo counted ${r.report.demoCountedRequests})`]);
    rows.push(['report: peak RSS', `${r.report.peakRssMB} MB (after imports ${r.report.baselineRssMB} MB; peak heap ${r.report.peakHeapMB} MB)`]);
    rows.push(['report: floor (fetch + JSON.parse)', `${r.floor.fetchAndParseSeconds.toFixed(2)} s, CPU ${r.floor.cpuSeconds.toFixed(2)} s for ${r.floor.pages} pages; JSON.parse alone ${r.floor.parseOnlySeconds.toFixed(2)} s; peak RSS ${r.floor.peakRssMB} MB`]);
    rows.push(['report: demo tenant', `started in ${r.demo.startSeconds.toFixed(1)} s, peak RSS ${r.demo.peakRssMB ?? '?'} MB, fixture ${r.fixtureMB} MB`]);
  }
  if (!only || only === 'understanding') {
    const r = await benchUnderstanding(Number(process.env.BENCH_UNDERSTANDING_ROUNDS ?? 20));
    results.understanding = r;
    const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
    for (const [language, f] of Object.entries(r.perLanguage)) {
      rows.push([`understanding: ${language} (goal ≥ 95% intents)`, `intents ${pct(f.intentAccuracy)} of ${f.items}, entities ${pct(f.entityAccuracy)} of ${f.entityItems}`]);
      const confusions = Object.entries(f.confusions).map(([pair, n]) => `${n}× ${pair}`).join(', ');
      if (confusions) rows.push([`understanding: ${language} confusions (want → got)`, confusions]);
    }
    rows.push(['understanding: time per message (goal p99 ≤ 2 ms)', `p50 ${r.timing.p50Ms.toFixed(3)} ms, p99 ${r.timing.p99Ms.toFixed(3)} ms (${r.timing.messages} messages); CPU p50 ${r.timing.cpuP50Ms.toFixed(3)} ms, p99 ${r.timing.cpuP99Ms.toFixed(3)} ms; load average ${r.timing.loadAverage.toFixed(1)} on ${cpus().length} cores`]);
    rows.push(['understanding: training at start-up', ms(r.trainingMs)]);
  }
  if (!only || only === 'watch') {
    const sizes = (process.env.BENCH_WATCH_USERS ?? '100,100000').split(',').map(Number);
    const r = await benchWatch(sizes, (line) => console.error(`  ${line}`));
    results.watch = r;
    for (const c of r.cycles) {
      rows.push([`watch: Graph requests per cycle, ${c.users.toLocaleString('en-US')} users (goal ≤ 4 when nothing changed)`, `nothing changed: ${[...new Set(c.nothingChanged)].join('/')}; periodic detail re-read: ${c.periodicDetail}; first cycle: ${c.firstCycle} (${c.firstCycleSeconds.toFixed(1)} s, report for seat candidates included); ${c.openIncidents} open incidents`]);
    }
    rows.push([`watch: change → alert card (goal ≤ ${r.changeToCard.intervalSeconds} s + 2 s)`, `max ${(r.changeToCard.maxMs / 1000).toFixed(2)} s; samples ${r.changeToCard.samplesMs.map((m) => (m / 1000).toFixed(2)).join(', ')} s (interval ${r.changeToCard.intervalSeconds} s)`]);
  }
  if (!only || only === 'bulk') {
    const r = await benchBulk(Number(process.env.BENCH_BULK_PEOPLE ?? 500), Number(process.env.BENCH_BULK_LATENCY_MS ?? 20));
    results.bulk = r;
    rows.push([`bulk: ${r.people} people, ${r.latencyMs} ms latency — submit`, `${r.submit.seconds.toFixed(2)} s, ${r.submit.graphRequests} Graph requests (${r.submit.batchRequests} $batch)`]);
    rows.push(['bulk: approve (invoke answer)', `${(r.approve.seconds * 1000).toFixed(0)} ms, ${r.approve.graphRequests} Graph requests`]);
    rows.push([`bulk: execute (goal writes = ${r.people}, reads ${r.execute.readsGoal})`, `${r.execute.seconds.toFixed(2)} s; writes ${r.execute.graphWrites}, reads ${r.execute.graphReads} (${r.execute.batchReads} $batch); ${r.execute.done} done, ${r.execute.failed} failed`]);
    rows.push(['bulk: peak RSS (bot + demo tenant)', `${r.peakRssMB} MB (the process was at ${r.startRssMB} MB when the bench began; \`npm run bench bulk\` alone for its own figure)`]);
  }
  const machine = { node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, memoryGB: Math.round(totalmem() / 2 ** 30) };
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), JSON.stringify({ at: new Date().toISOString(), machine, results }, null, 2) + '\n');
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  console.log(`machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node} → bench/results/latest.json`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
