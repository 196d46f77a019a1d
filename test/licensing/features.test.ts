import assert from 'node:assert/strict';
import { capabilityEntries } from '../../src/licensing/capabilities';
import { FEATURE_IDS } from '../../src/licensing/feature-ids';
import { FEATURES, featurePlan, skuFeatureGrant } from '../../src/licensing/features';
import { WHY_NOT_FEATURE } from '../../src/licensing/why-not';
import { catalog } from '../helpers/licensing';

const plansOf = (part: string) => catalog.skusByPartNumber(part)[0].servicePlanIds.map((id) => catalog.plan(id)!.servicePlanName);

describe('feature table', () => {
  it('defines every feature id exactly once, each with at least one granting plan', () => {
    assert.deepEqual(FEATURES.map((f) => f.id).sort(), [...FEATURE_IDS].sort());
    for (const f of FEATURES) assert.ok(f.plans.some((p) => p.grants), `${f.id} has a granting plan`);
  });

  it('every service plan name in the feature and capability tables exists in the bundled catalog (Microsoft CSV)', () => {
    const missing = [
      ...FEATURES.flatMap((f) => f.plans.map((p) => p.servicePlanName)),
      ...capabilityEntries().map(([name]) => name),
    ].filter((name) => !catalog.planByName(name));
    assert.deepEqual([...new Set(missing)], []);
  });

  it('a misspelt plan name would be caught (the check can fail)', () => {
    assert.equal(catalog.planByName('VISIO_PLAN_2'), undefined);
  });

  it('SKU-level tiers name real SKUs', () => {
    for (const f of FEATURES) for (const part of Object.keys(f.skuTiers ?? {})) assert.ok(catalog.skusByPartNumber(part).length > 0, part);
  });

  it('tiers that stack: Power BI free < Pro < Premium per user; Visio Plan 1 < Plan 2', () => {
    assert.equal(featurePlan('power-bi-pro', 'BI_AZURE_P0')?.grants, false);
    assert.equal(featurePlan('power-bi-pro', 'BI_AZURE_P2')?.grants, true);
    assert.equal(featurePlan('power-bi-pro', 'BI_AZURE_P3')?.grants, true, 'Premium per user includes Pro');
    assert.equal(featurePlan('power-bi-premium', 'BI_AZURE_P2')?.grants, false);
    assert.equal(skuFeatureGrant('visio', 'VISIOCLIENT', plansOf('VISIOCLIENT'))?.tier, 'Plan 2');
    assert.equal(skuFeatureGrant('visio', 'VISIO_PLAN1_DEPT', plansOf('VISIO_PLAN1_DEPT'))?.tier, 'Plan 1');
    assert.equal(skuFeatureGrant('project', 'PROJECTPREMIUM', plansOf('PROJECTPREMIUM'))?.tier, 'Plan 5');
    assert.equal(skuFeatureGrant('project', 'PROJECTPROFESSIONAL', plansOf('PROJECTPROFESSIONAL'))?.tier, 'Plan 3');
    assert.equal(skuFeatureGrant('project', 'PROJECT_P1', plansOf('PROJECT_P1'))?.tier, 'Plan 1');
  });

  it('Intune for Office 365 (Basic Mobility and Security) is not Intune; seeded Power Automate is not premium', () => {
    assert.equal(featurePlan('intune', 'INTUNE_O365')?.grants, false);
    assert.equal(featurePlan('intune', 'INTUNE_A')?.grants, true);
    assert.equal(featurePlan('power-automate', 'FLOW_O365_P2')?.grants, true);
    assert.equal(featurePlan('power-automate-premium', 'FLOW_O365_P2')?.grants, false);
    assert.equal(featurePlan('power-automate-premium', 'FLOW_PER_USER')?.grants, true);
  });

  it('Exchange features come from the capability table: Kiosk has no Outlook desktop, Foundation no mailbox, the add-on archives', () => {
    assert.equal(featurePlan('outlook-desktop', 'EXCHANGE_S_DESKLESS')?.grants, false);
    assert.equal(featurePlan('outlook-desktop', 'EXCHANGE_S_STANDARD')?.grants, true);
    assert.equal(featurePlan('mailbox', 'EXCHANGE_S_FOUNDATION')?.grants, false);
    assert.equal(featurePlan('archive', 'EXCHANGE_S_ARCHIVE_ADDON')?.addOn, true);
    assert.equal(featurePlan('litigation-hold', 'EXCHANGE_S_STANDARD')?.grants, false);
    assert.equal(featurePlan('litigation-hold', 'EXCHANGE_S_ENTERPRISE')?.grants, true);
  });

  it('editing: F3 edits in Office for the web, F1 has no editing plan at all', () => {
    assert.ok(skuFeatureGrant('edit-documents', 'DESKLESSPACK', plansOf('DESKLESSPACK'))?.plan.grants);
    assert.equal(skuFeatureGrant('edit-documents', 'M365_F1', plansOf('M365_F1')), undefined);
  });

  it('"why can\'t I …" problems map to feature ids', () => {
    for (const feature of Object.values(WHY_NOT_FEATURE)) assert.ok((FEATURE_IDS as readonly string[]).includes(feature));
    assert.equal(WHY_NOT_FEATURE['install-office'], 'desktop-apps');
    assert.equal(WHY_NOT_FEATURE['call-outside'], 'teams-phone');
  });
});
