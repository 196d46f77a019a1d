import assert from 'node:assert/strict';
import { resolve } from '../../src/licensing/resolver';
import type { Resolution } from '../../src/licensing/resolution';
import { catalog, planId, skuId, tenantSkus, userWith } from '../helpers/licensing';

const TENANT = tenantSkus(
  'SPE_E3', 'SPE_E5', 'O365_BUSINESS_ESSENTIALS', 'O365_BUSINESS_PREMIUM', 'SPB', 'DESKLESSPACK', 'EXCHANGESTANDARD',
  'EXCHANGEDESKLESS', 'EXCHANGE_S_ESSENTIALS', 'TEAMS_EXPLORATORY', 'M365_F1', 'LITEPACK', 'EXCHANGEENTERPRISE', 'EXCHANGEARCHIVE_ADDON',
);

const workload = (r: Resolution, name: string) => r.workloads.find((w) => w.workload === name)!;
const exchange = (r: Resolution) => workload(r, 'Exchange');

describe('resolver: stacking rules', () => {
  it('E3 + Business Basic → Exchange Plan 2, Business Basic redundant', () => {
    const r = resolve(userWith('SPE_E3', 'O365_BUSINESS_ESSENTIALS'), TENANT, catalog);
    assert.equal(exchange(r).effective?.tier, 'Plan 2');
    assert.deepEqual(exchange(r).effective?.skuPartNumbers, ['SPE_E3']);
    assert.deepEqual(r.redundantSkus, ['O365_BUSINESS_ESSENTIALS']);
    assert.equal(exchange(r).exchange?.mailboxQuotaGB, 100);
    const basic = r.skus.find((s) => s.skuPartNumber === 'O365_BUSINESS_ESSENTIALS')!;
    assert.deepEqual(basic.coveredBy, ['SPE_E3']);
    assert.ok(basic.supersededWorkloads.includes('Exchange'));
  });

  it('F3 + Exchange Plan 1 → Plan 1 from EXCHANGESTANDARD; F3 still needed for Teams', () => {
    const r = resolve(userWith('DESKLESSPACK', 'EXCHANGESTANDARD'), TENANT, catalog);
    assert.equal(exchange(r).effective?.tier, 'Plan 1');
    assert.deepEqual(exchange(r).effective?.skuPartNumbers, ['EXCHANGESTANDARD']);
    assert.equal(exchange(r).exchange?.mailboxQuotaGB, 50);
    assert.ok(!r.redundantSkus.includes('DESKLESSPACK'));
    assert.deepEqual(workload(r, 'Teams').effective?.skuPartNumbers, ['DESKLESSPACK']);
    const f3 = r.skus.find((s) => s.skuPartNumber === 'DESKLESSPACK')!;
    assert.deepEqual(f3.supersededWorkloads, ['Exchange']);
  });

  it('Exchange Essentials + Kiosk → Kiosk', () => {
    const r = resolve(userWith('EXCHANGE_S_ESSENTIALS', 'EXCHANGEDESKLESS'), TENANT, catalog);
    assert.equal(exchange(r).effective?.tier, 'Kiosk');
    assert.deepEqual(exchange(r).effective?.skuPartNumbers, ['EXCHANGEDESKLESS']);
    assert.equal(exchange(r).exchange?.mailboxQuotaGB, 2);
    assert.equal(exchange(r).exchange?.outlookDesktop, false);
    assert.equal(exchange(r).exchange?.imap, false);
    assert.equal(exchange(r).exchange?.pop, true);
  });

  it('E5 with EXCHANGE_S_ENTERPRISE disabled + Business Standard → Plan 1 (a disabled plan never counts)', () => {
    const r = resolve(userWith({ sku: 'SPE_E5', disabled: ['EXCHANGE_S_ENTERPRISE'] }, 'O365_BUSINESS_PREMIUM'), TENANT, catalog);
    assert.equal(exchange(r).effective?.tier, 'Plan 1');
    assert.deepEqual(exchange(r).effective?.skuPartNumbers, ['O365_BUSINESS_PREMIUM']);
    assert.ok(r.disabledPlans.some((p) => p.skuPartNumber === 'SPE_E5' && p.servicePlanName === 'EXCHANGE_S_ENTERPRISE'));
    assert.deepEqual(r.redundantSkus, [], 'Business Standard gives the mailbox: not redundant');
  });

  it('F1 alone → no mailbox rights (Foundation is not a mailbox)', () => {
    const r = resolve(userWith('M365_F1'), TENANT, catalog);
    assert.equal(exchange(r).effective, null);
    assert.equal(r.hasMailboxRights, false);
    assert.equal(exchange(r).exchange?.mailbox, false);
    const warning = r.warnings.find((w) => w.kind === 'no-mailbox-rights');
    assert.ok(warning, 'no-mailbox-rights warning');
    assert.match(warning.message, /Microsoft 365 F1 includes only Exchange Foundation, which is not a mailbox/);
    assert.equal(workload(r, 'Teams').effective?.tier, 'Teams');
  });

  it('Teams Exploratory + E3 → Teams from E3, Exploratory redundant', () => {
    const r = resolve(userWith('TEAMS_EXPLORATORY', 'SPE_E3'), TENANT, catalog);
    assert.deepEqual(workload(r, 'Teams').effective?.skuPartNumbers, ['SPE_E3']);
    assert.deepEqual(r.redundantSkus, ['TEAMS_EXPLORATORY']);
    assert.equal(workload(r, 'SharePoint').effective?.tier, 'Plan 2');
  });

  it('same SKU direct and via a group → one license, not redundant', () => {
    const r = resolve(userWith('SPE_E3', { sku: 'SPE_E3', group: 'g-ops' }), TENANT, catalog);
    assert.equal(r.skus.length, 1);
    assert.equal(r.skus[0].sources.length, 2);
    assert.deepEqual(r.skus[0].sources.map((s) => s.source.kind), ['direct', 'group']);
    assert.deepEqual(r.redundantSkus, []);
    assert.equal(exchange(r).effective?.tier, 'Plan 2');
  });

  it('LITEPACK + any Exchange SKU → conflict', () => {
    for (const other of ['EXCHANGESTANDARD', 'SPE_E3', 'EXCHANGEDESKLESS']) {
      const r = resolve(userWith('LITEPACK', other), TENANT, catalog);
      const conflict = r.conflicts.find((c) => c.kind === 'non-stackable-exchange');
      assert.ok(conflict, `conflict with ${other}`);
      assert.deepEqual(conflict.skuPartNumbers, ['LITEPACK', other]);
    }
    assert.deepEqual(resolve(userWith('LITEPACK'), TENANT, catalog).conflicts, []);
  });
});

