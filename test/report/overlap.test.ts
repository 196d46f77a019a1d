/** Overlapping suites and redundancy across every workload, on hand-built tenants (issue 17). No I/O. */
import assert from 'node:assert/strict';
import { Catalog } from '../../src/licensing/catalog';
import { priceList } from '../../src/licensing/prices';
import { buildTenantIndex } from '../../src/licensing/tenant-index';
import type { SubscribedSku } from '../../src/licensing/types';
import { createReportBuilder } from '../../src/report/builder';
import { isSuite, overlapFinder, suiteOverlap } from '../../src/report/overlap';
import type { ReportUser } from '../../src/report/types';
import { NOW } from './helpers';

const catalog = Catalog.bundled();
const ID = {
  SPE_E5: '06ebc4ee-1bb5-47dd-8120-11324bc54e06',
  SPE_E3: '05e9a617-0261-4cee-bb44-138d3ef5d965',
  SPB: 'cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46',
  O365_BUSINESS_PREMIUM: 'f245ecc8-75af-4f8e-b61f-27d8114de5f3',
  ENTERPRISEPACK: '6fd2c87f-b296-42f0-b197-1e91e994b900',
  EMS: 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e',
  POWER_BI_PRO: 'f8a1db68-be16-40ed-86d5-cb42ce701560',
  EXCHANGESTANDARD: '4b9405b0-7788-4568-add1-99614e613b69',
  VISIOCLIENT: 'c5928f49-12ba-48f7-ada3-0d743a3601d5',
} as const;
type Part = keyof typeof ID;

function tenant(parts: Part[] = Object.keys(ID) as Part[]): SubscribedSku[] {
  return parts.map((p) => ({ skuId: ID[p], skuPartNumber: p, capabilityStatus: 'Enabled', appliesTo: 'User', consumedUnits: 0, prepaidUnits: { enabled: 10, warning: 0, suspended: 0, lockedOut: 0 } }));
}

let n = 0;
function holder(parts: Part[], extra: Partial<ReportUser> = {}): ReportUser {
  n++;
  return {
    id: `u${n}`,
    displayName: `User ${n}`,
    userPrincipalName: `user${n}@contoso.example`,
    accountEnabled: true,
    usageLocation: 'US',
    assignedLicenses: parts.map((p) => ({ skuId: ID[p], disabledPlans: [] })),
    licenseAssignmentStates: parts.map((p) => ({ skuId: ID[p], assignedByGroup: null, state: 'Active', error: 'None', disabledPlans: [] })),
    signInActivity: { lastSignInDateTime: '2026-11-20T08:00:00Z' },
    ...extra,
  };
}

function reportOf(users: ReportUser[], skus = tenant()) {
  const b = createReportBuilder({ skus, catalog, prices: priceList(), inactiveDays: 90, now: NOW });
  for (const u of users) b.add(u);
  return b.finish();
}

