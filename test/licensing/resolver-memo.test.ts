/**
 * The resolver's memo (one resolution per license signature and tenant): a user read again resolves from it, and
 * no two users who differ in anything the resolution reads share an entry.
 */
import assert from 'node:assert/strict';
import { resolveWithIndex } from '../../src/licensing/resolver';
import { buildTenantIndex } from '../../src/licensing/tenant-index';
import type { UserLicenseState } from '../../src/licensing/types';
import { catalog, planId, tenantSkus, userWith } from '../helpers/licensing';

const TENANT = tenantSkus('SPE_E3', 'EXCHANGESTANDARD');

function withPlans(plans: Array<[string, string | null]>): UserLicenseState {
  return { ...userWith('SPE_E3'), assignedPlans: plans.map(([id, status]) => ({ servicePlanId: id, capabilityStatus: status, service: 'exchange', assignedDateTime: null })) };
}

/** Resolved alone (a fresh index: no memo), for comparison. */
const fresh = (user: UserLicenseState) => resolveWithIndex(user, buildTenantIndex(TENANT, catalog));

describe('resolver memo', () => {
  const exchange = planId('EXCHANGE_S_ENTERPRISE');
  const teams = planId('TEAMS1');

  it('the same user read again is one entry; a different status or plan list is another, and each resolves as alone', () => {
    const index = buildTenantIndex(TENANT, catalog);
    const enabled = withPlans([[exchange, 'Enabled'], [teams, 'Enabled']]);
    const suspended = withPlans([[exchange, 'Suspended'], [teams, 'Enabled']]);
    const noTeams = withPlans([[exchange, 'Enabled']]);
    const users = [enabled, structuredClone(enabled), suspended, noTeams, structuredClone(suspended)];
    const resolutions = users.map((u) => resolveWithIndex(u, index));
    assert.equal(index.memo.size, 3);
    users.forEach((u, i) => assert.deepEqual(resolutions[i], fresh(u)));
    const mailbox = (u: UserLicenseState) => resolveWithIndex(u, index).workloads.find((w) => w.workload === 'Exchange')!.effective?.tier ?? null;
    assert.equal(mailbox(enabled), 'Plan 2');
    assert.notEqual(mailbox(suspended), 'Plan 2', 'a suspended Exchange plan gives no mailbox from it');
  });

  it('plans in another order or case are other entries, each still resolved right', () => {
    const index = buildTenantIndex(TENANT, catalog);
    const a = withPlans([[exchange, 'Enabled'], [teams, 'Enabled']]);
    const reordered = withPlans([[teams, 'Enabled'], [exchange, 'Enabled']]);
    const lower = withPlans([[exchange, 'enabled'], [teams, 'enabled']]);
    for (const u of [a, reordered, lower]) assert.deepEqual(resolveWithIndex(u, index), fresh(u));
    assert.equal(index.memo.size, 3);
  });

  it('no status can pass for a different list of plans', () => {
    const index = buildTenantIndex(TENANT, catalog);
    // Written without lengths, both would read "<exchange>|Enabled;<teams>|Enabled;".
    const two = withPlans([[exchange, 'Enabled'], [teams, 'Enabled']]);
    const one = withPlans([[exchange, `Enabled;${teams}|Enabled`]]);
    resolveWithIndex(two, index);
    assert.deepEqual(resolveWithIndex(one, index), fresh(one));
    assert.equal(index.memo.size, 2);
  });
});
