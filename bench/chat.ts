/**
 * Chat latency and throughput: a load driver posts Teams-shaped activities to /api/messages from N concurrent
 * conversations for a fixed time, with replies captured at a loopback Bot Connector. The same driver runs against a
 * bare echo bot (bench/echo-bot.ts) and an echo bot + 1 Graph read (bench/echo-graph-bot.ts, the floor) in the same
 * run, interleaved in rounds. JSON of the result when run directly (BENCH_SECONDS, BENCH_ROUNDS, BENCH_CONCURRENCY,
 * BENCH_PROFILE_DIR; BENCH_SOAK_MINUTES adds a soak at full load with License Desk's RSS sampled every 30 s).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoTenant } from '../src/demo/server';
import { FakeConnector } from '../test/helpers/fake-connector';
import { freePort } from '../test/helpers/bot-process';

const TENANT = '1244eba3-f610-59e5-a2d1-b78898e91224';
const ADELE = { id: '1ea2962d-fdc5-5734-b838-b41e89e96ab1', name: 'Adele Vance' };

export interface ChatResult {
  /** CPU the bot process spent per message (user + system), and the driver's process (driver, connector, demo). */
  botCpuMsPerMessage?: number;
  driverCpuMsPerMessage?: number;
  messages: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function startProcess(entry: string, env: Record<string, string>, extraArgs: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', ...extraArgs, '--require', 'tsx/cjs', entry], {
    cwd: join(__dirname, '..'),
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'error', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { child, url };
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${entry} did not start`);
}

/** User + system CPU of a process so far, in ms (Linux /proc; clock ticks are 100 Hz here). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Drives `concurrency` conversations against `url` for `seconds`; each waits for its reply before the next message. */
export async function drive(url: string, connector: FakeConnector, text: string, concurrency: number, seconds: number): Promise<ChatResult & { latencies: number[] }> {
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, i) => {
      const conversationId = `a:bench-${i}`;
      for (let n = 0; Date.now() < end; n++) {
        connector.lastPosted.delete(conversationId);
        const t0 = performance.now();
        const res = await fetch(`${url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            type: 'message',
            id: `${i}-${n}`,
            channelId: 'msteams',
            serviceUrl: connector.url,
            text,
            from: { id: `29:${ADELE.id}`, aadObjectId: ADELE.id, name: ADELE.name },
            recipient: { id: '28:bench-bot', name: 'Bot' },
            conversation: { id: conversationId, conversationType: 'personal', tenantId: TENANT },
            channelData: { tenant: { id: TENANT } },
          }),
        });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (res.status !== 200 || !connector.lastPosted.has(conversationId)) errors++;
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return { messages: latencies.length, seconds: elapsed, perSecond: latencies.length / elapsed, p50: at(50), p99: at(99), errors, latencies };
}

export interface ChatBench {
  echo: ChatResult;
  /** The floor that matters: echo + the one Graph read an answer needs. */
  echoGraph: ChatResult;
  licenseDesk: ChatResult;
  /** License Desk answering a free-text question (the conversation layer, NLP.js): FREE_TEXT. */
  freeText: ChatResult;
  /** License Desk vs echo + 1 Graph read (goal: p50 ≤ 1.15×, throughput ≥ 0.85×, CPU/msg ≤ 1.3×). */
  ratios: { p50: number; throughput: number; cpu: number };
  /** The free-text question vs echo + 1 Graph read (same goal). */
  freeTextRatios: { p50: number; throughput: number; cpu: number };
  /** License Desk vs the bare echo bot. */
  ratiosToEcho: { p50: number; throughput: number };
  graphRequestsPerMyLicense: number;
  graphRequestsPerFreeText: number;
  /** How many interleaved rounds the measured time was split into. */
  rounds: number;
  /** License Desk's resident memory: after start, and (BENCH_SOAK_MINUTES) sampled during a soak at full load. */
  memory: { rssAfterStartMB: number; rssAfterBenchMB: number; soak?: SoakResult };
}