describe('resolver: more rules', () => {
  it('no license at all → a no-licenses warning and no mailbox', () => {
    const r = resolve({ assignedLicenses: [] }, TENANT, catalog);
    assert.deepEqual(r.skus, []);
    assert.equal(r.hasMailboxRights, false);
    assert.deepEqual(r.warnings.map((w) => w.kind), ['no-licenses']);
  });

  it('E3 + E5 → E3 is redundant (E5 covers it), not the other way round', () => {
    const r = resolve(userWith('SPE_E3', 'SPE_E5'), TENANT, catalog);
    assert.deepEqual(r.redundantSkus, ['SPE_E3']);
    assert.deepEqual(exchange(r).effective?.skuPartNumbers, ['SPE_E5']);
  });

  it('two licenses that cover each other: only one is called redundant', () => {
    const r = resolve(userWith('EXCHANGEENTERPRISE', 'SPE_E3'), TENANT, catalog);
    assert.deepEqual(r.redundantSkus, ['EXCHANGEENTERPRISE']);
  });

  it('Business Premium: Plan 1 + archive add-on → auto-expanding archive and hold', () => {
    const r = resolve(userWith('SPB'), TENANT, catalog);
    assert.equal(exchange(r).effective?.tier, 'Plan 1');
    assert.equal(exchange(r).exchange?.archive, 'auto-expanding (1.5 TB)');
    assert.equal(exchange(r).exchange?.litigationHold, true);
    assert.deepEqual(exchange(r).addOns.map((a) => a.skuPartNumber), ['SPB']);
  });

  it('archive add-on under Plan 2 is redundant; with Plan 1 it is not', () => {
    assert.deepEqual(resolve(userWith('SPE_E3', 'EXCHANGEARCHIVE_ADDON'), TENANT, catalog).redundantSkus, ['EXCHANGEARCHIVE_ADDON']);
    const r = resolve(userWith('EXCHANGESTANDARD', 'EXCHANGEARCHIVE_ADDON'), TENANT, catalog);
    assert.deepEqual(r.redundantSkus, []);
    assert.equal(exchange(r).exchange?.litigationHold, true);
  });

  it('a group assignment in CountViolation grants nothing and is reported', () => {
    const r = resolve(userWith({ sku: 'SPE_E3', group: 'g-1', state: 'Error', error: 'CountViolation' }), TENANT, catalog);
    assert.equal(r.hasMailboxRights, false);
    assert.equal(r.skus[0].active, false);
    const conflict = r.conflicts.find((c) => c.kind === 'assignment-error');
    assert.equal(conflict?.error, 'CountViolation');
    assert.equal(conflict?.groupId, 'g-1');
    assert.match(conflict!.message, /not enough seats/);
  });

  it('plans the tenant still provisions are pending, not effective', () => {
    const skus = tenantSkus('EXCHANGESTANDARD', 'DESKLESSPACK');
    skus[0].servicePlans = skus[0].servicePlans!.map((p) => (p.servicePlanName === 'EXCHANGE_S_STANDARD' ? { ...p, provisioningStatus: 'PendingProvisioning' } : p));
    const r = resolve(userWith('EXCHANGESTANDARD', 'DESKLESSPACK'), skus, catalog);
    assert.equal(exchange(r).effective?.tier, 'Kiosk');
    assert.ok(r.pendingPlans.some((p) => p.servicePlanName === 'EXCHANGE_S_STANDARD' && p.status === 'pending'));
    assert.ok(r.warnings.some((w) => w.kind === 'mailbox-pending'));
  });

  it('assignedPlans: a plan not yet in assignedPlans is pending; a suspended one does not count', () => {
    const user = userWith('EXCHANGESTANDARD');
    user.assignedPlans = [{ servicePlanId: planId('EXCHANGE_S_STANDARD'), capabilityStatus: 'Suspended', service: 'exchange' }];
    const r = resolve(user, TENANT, catalog);
    assert.equal(r.hasMailboxRights, false);
    assert.ok(r.pendingPlans.some((p) => p.servicePlanName === 'EXCHANGE_S_STANDARD' && p.status === 'suspended'));
    assert.ok(r.pendingPlans.some((p) => p.servicePlanName === 'INTUNE_O365' && p.status === 'pending'));
  });

  it('the only mailbox from a subscription in Warning → mailbox-at-risk', () => {
    const skus = tenantSkus('EXCHANGESTANDARD');
    skus[0].capabilityStatus = 'Warning';
    const r = resolve(userWith('EXCHANGESTANDARD'), skus, catalog);
    assert.equal(exchange(r).effective?.tier, 'Plan 1');
    assert.ok(r.warnings.some((w) => w.kind === 'mailbox-at-risk'));
  });

  it('a suspended subscription grants nothing', () => {
    const skus = tenantSkus('EXCHANGESTANDARD');
    skus[0].capabilityStatus = 'Suspended';
    assert.equal(resolve(userWith('EXCHANGESTANDARD'), skus, catalog).hasMailboxRights, false);
  });

  it('a SKU the tenant does not list still resolves from the catalog', () => {
    const r = resolve({ assignedLicenses: [{ skuId: skuId('SPE_E3').toUpperCase(), disabledPlans: [] }] }, [], catalog);
    assert.equal(r.skus[0].skuPartNumber, 'SPE_E3');
    assert.equal(exchange(r).effective?.tier, 'Plan 2');
  });

  it('disabled plans are unioned across sources: enabled in one source is enabled', () => {
    const r = resolve(userWith({ sku: 'SPE_E3', disabled: ['EXCHANGE_S_ENTERPRISE'] }, { sku: 'SPE_E3', group: 'g' }), TENANT, catalog);
    assert.equal(exchange(r).effective?.tier, 'Plan 2');
  });

  it('unknown plans pass through with their friendly name', () => {
    const r = resolve(userWith('SPE_E5'), TENANT, catalog);
    // THREAT_INTELLIGENCE used to be the example; it now has a workload (Defender for Office 365), so an
    // eDiscovery plan, still outside the capability table, takes its place.
    const plan = r.skus[0].plans.find((p) => p.servicePlanName === 'EQUIVIO_ANALYTICS')!;
    assert.equal(plan.workload, undefined);
    assert.equal(plan.friendlyName, 'Office 365 Advanced eDiscovery');
  });
});
