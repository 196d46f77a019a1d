import assert from 'node:assert/strict';
import { resolve } from '../../src/licensing/resolver';
import type { Resolution } from '../../src/licensing/resolution';
import { catalog, tenantSkus, userWith } from '../helpers/licensing';

const TENANT = tenantSkus(
  'SPE_E3', 'SPE_E5', 'O365_BUSINESS_ESSENTIALS', 'DESKLESSPACK', 'EXCHANGESTANDARD', 'M365_F1', 'POWER_BI_PRO', 'POWER_BI_STANDARD',
  'PBI_PREMIUM_PER_USER', 'VISIOCLIENT', 'VISIO_PLAN1_DEPT', 'PROJECTPROFESSIONAL', 'MCOEV', 'Microsoft_365_Copilot', 'SPB', 'WIN_DEF_ATP',
);
const effective = (r: Resolution, workload: string) => r.workloads.find((w) => w.workload === workload)!.effective;

describe('resolver: a SKU whose only Exchange plan is Foundation is not "Exchange superseded"', () => {
  for (const part of ['POWER_BI_PRO', 'VISIOCLIENT', 'PROJECTPROFESSIONAL']) {
    it(`E3 + ${part}: ${part} supersedes nothing in Exchange`, () => {
      const r = resolve(userWith('SPE_E3', part), TENANT, catalog);
      const sku = r.skus.find((s) => s.skuPartNumber === part)!;
      assert.ok(!sku.supersededWorkloads.includes('Exchange'), sku.supersededWorkloads.join(', '));
      assert.ok(sku.purpose.length > 0);
      assert.equal(effective(r, 'Exchange')?.tier, 'Plan 2');
    });
  }

  it('a real mailbox plan under a better one is still superseded (F3 Kiosk under Exchange Plan 1)', () => {
    const r = resolve(userWith('DESKLESSPACK', 'EXCHANGESTANDARD'), TENANT, catalog);
    assert.deepEqual(r.skus.find((s) => s.skuPartNumber === 'DESKLESSPACK')!.supersededWorkloads, ['Exchange']);
  });

  it('F1 (Foundation only) next to E3 is not "Exchange superseded" either', () => {
    const r = resolve(userWith('SPE_E3', 'M365_F1'), TENANT, catalog);
    assert.ok(!r.skus.find((s) => s.skuPartNumber === 'M365_F1')!.supersededWorkloads.includes('Exchange'));
  });
});

describe('resolver: the wider workloads', () => {
  it('E5: Teams Phone, Audio Conferencing, Power BI Pro, Defender for Office 365 Plan 2, Defender for Endpoint Plan 2', () => {
    const r = resolve(userWith('SPE_E5'), TENANT, catalog);
    assert.equal(effective(r, 'Teams Phone')?.tier, 'Standard');
    assert.equal(effective(r, 'Audio Conferencing')?.tier, 'Standard');
    assert.equal(effective(r, 'Power BI')?.tier, 'Pro');
    assert.equal(effective(r, 'Defender for Office 365')?.tier, 'Plan 2');
    assert.equal(effective(r, 'Defender for Endpoint')?.tier, 'Plan 2');
    assert.equal(effective(r, 'Purview')?.tier, 'Premium');
    assert.equal(effective(r, 'Copilot'), null);
  });

  it('E3: Defender for Endpoint Plan 1, Entra P1, Intune Plan 1; no Teams Phone', () => {
    const r = resolve(userWith('SPE_E3'), TENANT, catalog);
    assert.equal(effective(r, 'Defender for Endpoint')?.tier, 'Plan 1');
    assert.equal(effective(r, 'Entra ID')?.tier, 'P1');
    assert.equal(effective(r, 'Intune')?.tier, 'Plan 1');
    assert.equal(effective(r, 'Teams Phone'), null);
  });

  it('Power BI stacks: free < Pro < Premium per user, and the lesser licence is redundant', () => {
    const r = resolve(userWith('POWER_BI_STANDARD', 'POWER_BI_PRO'), TENANT, catalog);
    assert.equal(effective(r, 'Power BI')?.tier, 'Pro');
    assert.deepEqual(r.redundantSkus, ['POWER_BI_STANDARD']);
    const ppu = resolve(userWith('POWER_BI_PRO', 'PBI_PREMIUM_PER_USER'), TENANT, catalog);
    assert.equal(effective(ppu, 'Power BI')?.tier, 'Premium per user');
    assert.deepEqual(ppu.redundantSkus, ['POWER_BI_PRO']);
  });

  it('Visio Plan 1 under Plan 2 is redundant; Plan 2 wins', () => {
    const r = resolve(userWith('VISIO_PLAN1_DEPT', 'VISIOCLIENT'), TENANT, catalog);
    assert.equal(effective(r, 'Visio')?.tier, 'Plan 2');
    assert.deepEqual(r.redundantSkus, ['VISIO_PLAN1_DEPT']);
  });

  it('E3 → E5 is no Power Automate "upgrade": seeded flows share one rank', () => {
    const r3 = resolve(userWith('SPE_E3'), TENANT, catalog);
    const r5 = resolve(userWith('SPE_E5'), TENANT, catalog);
    assert.equal(effective(r3, 'Power Automate')?.rank, effective(r5, 'Power Automate')?.rank);
  });

  it('Defender for Endpoint P2 standalone makes E3\'s Plan 1 covered, not E3 redundant', () => {
    const r = resolve(userWith('SPE_E3', 'WIN_DEF_ATP'), TENANT, catalog);
    assert.equal(effective(r, 'Defender for Endpoint')?.tier, 'Plan 2');
    assert.deepEqual(r.redundantSkus, []);
  });

  it('Copilot add-on and Teams Phone standalone show in their workloads', () => {
    const r = resolve(userWith('SPE_E3', 'Microsoft_365_Copilot', 'MCOEV'), TENANT, catalog);
    assert.deepEqual(effective(r, 'Copilot')?.skuPartNumbers, ['Microsoft_365_Copilot']);
    assert.deepEqual(effective(r, 'Teams Phone')?.skuPartNumbers, ['MCOEV']);
    assert.deepEqual(r.redundantSkus, []);
  });
});