describe('overlapping suites', () => {
  const index = buildTenantIndex(tenant(), catalog);

  it('a suite has a mailbox and SharePoint: E3, E5, Business Standard/Premium, Office 365 E3 are; EMS, Power BI Pro, Exchange Plan 1 are not', () => {
    for (const p of ['SPE_E5', 'SPE_E3', 'SPB', 'O365_BUSINESS_PREMIUM', 'ENTERPRISEPACK'] as const) assert.equal(isSuite(index.sku(ID[p])), true, p);
    for (const p of ['EMS', 'POWER_BI_PRO', 'EXCHANGESTANDARD', 'VISIOCLIENT'] as const) assert.equal(isSuite(index.sku(ID[p])), false, p);
  });

  it('E5 + Business Premium: Business Premium overlaps, with the few minor plans it adds (no mailbox, Office, SharePoint, Teams)', () => {
    const o = suiteOverlap(index.sku(ID.SPE_E5), index.sku(ID.SPB))!;
    assert.equal(o.largerSkuId, ID.SPE_E5);
    assert.equal(o.smallerSkuId, ID.SPB);
    assert.ok(o.adds.length > 0 && o.adds.length <= 10, o.adds.join(', '));
    assert.ok(o.adds.some((a) => /Invoicing/i.test(a)), o.adds.join(', '));
    assert.ok(!o.adds.some((a) => /Exchange Online \(Plan|SharePoint \(Plan|Microsoft 365 Apps/i.test(a)), o.adds.join(', '));
    // The order of the arguments does not matter.
    assert.deepEqual(suiteOverlap(index.sku(ID.SPB), index.sku(ID.SPE_E5)), o);
  });

  it('E3 + Business Standard: Business Standard overlaps; E3 + Business Premium too (more than one primary license)', () => {
    assert.equal(suiteOverlap(index.sku(ID.SPE_E3), index.sku(ID.O365_BUSINESS_PREMIUM))?.smallerSkuId, ID.O365_BUSINESS_PREMIUM);
    assert.equal(suiteOverlap(index.sku(ID.SPE_E3), index.sku(ID.SPB))?.smallerSkuId, ID.SPB);
  });

  it('not a suite pair: E3 + EMS and E5 + Power BI Pro are left to the redundancy rule', () => {
    assert.equal(suiteOverlap(index.sku(ID.SPE_E3), index.sku(ID.EMS)), undefined);
    assert.equal(suiteOverlap(index.sku(ID.SPE_E5), index.sku(ID.POWER_BI_PRO)), undefined);
  });

  it('two suites that each add a core plan do not overlap: E3 without desktop Office + Business Standard', () => {
    const skus = tenant(['SPE_E3', 'O365_BUSINESS_PREMIUM']);
    const plansOf = (skuId: string) => catalog.sku(skuId)!.servicePlanIds.map((id) => ({ servicePlanId: id, servicePlanName: catalog.plan(id)!.servicePlanName, provisioningStatus: 'Success' }));
    skus[0].servicePlans = plansOf(ID.SPE_E3).filter((p) => p.servicePlanName !== 'OFFICESUBSCRIPTION');
    const custom = buildTenantIndex(skus, catalog);
    // Business Standard adds desktop Office (core); E3 adds a Plan 2 mailbox and SharePoint Plan 2 (core).
    assert.equal(suiteOverlap(custom.sku(ID.SPE_E3), custom.sku(ID.O365_BUSINESS_PREMIUM)), undefined);
    assert.equal(reportOf([holder(['SPE_E3', 'O365_BUSINESS_PREMIUM'])], skus).billing.overlapping.length, 0);
  });

  it('the finder memoises per combination and lists each smaller suite once (E5 > E3 > Business Standard)', () => {
    const finder = overlapFinder(index);
    const held = [ID.SPE_E5, ID.SPB, ID.O365_BUSINESS_PREMIUM];
    const first = finder.overlapsFor(held);
    assert.deepEqual(first.map((o) => o.smallerSkuId).sort(), [ID.SPB, ID.O365_BUSINESS_PREMIUM].sort());
    assert.equal(finder.overlapsFor([...held].reverse()), first, 'same combination, same frozen answer');
    assert.equal(finder.overlapsFor([ID.SPE_E5]).length, 0);
  });
});

describe('report: redundant and overlapping licenses on hand-built tenants', () => {
  it('E5 + Business Premium: not redundant, flagged overlapping with the cost of Business Premium and what it adds', () => {
    const report = reportOf([holder(['SPE_E5', 'SPB'])]);
    assert.equal(report.redundant.length, 0, 'Business Premium adds plans E5 lacks: not redundant');
    assert.equal(report.billing.overlapping.length, 1);
    const o = report.billing.overlapping[0];
    assert.deepEqual([o.sku, o.keptSku, o.monthlyCost, o.source], ['SPB', 'SPE_E5', 22, 'direct']);
    assert.ok(o.adds.length > 0);
    const overlapLine = report.billing.waste.lines.find((l) => l.reason === 'overlapping')!;
    assert.deepEqual([overlapLine.monthly, overlapLine.licenses, overlapLine.people], [22, 1, 1]);
    assert.deepEqual(overlapLine.top.map((p) => [p.user, p.skus, p.monthlyCost]), [['User ' + n, ['SPB'], 22]]);
  });

  it('Microsoft 365 E3 + Office 365 E3 with the catalog plans: Office 365 E3 is redundant (all plans inside), counted once', () => {
    const report = reportOf([holder(['SPE_E3', 'ENTERPRISEPACK'])]);
    assert.deepEqual(report.redundant.map((r) => [r.sku, r.coveredBy]), [['ENTERPRISEPACK', ['SPE_E3']]]);
    assert.equal(report.billing.overlapping.length, 0, 'a redundant license is not also an overlap');
    const lines = Object.fromEntries(report.billing.waste.lines.map((l) => [l.reason, l.monthly]));
    assert.equal(lines.redundant, 23);
    assert.equal(lines.overlapping, 0);
  });

  it('… and when the tenant’s Office 365 E3 carries a plan Microsoft 365 E3 lacks, it is an overlap naming that plan', () => {
    const skus = tenant(['SPE_E3', 'ENTERPRISEPACK']);
    const extra = catalog.planByName('DYN365BC_MS_INVOICING')!;
    skus[1].servicePlans = [...catalog.sku(ID.ENTERPRISEPACK)!.servicePlanIds.map((id) => ({ servicePlanId: id, servicePlanName: catalog.plan(id)!.servicePlanName, provisioningStatus: 'Success' })), { servicePlanId: extra.servicePlanId, servicePlanName: extra.servicePlanName, provisioningStatus: 'Success' }];
    const report = reportOf([holder(['SPE_E3', 'ENTERPRISEPACK'])], skus);
    assert.equal(report.redundant.length, 0);
    assert.deepEqual(report.billing.overlapping.map((o) => [o.sku, o.keptSku, o.adds]), [['ENTERPRISEPACK', 'SPE_E3', [extra.friendlyName]]]);
  });

  it('redundancy works for every workload: Power BI Pro and EMS under E5, Exchange Plan 1 under E3, Visio is not covered', () => {
    const report = reportOf([holder(['SPE_E5', 'POWER_BI_PRO', 'EMS', 'VISIOCLIENT']), holder(['SPE_E3', 'EXCHANGESTANDARD'])]);
    assert.deepEqual(report.redundant.map((r) => r.sku).sort(), ['EMS', 'EXCHANGESTANDARD', 'POWER_BI_PRO']);
    assert.equal(report.billing.overlapping.length, 0);
  });

  it('a disabled or inactive holder counts under disabled / inactive, never again under redundant or overlapping', () => {
    const report = reportOf([
      holder(['SPE_E5', 'SPB'], { accountEnabled: false }),
      holder(['SPE_E3', 'EXCHANGESTANDARD'], { signInActivity: { lastSignInDateTime: '2026-01-01T00:00:00Z' } }),
      holder(['SPE_E3', 'EXCHANGESTANDARD']),
    ]);
    const line = (r: string) => report.billing.waste.lines.find((l) => l.reason === r)!;
    assert.deepEqual([line('disabled').monthly, line('disabled').licenses, line('disabled').people], [57 + 22, 2, 1]);
    assert.deepEqual([line('inactive').monthly, line('inactive').licenses], [36 + 4, 2]);
    assert.deepEqual([line('redundant').monthly, line('redundant').licenses, line('redundant').people], [4, 1, 1]);
    assert.deepEqual([line('overlapping').monthly, line('overlapping').licenses], [0, 0]);
    // The findings lists still name them all (the overlap of the disabled user is listed; its cost is counted once).
    assert.equal(report.billing.overlapping.length, 1);
    assert.equal(report.redundant.length, 2);
    assert.equal(report.billing.waste.monthly, line('free-seats').monthly + 79 + 40 + 4);
  });
});