export interface SoakResult {
  minutes: number;
  messages: number;
  errors: number;
  /** RSS at the start of the soak and at its end, and the highest sample; samples every 30 s. */
  rssStartMB: number;
  rssEndMB: number;
  rssMaxMB: number;
  samplesMB: number[];
}

/** Resident set of a process now, in MB (Linux /proc). */
function rssMB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 102.4) / 10 : NaN;
}

/** Drives License Desk at full load for `minutes`, half LICENSE_QUESTION, half the free-text question. */
async function soak(url: string, pid: number, connector: FakeConnector, concurrency: number, minutes: number): Promise<SoakResult> {
  const samples = [rssMB(pid)];
  let messages = 0;
  let errors = 0;
  const end = Date.now() + minutes * 60_000;
  for (let i = 0; Date.now() < end; i++) {
    const r = await drive(url, connector, i % 2 === 0 ? LICENSE_QUESTION : FREE_TEXT, concurrency, Math.min(30, Math.max(1, (end - Date.now()) / 1000)));
    messages += r.messages;
    errors += r.errors;
    samples.push(rssMB(pid));
  }
  return { minutes, messages, errors, rssStartMB: samples[0], rssEndMB: samples[samples.length - 1], rssMaxMB: Math.max(...samples), samplesMB: samples };
}

/** The free-text question of the fourth row: not a command, so it goes through the conversation layer. */
export const FREE_TEXT = 'do I have Visio?';
/** The question issue 16 measures (the bot reads it as its "my license" command). */
export const LICENSE_QUESTION = 'what license do I have?';

function ratiosOf(x: ChatResult, floor: ChatResult): { p50: number; throughput: number; cpu: number } {
  return { p50: x.p50 / floor.p50, throughput: x.perSecond / floor.perSecond, cpu: (x.botCpuMsPerMessage ?? 0) / (floor.botCpuMsPerMessage ?? 1) };
}

/** Pools several measured slices of one target: messages, CPU and latencies summed over the rounds. */
class Pooled {
  private readonly latencies: number[] = [];
  private messages = 0;
  private seconds = 0;
  private errors = 0;
  private botCpuMs = 0;
  private driverCpuMs = 0;

  add(slice: ChatResult & { latencies: number[]; botCpuMs: number; driverCpuMs: number }): void {
    this.latencies.push(...slice.latencies);
    this.messages += slice.messages;
    this.seconds += slice.seconds;
    this.errors += slice.errors;
    this.botCpuMs += slice.botCpuMs;
    this.driverCpuMs += slice.driverCpuMs;
  }

  result(): ChatResult {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
    return {
      messages: this.messages,
      seconds: this.seconds,
      perSecond: this.messages / this.seconds,
      p50: at(50),
      p99: at(99),
      errors: this.errors,
      botCpuMsPerMessage: this.botCpuMs / this.messages,
      driverCpuMsPerMessage: this.driverCpuMs / this.messages,
    };
  }
}

/**
 * Every target is started first and measured in turn, `rounds` times (seconds / rounds each): the machine is
 * shared, and a load change during the run then falls on every row alike instead of on whichever ran at that time.
 */
