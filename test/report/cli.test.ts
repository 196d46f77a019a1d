/** `license-desk report`: options, exit codes, JSON and CSV output against the demo tenant. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main';
import { runReport, type RunReportOptions } from '../../src/cli/report';
import { parseCsv } from '../../src/licensing/csv';
import { NOW, reportRig, type ReportRig } from './helpers';

async function run(args: string[], options: RunReportOptions = {}): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: '', err: '' };
  out.on('data', (d) => (chunks.out += d));
  err.on('data', (d) => (chunks.err += d));
  // An empty environment: no GRAPH_* → the bundled demo tenant, unless --graph says otherwise.
  const code = await runReport(args, out, err, { env: {}, now: () => NOW, ...options });
  return { code, ...chunks };
}

describe('CLI: license-desk report', () => {
  let rig: ReportRig;
  let dir: string;
  before(async () => {
    rig = await reportRig();
    dir = mkdtempSync(join(tmpdir(), 'license-desk-report-'));
  });
  after(async () => {
    await rig.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('with nothing configured, reports on the bundled demo tenant; --format json gives the whole report', async () => {
    const r = await run(['--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(r.out);
    assert.equal(report.totals.users, 14);
    assert.equal(report.totals.monthlyWaste, 6);
    assert.equal(report.totals.redundantLicenses, 2);
    assert.deepEqual(report.inactive.map((i: { user: string }) => i.user), ['Henrietta Mueller']);
    assert.match(r.err, /reporting on the demo tenant "Contoso \(demo\)"/);
    assert.match(r.err, /Report: 14 users \(12 licensed\) · 2 redundant licenses, \$6\.00\/month .* 4 Graph requests in/);
  });

  it('CSV to stdout by default (no BOM), to --out FILE with a BOM; --inactive-days is honoured', async () => {
    const r = await run([]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.slice(0, 8), 'finding,');
    const findings = parseCsv(r.out).slice(1).map((row) => row[0]);
    assert.deepEqual(findings.filter((f) => f !== 'seats'), ['redundant', 'redundant', 'inactive', 'overlapping', 'no-usage-location']);

    const file = join(dir, 'report.csv');
    const toFile = await run(['--out', file, '--inactive-days', '365']);
    assert.equal(toFile.code, 0, toFile.err);
    assert.equal(toFile.out, '');
    const text = readFileSync(file, 'utf8');
    assert.equal(text.charCodeAt(0), 0xfeff);
    // Henrietta's 206 days are under 365: no inactive row.
    assert.equal(parseCsv(text).some((row) => row[0] === 'inactive'), false);
    assert.match(toFile.err, new RegExp(`→ ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.`));
  });

  it('--format billing: one row per licensed user and a total, to stdout (no BOM) or to a file (BOM)', async () => {
    const r = await run(['--format', 'billing']);
    assert.equal(r.code, 0, r.err);
    const rows = parseCsv(r.out);
    assert.equal(rows[0][0], 'row');
    assert.equal(rows.length, 1 + 12 + 1, 'Contoso: 12 licensed users and the total');
    assert.deepEqual(rows.at(-1)!.slice(0, 2), ['total', '12 licensed users']);
    const file = join(dir, 'billing.csv');
    const toFile = await run(['--format', 'billing', '--out', file]);
    assert.equal(toFile.code, 0, toFile.err);
    assert.equal(readFileSync(file, 'utf8').charCodeAt(0), 0xfeff);
  });

  it('--graph URL (or GRAPH_BASE_URL) talks to that endpoint and starts no demo tenant', async () => {
    const viaFlag = await run(['--format', 'json', '--graph', rig.demo.baseUrl]);
    assert.equal(viaFlag.code, 0, viaFlag.err);
    assert.doesNotMatch(viaFlag.err, /demo tenant/);
    assert.equal(JSON.parse(viaFlag.out).totals.users, 14);
    const viaEnv = await run(['--format', 'json'], { env: { GRAPH_BASE_URL: rig.demo.baseUrl } });
    assert.equal(viaEnv.code, 0, viaEnv.err);
    assert.doesNotMatch(viaEnv.err, /demo tenant/);
  });

  it('bad options → exit 2 with a clear message and the usage', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--format', 'xml'], /--format must be csv, billing or json, not "xml"/],
      [['--inactive-days', '0'], /--inactive-days must be a whole number of days from 1 to 3650, not "0"/],
      [['--inactive-days', '12.5'], /--inactive-days must be a whole number/],
      [['--graph', 'ftp://graph'], /--graph must be an http\(s\) URL/],
      [['--out', ''], /--out needs a file name/],
      [['--bogus'], /Unknown option '--bogus'/],
      [['extra'], /Unexpected argument 'extra'/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, message);
      assert.match(r.err, /Usage: license-desk report/);
      assert.equal(r.out, '');
    }
    // A broken environment is a configuration error too.
    const env = await run([], { env: { GRAPH_CLIENT_SECRET: 'x' } });
    assert.equal(env.code, 2);
    assert.match(env.err, /GRAPH_TENANT_ID/);
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /--inactive-days/);
  });

  it('Graph refusing → exit 1 with the reason in plain words', async () => {
    rig.demo.tenant.setFaults({ failNext: 100, failNextStatus: 401 });
    try {
      const r = await run(['--graph', rig.demo.baseUrl]);
      assert.equal(r.code, 1);
      assert.match(r.err, /could not authenticate to Microsoft Graph/);
      assert.equal(r.out, '');
    } finally {
      rig.demo.tenant.setFaults({});
    }
  });

  it('a progress line on a terminal does not disturb the output', async () => {
    const r = await run(['--format', 'json'], { isTTY: true });
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out).totals.users, 14);
  });

  it('is reachable as `license-desk report` (main and the bin script, exit codes included)', async () => {
    const out = new PassThrough();
    const err = new PassThrough();
    let text = '';
    err.on('data', (d) => (text += d));
    assert.equal(await main(['report', '--format', 'yaml'], out, err), 2);
    assert.match(text, /--format must be csv, billing or json/);
    const bin = resolvePath(__dirname, '../../bin/license-desk.js');
    const result = spawnSync(process.execPath, [bin, 'report', '--inactive-days', 'soon'], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /--inactive-days must be a whole number/);
  });
});
