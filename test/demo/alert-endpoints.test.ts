/**
 * The demo tenant serves what the tenant watcher reads, with Graph's semantics, and accepts the writes another
 * admin tool makes: group membership ($ref), group licenses, reprocess; every write lands in the audit log.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GROUP_LICENSING_APP } from '../../src/demo/audit-log';
import { startDemoTenant, type StartedDemoTenant } from '../../src/demo/server';
import { contosoFixture, graphFetch, GROUP, SKU, USER } from '../helpers/demo-tenant';

const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });

describe('demo tenant: watch endpoints and outside writes', () => {
  let demo: StartedDemoTenant;
  beforeEach(async () => {
    const f = contosoFixture();
    // Operations E3 licensing gets exactly the E3 seats it uses now: the next member finds none free.
    f.subscribedSkus.find((s: any) => s.skuId === SKU.SPE_E3).prepaidUnits.enabled = 5;
    f.subscriptions = [
      { id: '11111111-2222-4333-8444-555555555555', skuId: SKU.SPE_E5, skuPartNumber: 'SPE_E5', status: 'Warning', totalLicenses: 2, isTrial: false, nextLifecycleDateTime: '2026-12-01T00:00:00Z' },
    ];
    demo = await startDemoTenant(f);
  });
  afterEach(async () => demo.close());

  it('a member added beyond the free seats fails with CountViolation: the group has members with license errors', async () => {
    const before = await graphFetch(demo, `/groups?$filter=${encodeURIComponent('hasMembersWithLicenseErrors eq true')}&$select=id,displayName`);
    assert.deepEqual(before.body.value, []);

    const added = await graphFetch(demo, `/groups/${GROUP.operationsE3}/members/$ref`, { body: ref(USER.lynne), headers: { 'x-demo-initiator': 'admin@contoso.example' } });
    assert.equal(added.status, 204);
    const again = await graphFetch(demo, `/groups/${GROUP.operationsE3}/members/$ref`, { body: ref(USER.lynne) });
    assert.equal(again.status, 400);
    assert.match(again.body.error.message, /already exist/);

    const groups = await graphFetch(demo, `/groups?$filter=${encodeURIComponent('hasMembersWithLicenseErrors eq true')}&$select=id,displayName`);
    assert.deepEqual(groups.body.value, [{ id: GROUP.operationsE3, displayName: 'Operations E3 licensing' }]);
    assert.equal('hasMembersWithLicenseErrors' in groups.body.value[0], false, 'never returned, filter only');
    const members = await graphFetch(demo, `/groups/${GROUP.operationsE3}/membersWithLicenseErrors?$select=id,displayName`);
    assert.deepEqual(members.body.value.map((m: any) => [m['@odata.type'], m.id]), [['#microsoft.graph.user', USER.lynne]]);
    const lynne = await graphFetch(demo, `/users/${USER.lynne}?$select=licenseAssignmentStates`);
    assert.deepEqual(lynne.body.licenseAssignmentStates.map((s: any) => [s.assignedByGroup, s.state, s.error]), [[GROUP.operationsE3, 'Error', 'CountViolation']]);

    // The audit log has the membership change with its initiator; no license changed, so no "Change user license".
    const audits = await graphFetch(demo, '/auditLogs/directoryAudits');
    assert.deepEqual(audits.body.value.map((e: any) => e.activityDisplayName), ['Add member to group']);
    assert.equal(audits.body.value[0].initiatedBy.user.userPrincipalName, 'admin@contoso.example');

    // Removing Nestor (E3 only through the group) frees a seat: group-based licensing gives it to Lynne.
    const removed = await graphFetch(demo, `/groups/${GROUP.operationsE3}/members/${USER.nestor}/$ref`, { method: 'DELETE' });
    assert.equal(removed.status, 204);
    const after = await graphFetch(demo, `/groups/${GROUP.operationsE3}/membersWithLicenseErrors`);
    assert.deepEqual(after.body.value, []);
    const changes = await graphFetch(demo, `/auditLogs/directoryAudits?$filter=${encodeURIComponent("activityDisplayName eq 'Change user license'")}`);
    const byUser = new Map(changes.body.value.map((e: any) => [e.targetResources[0].id, e]));
    assert.deepEqual([...byUser.keys()].sort(), [USER.lynne, USER.nestor].sort(), 'Nestor loses E3, Lynne gains it');
    const nestorChange: any = byUser.get(USER.nestor);
    assert.match(nestorChange.targetResources[0].modifiedProperties[0].oldValue, new RegExp(`SkuId=${SKU.SPE_E3}`));
    const lynneChange: any = byUser.get(USER.lynne);
    assert.equal(lynneChange.initiatedBy.app.displayName, GROUP_LICENSING_APP);
    assert.equal(lynneChange.targetResources[0].modifiedProperties[0].displayName, 'AssignedLicense');
    assert.match(lynneChange.targetResources[0].modifiedProperties[0].newValue, new RegExp(`SkuId=${SKU.SPE_E3}`));
    assert.equal(lynneChange.targetResources[0].modifiedProperties[0].oldValue, '[]');
    const missing = await graphFetch(demo, `/groups/${GROUP.operationsE3}/members/${USER.nestor}/$ref`, { method: 'DELETE' });
    assert.equal(missing.status, 404);
  });

  it('assignLicense from another tool is audited with old and new licenses; the filter on activity and time works', async () => {
    const t0 = new Date(Date.now() - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const write = await graphFetch(demo, `/users/${USER.alex}/assignLicense`, { body: { addLicenses: [], removeLicenses: [SKU.BUSINESS_BASIC] }, headers: { 'x-demo-initiator': 'PowerShell script' } });
    assert.equal(write.status, 200);
    const filter = encodeURIComponent(`activityDisplayName eq 'Change user license' and activityDateTime ge ${t0}`);
    const audits = await graphFetch(demo, `/auditLogs/directoryAudits?$filter=${filter}`);
    assert.equal(audits.body.value.length, 1);
    const e = audits.body.value[0];
    assert.equal(e.initiatedBy.app.displayName, 'PowerShell script');
    assert.equal(e.initiatedBy.user, null);
    assert.equal(e.result, 'success');
    assert.match(e.targetResources[0].modifiedProperties[0].oldValue, new RegExp(`SkuName=O365_BUSINESS_ESSENTIALS, AccountId=[^,]+, SkuId=${SKU.BUSINESS_BASIC}`));
    assert.equal(e.targetResources[0].modifiedProperties[0].newValue, '[]');
    const later = encodeURIComponent(`activityDisplayName eq 'Change user license' and activityDateTime ge 2999-01-01T00:00:00Z`);
    assert.deepEqual((await graphFetch(demo, `/auditLogs/directoryAudits?$filter=${later}`)).body.value, []);
    const bad = await graphFetch(demo, `/auditLogs/directoryAudits?$filter=${encodeURIComponent('foo eq 1')}`);
    assert.equal(bad.status, 400);
  });

  it('groups can be created and licensed; reprocess answers with the user; subscriptions come from the fixture', async () => {
    const created = await graphFetch(demo, '/groups', { body: { displayName: 'Sales E5 licensing', mailEnabled: false, securityEnabled: true, mailNickname: 'salese5' } });
    assert.equal(created.status, 201);
    const licensed = await graphFetch(demo, `/groups/${created.body.id}/assignLicense`, { body: { addLicenses: [{ skuId: SKU.SPE_E5, disabledPlans: [] }], removeLicenses: [] } });
    assert.equal(licensed.status, 202);
    await graphFetch(demo, `/groups/${created.body.id}/members/$ref`, { body: ref(USER.megan) });
    const members = await graphFetch(demo, `/groups/${created.body.id}/membersWithLicenseErrors`);
    assert.deepEqual(members.body.value.map((m: any) => m.id), [USER.megan], 'E5 has no free seat');

    const reprocess = await graphFetch(demo, `/users/${USER.megan}/reprocessLicenseAssignment`, { body: {} });
    assert.equal(reprocess.status, 200);
    assert.equal(reprocess.body.id, USER.megan);
    assert.equal((await graphFetch(demo, `/users/${USER.lee}/reprocessLicenseAssignment`, { method: 'GET' })).status, 405);
    assert.equal((await graphFetch(demo, '/users/nobody@contoso.example/reprocessLicenseAssignment', { body: {} })).status, 404);

    const subs = await graphFetch(demo, '/directory/subscriptions');
    assert.deepEqual(subs.body.value.map((s: any) => [s.skuPartNumber, s.status, s.nextLifecycleDateTime]), [['SPE_E5', 'Warning', '2026-12-01T00:00:00Z']]);
  });

  it('without subscriptions in the fixture, one is derived per SKU, renewing in a year', async () => {
    const plain = await startDemoTenant();
    try {
      const subs = await graphFetch(plain, '/directory/subscriptions');
      assert.equal(subs.body.value.length, contosoFixture().subscribedSkus.length);
      const first = subs.body.value[0];
      assert.equal(first.status, 'Enabled');
      assert.ok(Date.parse(first.nextLifecycleDateTime) > Date.now() + 300 * 86_400_000);
    } finally {
      await plain.close();
    }
  });

  it('npm run demo:incident adds someone to a licensed group with no free seat (creating that group when none exists)', async () => {
    const plain = await startDemoTenant();
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, '../../scripts/demo-incident.js')], { env: { PATH: process.env.PATH ?? '', DEMO_GRAPH_URL: plain.url } });
      assert.match(stdout, /Created the security group "SPE_E5 licensing \(demo incident\)"/);
      assert.match(stdout, /no free SPE_E5 seat/);
      const groups = await graphFetch(plain, `/groups?$filter=${encodeURIComponent('hasMembersWithLicenseErrors eq true')}&$select=id,displayName`);
      assert.deepEqual(groups.body.value.map((g: any) => g.displayName), ['SPE_E5 licensing (demo incident)']);
      const writes = (await graphFetch(plain, '/auditLogs/directoryAudits')).body.value;
      assert.ok(writes.every((e: any) => e.initiatedBy.app?.displayName === 'demo:incident'));
    } finally {
      await plain.close();
    }
  });
});
