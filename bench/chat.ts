/**
 * Chat latency and throughput: a load driver posts Teams-shaped activities to /api/messages from N concurrent
 * conversations for a fixed time, with replies captured at a loopback Bot Connector. The same driver runs against a
 * bare echo bot (bench/echo-bot.ts) in the same run: that is the floor.
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

async function measured(child: ChildProcess, run: () => Promise<ChatResult>): Promise<ChatResult> {
  const botBefore = cpuMs(child.pid!);
  const selfBefore = process.cpuUsage();
  const result = await run();
  const self = process.cpuUsage(selfBefore);
  return {
    ...result,
    botCpuMsPerMessage: (cpuMs(child.pid!) - botBefore) / result.messages,
    driverCpuMsPerMessage: (self.user + self.system) / 1000 / result.messages,
  };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Drives `concurrency` conversations against `url` for `seconds`; each waits for its reply before the next message. */
export async function drive(url: string, connector: FakeConnector, text: string, concurrency: number, seconds: number): Promise<ChatResult> {
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
  return { messages: latencies.length, seconds: elapsed, perSecond: latencies.length / elapsed, p50: at(50), p99: at(99), errors };
}

export interface ChatBench {
  echo: ChatResult;
  /** The floor that matters: echo + the one Graph read an answer needs. */
  echoGraph: ChatResult;
  licenseDesk: ChatResult;
  /** License Desk vs echo + 1 Graph read (goal: p50 ≤ 1.15×, throughput ≥ 0.85×, CPU/msg ≤ 1.3×). */
  ratios: { p50: number; throughput: number; cpu: number };
  /** License Desk vs the bare echo bot. */
  ratiosToEcho: { p50: number; throughput: number };
  graphRequestsPerMyLicense: number;
}

export async function benchChat(options: { concurrency?: number; seconds?: number; profileDir?: string } = {}): Promise<ChatBench> {
  const concurrency = options.concurrency ?? 32;
  const seconds = options.seconds ?? 15;
  const demo = await startDemoTenant();
  const connector = new FakeConnector();
  connector.recordCalls = false;
  await connector.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'license-desk-bench-'));
  const root = join(__dirname, '..');
  try {
    const echo = await startProcess(join(__dirname, 'echo-bot.ts'), {});
    await drive(echo.url, connector, 'my license', concurrency, 2); // warm-up
    const echoResult = await measured(echo.child, () => drive(echo.url, connector, 'my license', concurrency, seconds));
    await stop(echo.child);

    const echoGraph = await startProcess(join(__dirname, 'echo-graph-bot.ts'), { GRAPH_BASE_URL: demo.baseUrl });
    await drive(echoGraph.url, connector, 'my license', concurrency, 2); // warm-up
    const echoGraphResult = await measured(echoGraph.child, () => drive(echoGraph.url, connector, 'my license', concurrency, seconds));
    await stop(echoGraph.child);

    const bot = await startProcess(join(root, 'src/index.ts'), { GRAPH_BASE_URL: demo.baseUrl, DATA_DIR: dataDir }, options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : []);
    // Graph requests for one "my license", with the SKU table already cached (as in steady state).
    await drive(bot.url, connector, 'my license', 1, 0.01);
    const before = demo.tenant.requests().count;
    await drive(bot.url, connector, 'my license', 1, 0.001);
    const graphRequestsPerMyLicense = demo.tenant.requests().count - before;
    await drive(bot.url, connector, 'my license', concurrency, 2); // warm-up
    const botResult = await measured(bot.child, () => drive(bot.url, connector, 'my license', concurrency, seconds));
    await stop(bot.child);
    return {
      echo: echoResult,
      echoGraph: echoGraphResult,
      licenseDesk: botResult,
      ratios: {
        p50: botResult.p50 / echoGraphResult.p50,
        throughput: botResult.perSecond / echoGraphResult.perSecond,
        cpu: (botResult.botCpuMsPerMessage ?? 0) / (echoGraphResult.botCpuMsPerMessage ?? 1),
      },
      ratiosToEcho: { p50: botResult.p50 / echoResult.p50, throughput: botResult.perSecond / echoResult.perSecond },
      graphRequestsPerMyLicense,
    };
  } finally {
    await connector.stop();
    await demo.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchChat({ seconds: Number(process.env.BENCH_SECONDS ?? 10), profileDir: process.env.BENCH_PROFILE_DIR }).then((r) => console.log(JSON.stringify(r, null, 2)));
}
