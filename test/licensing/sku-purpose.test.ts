import assert from 'node:assert/strict';
import { resolve } from '../../src/licensing/resolver';
import { skuPurpose } from '../../src/licensing/sku-purpose';
import { catalog, tenantSkus, userWith } from '../helpers/licensing';

const purposeOf = (part: string) => skuPurpose(part, catalog.skusByPartNumber(part)[0].servicePlanIds.map((id) => catalog.plan(id)!.servicePlanName));

describe('SKU purpose: what a product is for', () => {
  it('add-on products name their feature and tier, never Exchange Foundation', () => {
    assert.deepEqual(purposeOf('POWER_BI_PRO'), [{ feature: 'power-bi-pro', tier: 'Pro' }]);
    assert.deepEqual(purposeOf('VISIOCLIENT'), [{ feature: 'visio', tier: 'Plan 2' }]);
    assert.deepEqual(purposeOf('VISIO_PLAN1_DEPT'), [{ feature: 'visio', tier: 'Plan 1' }]);
    assert.deepEqual(purposeOf('PBI_PREMIUM_PER_USER'), [{ feature: 'power-bi-premium', tier: 'Premium per user' }]);
    assert.deepEqual(purposeOf('POWER_BI_STANDARD'), [{ feature: 'power-bi-pro', tier: 'Free' }]);
    assert.deepEqual(purposeOf('MCOEV'), [{ feature: 'teams-phone', tier: 'Standard' }]);
    assert.deepEqual(purposeOf('EXCHANGEARCHIVE_ADDON'), [
      { feature: 'archive', tier: 'auto-expanding (1.5 TB)' },
      { feature: 'litigation-hold', tier: 'Archiving add-on' },
    ]);
    assert.deepEqual(purposeOf('Microsoft_365_Copilot'), [{ feature: 'copilot', tier: 'Microsoft 365 Copilot' }]);
  });

  it('suites list their main features once: E3 has a Plan 2 mailbox, not also its archive or Office for the web', () => {
    const e3 = purposeOf('SPE_E3');
    assert.deepEqual(e3.find((p) => p.feature === 'mailbox'), { feature: 'mailbox', tier: 'Plan 2' });
    assert.deepEqual(e3.find((p) => p.feature === 'desktop-apps'), { feature: 'desktop-apps', tier: 'Apps for enterprise' });
    for (const hidden of ['archive', 'office-web', 'edit-documents', 'onedrive', 'power-automate', 'copilot']) {
      assert.ok(!e3.some((p) => p.feature === hidden), `E3 purpose has no ${hidden}`);
    }
    // Business Premium's archive comes from an add-on: worth saying.
    assert.ok(purposeOf('SPB').some((p) => p.feature === 'archive'));
  });

  it('the resolver hands it to the card on every resolved SKU', () => {
    const r = resolve(userWith('SPE_E3', 'POWER_BI_PRO'), tenantSkus('SPE_E3', 'POWER_BI_PRO'), catalog);
    assert.deepEqual(r.skus.find((s) => s.skuPartNumber === 'POWER_BI_PRO')!.purpose, [{ feature: 'power-bi-pro', tier: 'Pro' }]);
  });
});
