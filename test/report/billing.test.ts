/** Spend, cost allocation, per-user billing rows and renewals on hand-built tenants (issue 17). No I/O. */
import assert from 'node:assert/strict';
import { Catalog } from '../../src/licensing/catalog';
import { priceList } from '../../src/licensing/prices';
import type { SubscribedSku } from '../../src/licensing/types';
import type { BillingRow } from '../../src/report/billing-types';
import { createReportBuilder, type ReportFinishExtra } from '../../src/report/builder';
import { renewalLines, termOf } from '../../src/report/renewals';
import type { ReportUser } from '../../src/report/types';
import { NOW, SKU } from './helpers';

const catalog = Catalog.bundled();
const UNPRICED = { skuId: 'c5928f49-12ba-48f7-ada3-0d743a3601d5', part: 'VISIO_UNPRICED' }; // Visio Plan 2 under a part number the price list lacks
const GROUP = 'aaaaaaaa-0000-4000-8000-000000000001';

function tenant(): SubscribedSku[] {
  const sku = (skuId: string, part: string, enabled: number, consumed: number): SubscribedSku => ({ skuId, skuPartNumber: part, capabilityStatus: 'Enabled', appliesTo: 'User', consumedUnits: consumed, prepaidUnits: { enabled, warning: 0, suspended: 0, lockedOut: 0 } });
  return [sku(SKU.SPE_E3, 'SPE_E3', 10, 4), sku(SKU.SPE_E5, 'SPE_E5', 2, 1), sku(UNPRICED.skuId, UNPRICED.part, 5, 1), sku(SKU.TEAMS_EXPLORATORY, 'TEAMS_EXPLORATORY', 100, 0)];
}

let n = 0;
function person(skuIds: string[], extra: Partial<ReportUser> = {}, group?: string): ReportUser {
  n++;
  return {
    id: `u${n}`,
    displayName: `User ${n}`,
    userPrincipalName: `user${n}@contoso.example`,
    accountEnabled: true,
    usageLocation: 'US',
    assignedLicenses: skuIds.map((skuId) => ({ skuId, disabledPlans: [] })),
    licenseAssignmentStates: skuIds.map((skuId) => ({ skuId, assignedByGroup: group ?? null, state: 'Active', error: 'None', disabledPlans: [] })),
    signInActivity: { lastSignInDateTime: '2026-11-20T08:00:00Z' },
    createdDateTime: '2024-03-01T10:00:00Z',
    ...extra,
  };
}

function build(users: ReportUser[], subscriptions?: ReportFinishExtra['subscriptions']) {
  const rows: BillingRow[] = [];
  const b = createReportBuilder({ skus: tenant(), catalog, prices: priceList(), inactiveDays: 90, now: NOW, onBillingRow: (r) => rows.push(r) });
  for (const u of users) b.add(u);
  return { report: b.finish({ subscriptions }), rows, builder: b };
}

describe('billing: spend', () => {
  it('bought vs assigned per product and in total; an unknown price is unknown (null), never 0, and listed', () => {
    const { report } = build([]);
    const p = Object.fromEntries(report.billing.products.map((x) => [x.sku, x]));
    assert.deepEqual([p.SPE_E3.boughtMonthly, p.SPE_E3.assignedMonthly, p.SPE_E3.freeMonthly, p.SPE_E3.free], [360, 144, 216, 6]);
    assert.deepEqual([p.SPE_E5.boughtMonthly, p.SPE_E5.assignedMonthly], [114, 57]);
    assert.deepEqual([p[UNPRICED.part].monthlyPrice, p[UNPRICED.part].boughtMonthly, p[UNPRICED.part].assignedMonthly], [null, null, null]);
    assert.equal(p.TEAMS_EXPLORATORY.boughtMonthly, 0, 'a free product is priced at 0 by the list: known, not unknown');
    const t = report.billing.totals;
    assert.deepEqual([t.boughtMonthly, t.assignedMonthly, t.freeMonthly], [474, 201, 273]);
    assert.deepEqual(t.unpricedProducts, [UNPRICED.part]);
    assert.deepEqual([t.boughtSeats, t.assignedSeats], [117, 6]);
    // Most expensive product first.
    assert.deepEqual(report.billing.products.map((x) => x.sku).slice(0, 2), ['SPE_E3', 'SPE_E5']);
    const free = report.billing.waste.lines.find((l) => l.reason === 'free-seats')!;
    assert.deepEqual([free.monthly, free.licenses, free.unpriced], [273, 6 + 1 + 4 + 100, 4]);
    assert.deepEqual(free.products!.map((x) => x.sku).slice(0, 2), ['SPE_E3', 'SPE_E5']);
  });

  it('in use / inactive / free per product from the scan; average per licensed user', () => {
    const { report } = build([
      person([SKU.SPE_E3]),
      person([SKU.SPE_E3], { accountEnabled: false }),
      person([SKU.SPE_E3], { signInActivity: null }),
      person([SKU.SPE_E3, SKU.SPE_E5]),
    ]);
    const e3 = report.billing.products.find((x) => x.sku === 'SPE_E3')!;
    assert.deepEqual([e3.assigned, e3.inactive, e3.inUse, e3.free], [4, 2, 2, 6]);
    assert.equal(report.billing.totals.averagePerLicensedUser, Math.round((201 / 4) * 100) / 100);
  });
});

