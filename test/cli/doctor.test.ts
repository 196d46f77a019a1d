/** `license-desk doctor` against the demo tenant: all green, a 403 per permission, credentials, tenant ids. */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { runChecks } from '../../src/cli/doctor-checks';
import { runDoctor } from '../../src/cli/doctor';
import { loadConfig } from '../../src/config';
import { startDemoTenant, type StartedDemoTenant } from '../../src/demo/server';
import { createGraphGateway } from '../../src/graph/gateway';
import { GROUP, ORG_ID, setFaults } from '../helpers/demo-tenant';

async function doctor(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: '', err: '' };
  out.on('data', (d) => (chunks.out += d));
  err.on('data', (d) => (chunks.err += d));
  const code = await runDoctor(args, out, err, { env });
  return { code, ...chunks };
}

/** An unsigned JWT-shaped token carrying these application roles (the doctor only reads the claims). */
function tokenWith(roles: string[]): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ roles, tid: ORG_ID })}.sig`;
}

describe('CLI: license-desk doctor', () => {
  let demo: StartedDemoTenant;
  before(async () => {
    demo = await startDemoTenant();
  });
  after(() => demo.close());
  afterEach(() => setFaults(demo, {}));

  it('with nothing configured checks the bundled demo tenant: every required check passes, exit 0', async () => {
    const r = await doctor([]);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /demo tenant "Contoso \(demo\)"/);
    for (const p of ['User.Read.All', 'GroupMember.Read.All', 'LicenseAssignment.ReadWrite.All', 'Reports.Read.All', 'Organization.Read.All', 'ReportSettings.Read.All']) assert.match(r.out, new RegExp(`✔ ${p.replace(/\./g, '\\.')}`));
    assert.match(r.out, /✔ Approver group +"License Approvers", 1 member/);
    assert.match(r.out, /All required checks pass/);
  });

  it('a 403 on one endpoint names the permission to grant, and fails the run when it is required', async () => {
    await setFaults(demo, { failNext: 1000, failNextStatus: 403, failMatch: '/subscribedSkus' });
    const r = await doctor(['--graph', demo.baseUrl], { APPROVER_GROUP_ID: GROUP.approvers });
    assert.equal(r.code, 1);
    assert.match(r.out, /✘ LicenseAssignment\.ReadWrite\.All +missing LicenseAssignment\.ReadWrite\.All \(application permission, admin consent\)/);
    assert.match(r.out, /1 required check failed/);
  });

  it('an optional permission missing (ReportSettings.Read.All) is shown but passes', async () => {
    await setFaults(demo, { failNext: 1000, failNextStatus: 403, failMatch: 'reportSettings' });
    const r = await doctor(['--graph', demo.baseUrl, '--json'], { APPROVER_GROUP_ID: GROUP.approvers });
    assert.equal(r.code, 0, r.out);
    const report = JSON.parse(r.out);
    const check = report.checks.find((c: any) => c.name === 'ReportSettings.Read.All');
    assert.deepEqual([check.status, check.required], ['warning', false]);
    assert.match(check.detail, /missing ReportSettings\.Read\.All/);
  });

  it('no approver group, or ALLOWED_TENANT_IDS that leaves out the tenant → exit 1', async () => {
    const none = await doctor(['--graph', demo.baseUrl]);
    assert.equal(none.code, 1);
    assert.match(none.out, /✘ Approver group +APPROVER_GROUP_ID is not set/);
    const other = await doctor(['--graph', demo.baseUrl], { APPROVER_GROUP_ID: GROUP.approvers, ALLOWED_TENANT_IDS: '00000000-0000-4000-8000-000000000001' });
    assert.equal(other.code, 1);
    assert.match(other.out, /✘ Tenant ids +ALLOWED_TENANT_IDS .* leaves out the Graph tenant/);
  });

  it('credentials: a token is acquired and its roles judge the write permission; a failing credential stops early', async () => {
    const config = loadConfig({ GRAPH_BASE_URL: demo.baseUrl, APPROVER_GROUP_ID: GROUP.approvers, NODE_ENV: 'test' });
    const readOnly = tokenWith(['User.Read.All', 'GroupMember.Read.All', 'LicenseAssignment.Read.All']);
    const graph = createGraphGateway({ baseUrl: demo.baseUrl, credential: { getToken: async () => ({ token: readOnly, expiresOnTimestamp: Date.now() + 3_600_000 }) } });
    const results = await runChecks({ config, graph, approverGroupId: GROUP.approvers, demo: false });
    assert.equal(results.find((r) => r.name === 'Credentials')?.status, 'ok');
    assert.match(results.find((r) => r.name === 'assignLicense (write)')!.detail, /missing LicenseAssignment\.ReadWrite\.All/);
    const broken = createGraphGateway({ baseUrl: demo.baseUrl, credential: { getToken: async () => Promise.reject(new Error('AADSTS7000215: Invalid client secret provided.')) } });
    const failed = await runChecks({ config, graph: broken, approverGroupId: GROUP.approvers, demo: false });
    assert.deepEqual(failed.map((r) => [r.name, r.status]), [['Credentials', 'missing']]);
    assert.match(failed[0].detail, /AADSTS7000215/);
  });

  it('bad options exit 2', async () => {
    assert.equal((await doctor(['--graph', 'nope'])).code, 2);
    assert.equal((await doctor(['--bogus'])).code, 2);
  });
});
