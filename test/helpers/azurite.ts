/**
 * Azurite (the Azure Storage emulator, an npm devDependency) for tests: the Table service only, in memory, on a
 * free loopback port, in a temp working directory. Azurite 3.35 accepts --tablePort 0 but then reports port 0,
 * so the port is picked here (and the start retried if someone takes it first).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Azurite's well-known development account (public, documented; not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface RunningAzurite {
  connectionString: string;
  tableUrl: string;
  pid: number;
  stop(): Promise<void>;
}

const AZURITE_TABLE = resolve(__dirname, '../../node_modules/azurite/dist/src/table/main.js');

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => ok(port));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    // Any HTTP answer (even 400/403 for an unsigned request) means the Table endpoint is up.
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

async function startOnce(port: number, dir: string): Promise<{ child: ChildProcess; ready: boolean; output: string }> {
  const child = spawn(
    process.execPath,
    [AZURITE_TABLE, '--tableHost', '127.0.0.1', '--tablePort', String(port), '--inMemoryPersistence', '--silent', '--skipApiVersionCheck', '--loose', '--disableTelemetry'],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  let exited = false;
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && !exited) {
    if (await answers(`http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`)) return { child, ready: true, output };
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!exited) child.kill('SIGKILL');
  return { child, ready: false, output };
}

export async function startAzurite(): Promise<RunningAzurite> {
  const dir = mkdtempSync(join(tmpdir(), 'license-desk-azurite-'));
  let lastOutput = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const { child, ready, output } = await startOnce(port, dir);
    lastOutput = output;
    if (!ready) continue;
    const tableUrl = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
    return {
      connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};TableEndpoint=${tableUrl};`,
      tableUrl,
      pid: child.pid!,
      async stop() {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise<void>((r) => child.once('exit', () => r()));
          process.kill(child.pid!, 'SIGTERM');
          const timer = setTimeout(() => child.exitCode === null && child.signalCode === null && process.kill(child.pid!, 'SIGKILL'), 3000);
          await exited;
          clearTimeout(timer);
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`Azurite did not start: ${lastOutput.slice(-500)}`);
}