export async function benchChat(options: { concurrency?: number; seconds?: number; rounds?: number; profileDir?: string; soakMinutes?: number } = {}): Promise<ChatBench> {
  const concurrency = options.concurrency ?? 32;
  const seconds = options.seconds ?? 15;
  const rounds = Math.max(1, options.rounds ?? 3);
  const demo = await startDemoTenant();
  const connector = new FakeConnector();
  connector.recordCalls = false;
  await connector.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'license-desk-bench-'));
  const root = join(__dirname, '..');
  const children: ChildProcess[] = [];
  try {
    const echo = await startProcess(join(__dirname, 'echo-bot.ts'), {});
    children.push(echo.child);
    const echoGraph = await startProcess(join(__dirname, 'echo-graph-bot.ts'), { GRAPH_BASE_URL: demo.baseUrl });
    children.push(echoGraph.child);
    const bot = await startProcess(join(root, 'src/index.ts'), { GRAPH_BASE_URL: demo.baseUrl, DATA_DIR: dataDir }, options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : []);
    children.push(bot.child);
    const rssAfterStartMB = rssMB(bot.child.pid!);

    // Graph requests for one "my license" and one free-text answer, with the SKU table already cached (steady state).
    await drive(bot.url, connector, 'my license', 1, 0.01);
    const before = demo.tenant.requests().count;
    await drive(bot.url, connector, 'my license', 1, 0.001);
    const graphRequestsPerMyLicense = demo.tenant.requests().count - before;
    const beforeFreeText = demo.tenant.requests().count;
    await drive(bot.url, connector, FREE_TEXT, 1, 0.001);
    const graphRequestsPerFreeText = demo.tenant.requests().count - beforeFreeText;

    const targets = [
      { name: 'echo', url: echo.url, child: echo.child, text: LICENSE_QUESTION, pooled: new Pooled() },
      { name: 'echoGraph', url: echoGraph.url, child: echoGraph.child, text: LICENSE_QUESTION, pooled: new Pooled() },
      { name: 'licenseDesk', url: bot.url, child: bot.child, text: LICENSE_QUESTION, pooled: new Pooled() },
      { name: 'freeText', url: bot.url, child: bot.child, text: FREE_TEXT, pooled: new Pooled() },
    ] as const;
    for (const t of targets) await drive(t.url, connector, t.text, concurrency, 2); // warm-up
    for (let round = 0; round < rounds; round++) {
      for (const t of targets) t.pooled.add(await slice(t.child, () => drive(t.url, connector, t.text, concurrency, seconds / rounds)));
    }
    const [echoResult, echoGraphResult, botResult, freeTextResult] = targets.map((t) => t.pooled.result());
    const rssAfterBenchMB = rssMB(bot.child.pid!);
    const soakResult = options.soakMinutes ? await soak(bot.url, bot.child.pid!, connector, concurrency, options.soakMinutes) : undefined;
    return {
      echo: echoResult,
      echoGraph: echoGraphResult,
      licenseDesk: botResult,
      freeText: freeTextResult,
      ratios: ratiosOf(botResult, echoGraphResult),
      freeTextRatios: ratiosOf(freeTextResult, echoGraphResult),
      ratiosToEcho: { p50: botResult.p50 / echoResult.p50, throughput: botResult.perSecond / echoResult.perSecond },
      graphRequestsPerMyLicense,
      graphRequestsPerFreeText,
      rounds,
      memory: { rssAfterStartMB, rssAfterBenchMB, soak: soakResult },
    };
  } finally {
    for (const child of children.reverse()) await stop(child);
    await connector.stop();
    await demo.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One measured slice: the driver's result with its latencies, and the CPU the bot and the driver spent meanwhile. */
async function slice(child: ChildProcess, run: () => Promise<ChatResult & { latencies: number[] }>) {
  const botBefore = cpuMs(child.pid!);
  const selfBefore = process.cpuUsage();
  const result = await run();
  const self = process.cpuUsage(selfBefore);
  return { ...result, botCpuMs: cpuMs(child.pid!) - botBefore, driverCpuMs: (self.user + self.system) / 1000 };
}

if (require.main === module) {
  benchChat({ seconds: Number(process.env.BENCH_SECONDS ?? 10), rounds: Number(process.env.BENCH_ROUNDS ?? 3), concurrency: Number(process.env.BENCH_CONCURRENCY ?? 32), profileDir: process.env.BENCH_PROFILE_DIR, soakMinutes: Number(process.env.BENCH_SOAK_MINUTES ?? 0) }).then((r) => console.log(JSON.stringify(r, null, 2)));
}