describe('billing: cost allocation', () => {
  it('by department, country, company and cost center, with a "(none set)" bucket (null) for empty and missing values', () => {
    const { report } = build([
      person([SKU.SPE_E3], { department: 'Sales', country: 'Germany', companyName: 'Contoso GmbH', employeeOrgData: { costCenter: 'CC-100' } }),
      person([SKU.SPE_E3, SKU.SPE_E5], { department: 'Sales', country: 'Germany', companyName: 'Contoso GmbH', employeeOrgData: { costCenter: 'CC-200' } }),
      person([SKU.SPE_E3, UNPRICED.skuId], { department: '  ', country: null, companyName: undefined, employeeOrgData: null }),
      person([], { department: 'Nobody licensed' }),
    ]);
    const a = report.billing.allocation;
    assert.deepEqual(a.department.map((b) => [b.key, b.licensedUsers, b.licenses, b.monthly, b.unpricedLicenses]), [
      ['Sales', 2, 3, 129, 0],
      [null, 1, 2, 36, 1],
    ]);
    assert.deepEqual(a.costCenter.map((b) => [b.key, b.monthly]), [['CC-200', 93], ['CC-100', 36], [null, 36]]);
    assert.deepEqual(a.country.map((b) => b.key), ['Germany', null]);
    assert.deepEqual(a.company.map((b) => b.key), ['Contoso GmbH', null]);
    // Every dimension adds up to the same total.
    for (const d of ['department', 'country', 'company', 'costCenter'] as const) assert.equal(a[d].reduce((t, b) => t + b.monthly, 0), 165, d);
  });
});

describe('billing: per-user rows', () => {
  it('one row per licensed user: attributes, each license with direct or its group and disabled plans, priced cost and the unpriced, waste', () => {
    const withDisabled = person([SKU.SPE_E3], { department: 'IT', employeeOrgData: { costCenter: 'CC-1' } }, GROUP);
    const sway = catalog.planByName('SWAY')!.servicePlanId;
    withDisabled.licenseAssignmentStates![0].disabledPlans = [sway];
    withDisabled.licenseAssignmentStates!.push({ skuId: SKU.SPE_E3, assignedByGroup: null, state: 'Active', error: 'None', disabledPlans: [sway] });
    const { rows, builder } = build([withDisabled, person([SKU.SPE_E3, UNPRICED.skuId], { accountEnabled: false }), person([])]);
    assert.equal(rows.length, 2, 'unlicensed users have no billing row');
    const [a, b] = rows;
    assert.deepEqual(a.licenses, [{ sku: 'SPE_E3', product: 'Microsoft 365 E3', direct: true, groupIds: [GROUP], disabledPlans: ['SWAY'] }]);
    assert.deepEqual([a.department, a.costCenter, a.monthlyCost, a.unpricedSkus, a.wasteReason, a.createdDateTime, a.daysSinceSignIn], ['IT', 'CC-1', 36, [], null, '2024-03-01T10:00:00Z', 3]);
    assert.deepEqual([b.monthlyCost, b.unpricedSkus, b.accountEnabled, b.wasteReason, b.wasteMonthly], [36, [UNPRICED.part], false, 'disabled', 36]);
    assert.deepEqual(builder.licensingGroupIds(), [GROUP]);
  });
});

