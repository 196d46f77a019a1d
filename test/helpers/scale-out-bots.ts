/**
 * License Desk bots as separate PROCESSES (test/helpers/scale-out-bot-entry.ts under tsx), for tests where several
 * instances share one store. Each one can be asked for its store counters, stopped gracefully or killed -9.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { TableStoreStats } from '../../src/store/table-request-store';
import { teamsActivity, type DemoUser } from './bot-harness';
import { postActivity } from './post-activity';

export interface BotInstance {
  name: string;
  url: string;
  pid: number;
  /** Everything the process wrote to stdout/stderr (pino JSON lines at LOG_LEVEL). */
  output(): string;
  /** Parsed JSON log lines. */
  logs(): Array<Record<string, unknown>>;
  stats(): Promise<TableStoreStats | undefined>;
  /** Posts an activity to /api/messages as the Bot Connector would. */
  post(activity: Record<string, unknown>): Promise<{ status: number; body: any }>;
  /** kill -9: no shutdown code runs, as in a crash. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

const ENTRY = resolve(__dirname, 'scale-out-bot-entry.ts');
const ROOT = resolve(__dirname, '../..');

export async function startBotInstance(name: string, env: Record<string, string>): Promise<BotInstance> {
  const child: ChildProcess = fork(ENTRY, [], {
    // tsx's full loader (ESM + CJS), as `tsx src/index.ts` runs: the composition root uses dynamic import(),
    // which `--require tsx/cjs` alone does not resolve for .ts files.
    execArgv: ['--import', 'tsx', '--disable-warning=DEP0111'],
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const ready = await new Promise<{ url: string }>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start in 60 s:\n${output.slice(-2000)}`)), 60_000);
    child.on('message', (m: any) => {
      if (m?.type === 'ready') {
        clearTimeout(timer);
        ok(m);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`${name} exited (${code}) before it was ready:\n${output.slice(-2000)}`));
    });
  });
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    name,
    url: ready.url,
    pid: child.pid!,
    output: () => output,
    logs: () =>
      output
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => {
          try {
            return JSON.parse(l) as Record<string, unknown>;
          } catch {
            return {};
          }
        }),
    stats: () =>
      new Promise((ok) => {
        if (!alive()) return ok(undefined);
        const listener = (m: any) => {
          if (m?.type === 'stats') {
            child.off('message', listener);
            ok(m.stats);
          }
        };
        child.on('message', listener);
        child.send({ type: 'stats' });
      }),
    post(activity) {
      return postActivity(ready.url, activity);
    },
    async kill() {
      if (alive()) process.kill(child.pid!, 'SIGKILL');
      await exited;
    },
    async stop() {
      if (alive()) {
        child.send({ type: 'stop' });
        const timer = setTimeout(() => alive() && process.kill(child.pid!, 'SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/** An Action.Execute click (adaptiveCard/action invoke) from `user` in their personal chat, shaped as in bot-harness.ts. */
export function clickActivity(serviceUrl: string, user: DemoUser, verb: string, data: Record<string, unknown>): Record<string, unknown> {
  return teamsActivity(serviceUrl, user, { type: 'invoke', name: 'adaptiveCard/action', text: '', value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } });
}
