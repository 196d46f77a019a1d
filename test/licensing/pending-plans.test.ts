/**
 * Which "being provisioned" plans a card shows (issue 15). The rule, in the resolver's pendingConcernsUser:
 * - pending for this user alone (the tenant's SKU says Success, the user's assignedPlans lack the plan): shown;
 * - pending tenant-wide (the tenant's SKU shows PendingActivation/PendingInput/PendingProvisioning): shown only
 *   when it is the user's only source of what it gives (no working plan of its workload at its rank or better);
 *   a plan outside our workload vocabulary (Intune for Office 365, the usual real-tenant case) never is.
 */
import assert from 'node:assert/strict';
import { licenseCardView } from '../../src/bot/views/license-view';
import { resolve } from '../../src/licensing/resolver';
import type { SubscribedSku } from '../../src/licensing/types';
import { catalog, planId, tenantSkus, userWith } from '../helpers/licensing';

function pendingTenantWide(skus: SubscribedSku[], planName: string, status = 'PendingActivation'): SubscribedSku[] {
  return skus.map((s) => ({ ...s, servicePlans: s.servicePlans!.map((p) => (p.servicePlanName === planName ? { ...p, provisioningStatus: status } : p)) }));
}

/** assignedPlans as Graph serves them: every enabled plan of the user's SKUs, minus `missing`. */
function withAssignedPlans<T extends ReturnType<typeof userWith>>(user: T, skus: SubscribedSku[], missing: string[] = []): T {
  const held = new Set(user.assignedLicenses.map((l) => l.skuId));
  user.assignedPlans = skus
    .filter((s) => held.has(s.skuId))
    .flatMap((s) => s.servicePlans!)
    .filter((p) => !missing.includes(p.servicePlanName!))
    .map((p) => ({ servicePlanId: p.servicePlanId, capabilityStatus: 'Enabled', service: 'x', assignedDateTime: '2026-01-01T00:00:00Z' }));
  return user;
}

describe('resolver: pending plans shown only when they concern the user', () => {
  it('Intune for Office 365 pending tenant-wide (most real tenants) puts no line on an E3 card', () => {
    const skus = pendingTenantWide(tenantSkus('SPE_E3', 'ENTERPRISEPACK'), 'INTUNE_O365');
    const r = resolve(withAssignedPlans(userWith('SPE_E3'), skus), skus, catalog);
    assert.deepEqual(r.pendingPlans, []);
    assert.equal(r.skus[0].plans.find((p) => p.servicePlanName === 'INTUNE_O365')?.status, 'pending', 'the plan itself stays pending (not working)');
    const card = licenseCardView(r, { self: true, readAt: new Date('2026-11-20T10:00:00Z') });
    assert.equal(card.hasPending, false);
    // Office 365 E3 has no Intune of its own either: still a tenant matter, not the user's.
    assert.deepEqual(resolve(withAssignedPlans(userWith('ENTERPRISEPACK'), skus), skus, catalog).pendingPlans, []);
  });

  it('a plan pending for the user while the tenant shows it Success is shown', () => {
    const skus = tenantSkus('SPE_E3');
    const r = resolve(withAssignedPlans(userWith('SPE_E3'), skus, ['TEAMS1']), skus, catalog);
    assert.deepEqual(r.pendingPlans.map((p) => p.servicePlanName), ['TEAMS1']);
    assert.equal(licenseCardView(r, { self: true, readAt: new Date() }).hasPending, true);
  });

  it('a tenant-wide pending plan that is the user’s only mailbox is shown, and explains the missing mailbox', () => {
    const skus = pendingTenantWide(tenantSkus('EXCHANGESTANDARD', 'SPE_E3'), 'EXCHANGE_S_STANDARD', 'PendingProvisioning');
    const only = resolve(withAssignedPlans(userWith('EXCHANGESTANDARD'), skus), skus, catalog);
    assert.deepEqual(only.pendingPlans.map((p) => p.servicePlanName), ['EXCHANGE_S_STANDARD']);
    assert.match(only.warnings.find((w) => w.kind === 'no-mailbox-rights')!.message, /still being provisioned/);
    // With E3's Plan 2 working, Plan 1 pending in the tenant changes nothing for this user.
    const covered = resolve(withAssignedPlans(userWith('EXCHANGESTANDARD', 'SPE_E3'), skus), skus, catalog);
    assert.deepEqual(covered.pendingPlans, []);
    assert.ok(!covered.warnings.some((w) => w.kind === 'mailbox-pending'));
  });

  it('a tenant-wide pending plan better than what the user has (Plan 1 over Kiosk) is shown', () => {
    const skus = pendingTenantWide(tenantSkus('EXCHANGESTANDARD', 'DESKLESSPACK'), 'EXCHANGE_S_STANDARD');
    const r = resolve(userWith('EXCHANGESTANDARD', 'DESKLESSPACK'), skus, catalog);
    assert.ok(r.pendingPlans.some((p) => p.servicePlanName === 'EXCHANGE_S_STANDARD'));
    assert.ok(r.warnings.some((w) => w.kind === 'mailbox-pending'));
  });

  it('suspended plans are always shown', () => {
    const user = userWith('EXCHANGESTANDARD');
    user.assignedPlans = [{ servicePlanId: planId('EXCHANGE_S_STANDARD'), capabilityStatus: 'Suspended', service: 'exchange' }];
    assert.ok(resolve(user, tenantSkus('EXCHANGESTANDARD'), catalog).pendingPlans.some((p) => p.status === 'suspended'));
  });
});
