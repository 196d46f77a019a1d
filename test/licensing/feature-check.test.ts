import assert from 'node:assert/strict';
import { checkFeature, type FeatureTenant } from '../../src/licensing/feature-check';
import { priceList } from '../../src/licensing/prices';
import { resolve } from '../../src/licensing/resolver';
import type { SubscribedSku, UserLicenseState } from '../../src/licensing/types';
import { contosoTenant } from '../helpers/contoso-licensing';
import { catalog, tenantSkus, userWith } from '../helpers/licensing';

const PRICES = priceList({ currency: 'USD', prices: { VISIOONLINE_PLAN1: 5, VISIOCLIENT: 15, SPE_E3: 36, SPE_E5: 57, POWER_BI_PRO: 14, O365_BUSINESS_PREMIUM: 12.5 } });

function answer(user: UserLicenseState, skus: SubscribedSku[], feature: Parameters<typeof checkFeature>[1], prices = PRICES) {
  const tenant: FeatureTenant = { skus, catalog, prices };
  return checkFeature(resolve(user, skus, catalog), feature, tenant);
}

describe('checkFeature on the Contoso tenant', () => {
  // Contoso buys Visio Plan 1 (5 seats), Visio Plan 2 (3) and a department Visio Plan 2 with no list price;
  // Adele (E3) gets Visio Plan 2.
  const contoso = contosoTenant({
    buy: { VISIOONLINE_PLAN1: 5, VISIOCLIENT: 3, VISIO_PLAN2_DEPT: 2, POWER_BI_PRO: 4 },
    assign: { 'AdeleV@contoso.example': ['VISIOCLIENT'] },
  });

  it('a Business Basic user has no Visio; the options are the tenant\'s Visio products, cheapest first, with free seats', () => {
    const a = answer(contoso.user('AlexW@contoso.example'), contoso.skus, 'visio');
    assert.equal(a.has, false);
    assert.deepEqual(a.reasons, [{ kind: 'no-plan' }]);
    assert.deepEqual(
      a.options.map((o) => [o.skuPartNumber, o.tier, o.price === 'unknown' ? 'unknown' : o.price.monthly, o.free, o.kind, o.action]),
      [
        ['VISIOONLINE_PLAN1', 'Plan 1', 5, 5, 'add-on', 'assign'],
        ['VISIOCLIENT', 'Plan 2', 15, 2, 'add-on', 'assign'],
        // No list price: last, and marked unknown rather than free.
        ['VISIO_PLAN2_DEPT', 'Plan 2', 'unknown', 2, 'add-on', 'assign'],
      ],
    );
  });

  it('Adele has Visio Plan 2 from VISIOCLIENT; nothing better to offer; Visio is not offered again', () => {
    const a = answer(contoso.user('AdeleV@contoso.example'), contoso.skus, 'visio');
    assert.equal(a.has, true);
    assert.equal(a.tier, 'Plan 2');
    assert.deepEqual(a.grantedBy.map((g) => [g.skuPartNumber, g.servicePlanName, g.tier]), [['VISIOCLIENT', 'VISIO_CLIENT_SUBSCRIPTION', 'Plan 2']]);
    assert.deepEqual(a.options, []);
  });

  it('E5 (Diego) has Teams Phone and Audio Conferencing', () => {
    for (const feature of ['teams-phone', 'audio-conferencing'] as const) {
      const a = answer(contoso.user('DiegoS@contoso.example'), contoso.skus, feature);
      assert.equal(a.has, true, feature);
      assert.deepEqual(a.grantedBy.map((g) => g.skuPartNumber), ['SPE_E5']);
    }
  });

  it('E3 (Adele) has no Copilot: only the free commercial-data-protection chat, and the tenant sells none', () => {
    const a = answer(contoso.user('AdeleV@contoso.example'), contoso.skus, 'copilot');
    assert.equal(a.has, false);
    assert.deepEqual(a.reasons, [{ kind: 'lower-tier', skuPartNumber: 'SPE_E3', tier: 'Commercial data protection' }]);
    assert.deepEqual(a.options, []);
  });

  it('Kiosk + Essentials (Johanna) → no Outlook desktop, lower tiers; Plan 1 products offered cheapest first', () => {
    const a = answer(contoso.user('JohannaL@contoso.example'), contoso.skus, 'outlook-desktop');
    assert.equal(a.has, false);
    assert.deepEqual(
      a.reasons.map((r) => (r.kind === 'lower-tier' ? [r.skuPartNumber, r.tier] : r.kind)),
      [['EXCHANGE_S_ESSENTIALS', 'Essentials'], ['EXCHANGEDESKLESS', 'Kiosk']],
    );
    assert.ok(a.options.length > 0);
    assert.ok(a.options.every((o) => o.tier === 'Plan 1' || o.tier === 'Plan 2'));
    const priced = a.options.filter((o) => o.price !== 'unknown').map((o) => (o.price as { monthly: number }).monthly);
    assert.deepEqual(priced, [...priced].sort((x, y) => x - y));
  });

  it('F1 (Grady) has no mailbox: the reason is the Foundation plan, not a mailbox', () => {
    const a = answer(contoso.user('GradyA@contoso.example'), contoso.skus, 'mailbox');
    assert.equal(a.has, false);
    assert.deepEqual(a.reasons, [{ kind: 'lower-tier', skuPartNumber: 'M365_F1', tier: 'Foundation (no mailbox)' }]);
  });

  it('Nestor gets E3 through the Operations group: Office desktop apps via that group', () => {
    const a = answer(contoso.user('NestorW@contoso.example'), contoso.skus, 'desktop-apps');
    assert.equal(a.has, true);
    const e3 = a.grantedBy.find((g) => g.skuPartNumber === 'SPE_E3')!;
    assert.equal(e3.viaGroupId, '8197409f-c049-5e18-9a6c-2e3d2289bd49');
  });
});

