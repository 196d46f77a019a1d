/** The demo entry point as a process: DEMO_TENANT_FILE, DEMO_GRAPH_PORT (0 here: ephemeral), SIGTERM. */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoOptionsFromEnv } from '../../src/demo/main';
import { contosoFixture } from '../helpers/demo-tenant';

const MAIN = join(__dirname, '../../src/demo/main.ts');

function run(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', MAIN], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (d) => (text += d));
  child.stderr!.on('data', (d) => (text += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

async function waitFor(predicate: () => boolean, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('demo tenant entry point (src/demo/main.ts)', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'demo-main-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('serves DEMO_TENANT_FILE on DEMO_GRAPH_PORT and stops on SIGTERM', async () => {
    const f = contosoFixture();
    f.organization.displayName = 'Fabrikam (file)';
    const file = join(dir, 'fabrikam.json');
    writeFileSync(file, JSON.stringify(f));
    const proc = run({ DEMO_TENANT_FILE: file, DEMO_GRAPH_PORT: '0' });
    try {
      await waitFor(() => /\/v1\.0\b/.test(proc.output()));
      const baseUrl = /(http:\/\/127\.0\.0\.1:\d+\/v1\.0)/.exec(proc.output())![1];
      const org = await (await fetch(`${baseUrl}/organization`)).json();
      assert.equal((org as any).value[0].displayName, 'Fabrikam (file)');
    } finally {
      proc.child.kill('SIGTERM');
    }
    assert.equal(await proc.exited, 0);
    assert.match(proc.output(), /SIGTERM: closing the demo tenant/);
  });

  it('refuses an invalid fixture at start, naming the place, with exit code 1', async () => {
    const f = contosoFixture();
    f.groups[1].members.push('12345678-1234-4234-8234-123456789012');
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(f));
    const proc = run({ DEMO_TENANT_FILE: file, DEMO_GRAPH_PORT: '0' });
    assert.equal(await proc.exited, 1);
    assert.match(proc.output(), /broken\.json:\n {2}- groups\[1\]\.members\[2\] "12345678-1234-4234-8234-123456789012" is not a user id/);
  });

  it('reads its options from the environment', () => {
    assert.deepEqual(demoOptionsFromEnv({}), { tenantFile: undefined, port: 5980, host: '127.0.0.1' });
    assert.deepEqual(demoOptionsFromEnv({ DEMO_TENANT_FILE: '/x.json', DEMO_GRAPH_PORT: '6001' }), { tenantFile: '/x.json', port: 6001, host: '127.0.0.1' });
    assert.throws(() => demoOptionsFromEnv({ DEMO_GRAPH_PORT: 'http' }), /DEMO_GRAPH_PORT/);
    assert.equal(demoOptionsFromEnv({ DEMO_PAGE_SIZE: '7' }).pageSize, 7);
    assert.throws(() => demoOptionsFromEnv({ DEMO_PAGE_SIZE: '0' }), /DEMO_PAGE_SIZE/);
  });
});
