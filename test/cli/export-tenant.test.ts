/**
 * `license-desk export-tenant`: export from the demo tenant, re-import (a demo tenant on the export), same report;
 * anonymized exports are stable and keep the structure; contacts, concealed names and the CLI's options.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runExportTenant } from '../../src/cli/export-tenant';
import { parseFixture } from '../../src/demo/fixture';
import { startDemoTenant } from '../../src/demo/server';
import { createGraphGateway } from '../../src/graph/gateway';
import type { TenantReport } from '../../src/report/types';
import { Anonymizer } from '../../src/services/anonymizer';
import { TenantExportService, type TenantExportOptions } from '../../src/services/tenant-export';
import { contosoFixture, guidFor, USER } from '../helpers/demo-tenant';
import { reportRig } from '../report/helpers';

/** Exports whatever `fixture` describes, through a demo tenant and the gateway, into a string. */
async function exportOf(fixture: unknown, options: TenantExportOptions = {}): Promise<{ text: string; summary: Awaited<ReturnType<TenantExportService['run']>> }> {
  const demo = await startDemoTenant(fixture as never);
  try {
    const graph = createGraphGateway({ baseUrl: demo.baseUrl, retryDelaySeconds: 0 });
    let text = '';
    const summary = await new TenantExportService({ graph }).run({ write: async (t) => void (text += t) }, options);
    return { text, summary };
  } finally {
    await demo.close();
  }
}

async function reportOn(fixture: unknown): Promise<TenantReport> {
  const rig = await reportRig(fixture as never);
  try {
    return (await rig.service().run()).report;
  } finally {
    await rig.close();
  }
}

/**
 * The export carries no subscriptions, so each demo tenant dates its renewals a year after it started: two tenants
 * started in different seconds differ there (the test failed when their starts straddled a second).
 */
function withoutRenewalDates(report: TenantReport): unknown {
  const copy = structuredClone(report) as any;
  for (const r of copy.billing?.renewals ?? []) r.nextLifecycleDateTime = r.nextLifecycleDateTime ? 'a year after the demo started' : null;
  return copy;
}

/** A report minus what names users and groups (for anonymized comparisons). */
function shape(report: TenantReport): unknown {
  return {
    totals: report.totals,
    skus: report.skus,
    errors: report.groupErrors.map((e) => [e.sku, e.error, e.state]).sort(),
    redundant: report.redundant.map((r) => [r.sku, r.coveredBy, r.source]).sort(),
    inactive: report.inactive.length,
    noUsageLocation: report.noUsageLocation.length,
  };
}

describe('export-tenant: round trip through the demo tenant', () => {
  it('Contoso → export → a demo tenant on the export gives the same report', async () => {
    const { text, summary } = await exportOf(undefined, { signIns: true, approverGroupId: '66a40e45-f6d7-58a4-a6df-3b854051249b' });
    assert.deepEqual([summary.users, summary.groups, summary.mailboxes, summary.signIns], [14, 2, 11, true]);
    assert.deepEqual(summary.warnings, []);
    const exported = JSON.parse(text);
    parseFixture(text, 'export.json'); // valid fixture
    assert.deepEqual(withoutRenewalDates(await reportOn(exported)), withoutRenewalDates(await reportOn(undefined)));
  });

  it('keeps managers, including contacts and the contacts above them', async () => {
    const f = contosoFixture();
    f.contacts = [
      { id: guidFor(0xc0, 1), displayName: 'Pat Partner', mail: 'pat@fabrikam.example', manager: guidFor(0xc0, 2) },
      { id: guidFor(0xc0, 2), displayName: 'Pia Principal', manager: USER.diego },
    ];
    f.users.find((u: any) => u.id === USER.adele).manager = guidFor(0xc0, 1);
    const { text, summary } = await exportOf(f);
    assert.equal(summary.contacts, 2);
    const exported = parseFixture(text, 'export.json');
    assert.equal(exported.users.find((u) => u.id === USER.adele)?.manager, guidFor(0xc0, 1));
    assert.deepEqual(exported.contacts.map((c) => [c.displayName, c.manager]), [['Pat Partner', guidFor(0xc0, 2)], ['Pia Principal', USER.diego]]);
    assert.equal(exported.users.find((u) => u.id === USER.alex)?.manager, USER.adele);
  });

  it('a tenant that conceals report names: no mailbox sizes, said so, and the setting travels with the export', async () => {
    const f = contosoFixture();
    f.reportSettings = { displayConcealedNames: true };
    const { text, summary } = await exportOf(f);
    assert.equal(summary.mailboxes, 0);
    assert.match(summary.warnings.join('\n'), /conceal user names/);
    assert.deepEqual(parseFixture(text).reportSettings, { displayConcealedNames: true });
  });
});