describe('billing: an unpriced license of an inactive user', () => {
  it('makes the inactive finding\'s cost unknown (null) and names the product in the notes, once; an active holder alone names nothing', () => {
    const old = { signInActivity: { lastSignInDateTime: '2026-01-10T08:00:00Z' } };
    const active = build([person([SKU.SPE_E3, UNPRICED.skuId])]).report;
    assert.deepEqual([active.inactive.length, active.totals.unpricedSkus], [0, []]);
    const { report } = build([person([SKU.SPE_E3, UNPRICED.skuId], old), person([SKU.SPE_E3, UNPRICED.skuId], old), person([SKU.SPE_E3], old)]);
    assert.deepEqual(report.inactive.map((i) => i.monthlyCost), [null, null, 36]);
    assert.deepEqual(report.totals.unpricedSkus, [UNPRICED.part]);
    assert.equal(report.notes.filter((n) => n.startsWith('No price for')).length, 1);
    assert.match(report.notes.find((n) => n.startsWith('No price for'))!, new RegExp(UNPRICED.part));
  });
});

describe('billing: renewals', () => {
  const sub = (over: Partial<{ id: string; skuId: string; skuPartNumber: string; status: string; totalLicenses: number; isTrial: boolean; createdDateTime: string | null; nextLifecycleDateTime: string | null }>) => ({
    id: 'sub', skuId: SKU.SPE_E3, skuPartNumber: 'SPE_E3', status: 'Enabled', totalLicenses: 10, isTrial: false, createdDateTime: '2025-12-10T00:00:00Z', nextLifecycleDateTime: '2026-12-10T00:00:00Z', ...over,
  });

  it('derives the term as an estimate from created → next lifecycle', () => {
    assert.equal(termOf(sub({})), 'annual');
    assert.equal(termOf(sub({ createdDateTime: '2026-11-10T00:00:00Z' })), 'monthly');
    assert.equal(termOf(sub({ createdDateTime: '2023-12-12T00:00:00Z' })), 'three-year');
    assert.equal(termOf(sub({ isTrial: true })), 'trial');
    assert.equal(termOf(sub({ nextLifecycleDateTime: null })), 'unknown');
  });

  it('calls out free seats before a renewal within 30 days, an ending one without free seats, and a subscription not active', () => {
    const { report } = build([], [
      sub({ id: 'e3' }),
      sub({ id: 'e5', skuId: SKU.SPE_E5, skuPartNumber: 'SPE_E5', totalLicenses: 2, nextLifecycleDateTime: '2027-06-01T00:00:00Z' }),
      sub({ id: 'visio', skuId: UNPRICED.skuId, skuPartNumber: UNPRICED.part, status: 'Warning', totalLicenses: 5, nextLifecycleDateTime: '2026-12-01T00:00:00Z' }),
      sub({ id: 'teams', skuId: SKU.TEAMS_EXPLORATORY, skuPartNumber: 'TEAMS_EXPLORATORY', totalLicenses: 0, nextLifecycleDateTime: '2026-12-20T00:00:00Z' }),
    ]);
    const r = report.billing.renewals;
    assert.equal(report.billing.renewalsRead, true);
    assert.deepEqual(r.map((l) => [l.subscriptionId, l.callout, l.daysToRenewal, l.freeSeats, l.freeMonthly]), [
      ['visio', 'not-active', 7, 4, null],
      ['e3', 'free-before-renewal', 16, 6, 216],
      ['teams', 'ends-soon', 26, 0, 0],
      ['e5', null, 189, 1, 57],
    ]);
  });

  it('a subscription sheds at most its own seats; without subscriptions read the renewals are empty and say so', () => {
    const lines = renewalLines([sub({ totalLicenses: 2 })], build([]).report.skus, priceList(), NOW);
    assert.equal(lines[0].freeSeats, 2);
    const { report } = build([]);
    assert.deepEqual([report.billing.renewals, report.billing.renewalsRead], [[], false]);
  });
});
