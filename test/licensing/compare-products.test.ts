import assert from 'node:assert/strict';
import { compareProducts } from '../../src/licensing/compare-products';
import type { FeatureTenant } from '../../src/licensing/feature-check';
import { priceList } from '../../src/licensing/prices';
import { contosoTenant } from '../helpers/contoso-licensing';
import { catalog, skuId, tenantSkus, userWith } from '../helpers/licensing';

describe('compareProducts: "what would I gain", "E3 vs E5 for me"', () => {
  it('E3 vs E5 for Adele (Contoso): Teams Phone, Audio Conferencing, Power BI Pro, Defender Plan 2…; +21 USD a month', () => {
    const contoso = contosoTenant();
    const tenant: FeatureTenant = { skus: contoso.skus, catalog, prices: priceList() };
    const c = compareProducts(contoso.user('AdeleV@contoso.example'), skuId('SPE_E5'), tenant, skuId('SPE_E3'));
    const change = (w: string) => c.workloads.find((x) => x.workload === w)!.change;
    assert.equal(change('Teams Phone'), 'gain');
    assert.equal(change('Audio Conferencing'), 'gain');
    assert.equal(change('Power BI'), 'gain');
    assert.equal(change('Defender for Office 365'), 'gain');
    assert.equal(change('Defender for Endpoint'), 'upgrade');
    assert.equal(change('Entra ID'), 'upgrade');
    assert.equal(change('Exchange'), 'same');
    assert.deepEqual(c.losses, []);
    assert.deepEqual(c.addedSkus, ['SPE_E5']);
    assert.deepEqual(c.removedSkus, ['SPE_E3']);
    assert.equal(c.monthlyCostChange, 21);
    assert.equal(c.currency, 'USD');
  });

  it('Business Basic → Business Premium: desktop apps, archive add-on and hold, Intune, Entra P1; +16 USD', () => {
    const skus = tenantSkus('O365_BUSINESS_ESSENTIALS', 'SPB');
    const c = compareProducts(userWith('O365_BUSINESS_ESSENTIALS'), skuId('SPB'), { skus, catalog, prices: priceList() }, skuId('O365_BUSINESS_ESSENTIALS'));
    const change = (w: string) => c.workloads.find((x) => x.workload === w)!.change;
    assert.equal(change('Office apps'), 'upgrade');
    assert.equal(change('Intune'), 'gain');
    assert.equal(change('Entra ID'), 'gain');
    assert.ok(c.gains.includes('Litigation Hold'));
    assert.equal(c.monthlyCostChange, 16);
  });

  it('an unknown price gives null, never 0', () => {
    const skus = tenantSkus('SPE_E3', 'VISIO_PLAN2_DEPT');
    const c = compareProducts(userWith('SPE_E3'), skuId('VISIO_PLAN2_DEPT'), { skus, catalog, prices: priceList() });
    assert.equal(c.monthlyCostChange, null);
    assert.equal(c.workloads.find((w) => w.workload === 'Visio')!.change, 'gain');
  });

  it('replacing a group-inherited licence does not remove it, so it is not billed away', () => {
    const skus = tenantSkus('SPE_E3', 'SPE_E5');
    const c = compareProducts(userWith({ sku: 'SPE_E3', group: 'g' }), skuId('SPE_E5'), { skus, catalog, prices: priceList() }, skuId('SPE_E3'));
    assert.deepEqual(c.removedSkus, []);
    assert.equal(c.monthlyCostChange, 57);
  });
});