describe('checkFeature: the real reason why not', () => {
  const TENANT = tenantSkus('SPE_E3', 'SPE_E5', 'O365_BUSINESS_ESSENTIALS', 'O365_BUSINESS_PREMIUM', 'SPB', 'EXCHANGEDESKLESS', 'EXCHANGEARCHIVE_ADDON', 'POWER_BI_STANDARD', 'POWER_BI_PRO');

  it('E3 with OFFICESUBSCRIPTION disabled → plan-disabled; the first fix is enabling it (no new seat)', () => {
    const a = answer(userWith({ sku: 'SPE_E3', disabled: ['OFFICESUBSCRIPTION'] }), TENANT, 'desktop-apps');
    assert.equal(a.has, false);
    assert.deepEqual(a.reasons, [{ kind: 'plan-disabled', skuPartNumber: 'SPE_E3' }]);
    assert.equal(a.options[0].skuPartNumber, 'SPE_E3');
    assert.equal(a.options[0].action, 'enable-plan');
    // Office for the web still edits.
    assert.equal(answer(userWith({ sku: 'SPE_E3', disabled: ['OFFICESUBSCRIPTION'] }), TENANT, 'edit-documents').has, true);
  });

  it('a group assignment in CountViolation → assignment-error with the group, and grants nothing', () => {
    const a = answer(userWith({ sku: 'SPE_E3', group: 'g-1', state: 'Error', error: 'CountViolation' }), TENANT, 'desktop-apps');
    assert.equal(a.has, false);
    assert.deepEqual(a.reasons, [{ kind: 'assignment-error', skuPartNumber: 'SPE_E3', error: 'CountViolation', groupId: 'g-1' }]);
    assert.ok(!a.options.some((o) => o.skuPartNumber === 'SPE_E3'), 'the licence in error is not offered again');
  });

  it('a plan still provisioning → pending; a suspended subscription → subscription-suspended', () => {
    const pendingSkus = tenantSkus('SPE_E3');
    pendingSkus[0].servicePlans = pendingSkus[0].servicePlans!.map((p) => (p.servicePlanName === 'OFFICESUBSCRIPTION' ? { ...p, provisioningStatus: 'PendingProvisioning' } : p));
    assert.deepEqual(answer(userWith('SPE_E3'), pendingSkus, 'desktop-apps').reasons, [{ kind: 'pending', skuPartNumber: 'SPE_E3' }]);

    const suspended = tenantSkus('SPE_E3');
    suspended[0].capabilityStatus = 'Suspended';
    const a = answer(userWith('SPE_E3'), suspended, 'desktop-apps');
    assert.deepEqual(a.reasons, [{ kind: 'subscription-suspended', skuPartNumber: 'SPE_E3', status: 'Suspended' }]);
    assert.deepEqual(a.options, [], 'a suspended subscription is no option either');
  });

  it('Power BI free vs Pro: free is a lower tier; Pro from the add-on, or from E5', () => {
    const free = answer(userWith('O365_BUSINESS_ESSENTIALS', 'POWER_BI_STANDARD'), TENANT, 'power-bi-pro');
    assert.equal(free.has, false);
    assert.deepEqual(free.reasons, [{ kind: 'lower-tier', skuPartNumber: 'POWER_BI_STANDARD', tier: 'Free' }]);
    assert.deepEqual(free.options.map((o) => [o.skuPartNumber, o.kind]), [['POWER_BI_PRO', 'add-on'], ['SPE_E5', 'suite']]);

    const pro = answer(userWith('O365_BUSINESS_ESSENTIALS', 'POWER_BI_PRO'), TENANT, 'power-bi-pro');
    assert.equal(pro.has, true);
    assert.equal(pro.tier, 'Pro');
    assert.equal(answer(userWith('SPE_E5'), TENANT, 'power-bi-pro').tier, 'Pro');
    assert.equal(answer(userWith('SPE_E5'), TENANT, 'power-bi-premium').has, false);
  });

  it('Business Premium has the archive add-on: auto-expanding archive and Litigation Hold on Plan 1', () => {
    const archive = answer(userWith('SPB'), TENANT, 'archive');
    assert.equal(archive.has, true);
    assert.equal(archive.tier, 'auto-expanding (1.5 TB)');
    assert.deepEqual(archive.grantedBy.map((g) => [g.skuPartNumber, g.servicePlanName]), [['SPB', 'EXCHANGE_S_ARCHIVE_ADDON']]);
    const hold = answer(userWith('SPB'), TENANT, 'litigation-hold');
    assert.equal(hold.has, true);
    assert.equal(answer(userWith('O365_BUSINESS_ESSENTIALS'), TENANT, 'litigation-hold').has, false);
  });

  it('the archive add-on needs a mailbox: offered to a Kiosk user as is, flagged for a user without one', () => {
    const kiosk = answer(userWith('EXCHANGEDESKLESS'), TENANT, 'archive');
    assert.deepEqual(kiosk.reasons, [{ kind: 'lower-tier', skuPartNumber: 'EXCHANGEDESKLESS', tier: 'Kiosk' }]);
    const addOn = kiosk.options.find((o) => o.skuPartNumber === 'EXCHANGEARCHIVE_ADDON')!;
    assert.equal(addOn.kind, 'add-on');
    assert.equal(addOn.needs, undefined);
    const none = answer(userWith('POWER_BI_PRO'), TENANT, 'archive');
    assert.deepEqual(none.options.find((o) => o.skuPartNumber === 'EXCHANGEARCHIVE_ADDON')!.needs, ['mailbox']);
  });

  it('Kiosk → Outlook desktop is a lower tier', () => {
    assert.deepEqual(answer(userWith('EXCHANGEDESKLESS'), TENANT, 'outlook-desktop').reasons, [{ kind: 'lower-tier', skuPartNumber: 'EXCHANGEDESKLESS', tier: 'Kiosk' }]);
  });

  it('a Business Basic user cannot install Office: mobile apps only; Business Standard is the cheapest fix', () => {
    const a = answer(userWith('O365_BUSINESS_ESSENTIALS'), TENANT, 'desktop-apps');
    assert.deepEqual(a.reasons, [{ kind: 'lower-tier', skuPartNumber: 'O365_BUSINESS_ESSENTIALS', tier: 'Mobile apps' }]);
    assert.equal(a.options[0].skuPartNumber, 'O365_BUSINESS_PREMIUM');
    assert.equal(a.options[0].kind, 'suite');
  });

  it('OneDrive: Business Basic has 1 TB; more comes with a SharePoint Plan 2 product', () => {
    const a = answer(userWith('O365_BUSINESS_ESSENTIALS'), TENANT, 'onedrive');
    assert.equal(a.has, true);
    assert.equal(a.quotaGB, 1024);
    assert.ok(a.options.length > 0 && a.options.every((o) => o.tier === 'Plan 2'));
  });
});