describe('export-tenant: --anonymize', () => {
  it('replaces names, UPNs, mail and ids consistently; keeps SKUs, plans, states and structure; same report shape', async () => {
    const first = await exportOf(undefined, { signIns: true, anonymizer: new Anonymizer() });
    const second = await exportOf(undefined, { signIns: true, anonymizer: new Anonymizer() });
    assert.equal(first.text, second.text, 'same input, same key → byte-identical (re-exports diff cleanly)');
    for (const leak of ['Adele', 'Vance', 'contoso.example', 'Contoso', USER.adele, 'Operations E3']) assert.ok(!first.text.includes(leak), `${leak} leaked`);
    const anon = parseFixture(first.text, 'anon.json');
    const original = contosoFixture();
    assert.deepEqual(anon.subscribedSkus.map((s) => s.skuId).sort(), original.subscribedSkus.map((s: any) => s.skuId).sort());
    // The same person maps to the same pseudonym wherever referenced (manager ↔ id).
    const ids = new Set(anon.users.map((u) => u.id));
    assert.ok(anon.users.every((u) => u.manager === undefined || ids.has(u.manager)));
    assert.ok(anon.users.every((u) => /^User [0-9a-f]{8}$/.test(u.displayName) && /^u[0-9a-f]{12}@[0-9a-f]{10}\.example$/.test(u.userPrincipalName)));
    assert.deepEqual(shape(await reportOn(JSON.parse(first.text))), shape(await reportOn(undefined)));
    const other = await exportOf(undefined, { anonymizer: new Anonymizer('another secret key') });
    assert.notEqual(JSON.parse(other.text).users[0].id, anon.users[0].id, 'another key, other pseudonyms');
  });
});

describe('CLI: license-desk export-tenant', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'license-desk-export-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out = new PassThrough();
    const err = new PassThrough();
    const chunks = { out: '', err: '' };
    out.on('data', (d) => (chunks.out += d));
    err.on('data', (d) => (chunks.err += d));
    const code = await runExportTenant(args, out, err, { env: {}, isTTY: false });
    return { code, ...chunks };
  }

  it('exports the demo tenant (nothing configured) to --out, with plain progress lines and how to serve it', async () => {
    const file = join(dir, 'contoso.json');
    const r = await run(['--out', file, '--anonymize']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '');
    assert.match(r.err, /Exporting the demo tenant "Contoso \(demo\)".*anonymized/);
    assert.match(r.err, /Exported 14 users, 2 groups, 0 contacts, 11 mailboxes in/);
    assert.match(r.err, new RegExp(`DEMO_TENANT_FILE=${file.replace(/[.]/g, '\\.')} APPROVER_GROUP_ID=[0-9a-f-]{36} npm start`));
    assert.doesNotMatch(r.err, /\r|\x1b\[/, 'no redrawing when not a terminal');
    assert.equal(parseFixture(readFileSync(file, 'utf8')).users.length, 14);
  });

  it('writes to stdout without --out; refuses bad options with exit code 2', async () => {
    const r = await run(['--graph', 'ftp://x']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--graph must be an http\(s\) URL/);
    assert.equal((await run(['--anonymize-key', 'short'])).code, 2);
    const demo = await startDemoTenant();
    try {
      const ok = await run(['--graph', demo.baseUrl]);
      assert.equal(ok.code, 0, ok.err);
      assert.equal(parseFixture(ok.out).users.length, 14);
    } finally {
      await demo.close();
    }
  });
});
