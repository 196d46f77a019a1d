/**
 * The bill on Contoso, through the demo tenant's Graph API and the report service, against hand counts (issue 17).
 * Prices: src/licensing/data/prices.json (USD). Who holds what: src/demo/fixtures/contoso.json.
 */
import assert from 'node:assert/strict';
import type { BillingRow } from '../../src/report/billing-types';
import type { TenantReport } from '../../src/report/types';
import { memorySpools } from '../../src/store/row-spool';
import { contosoWithBillingAttributes, reportRig, type ReportRig } from './helpers';

describe('report: the bill on Contoso (hand-computed)', () => {
  let rig: ReportRig;
  let report: TenantReport;
  let rows: BillingRow[];
  let graphRequests: number;

  before(async () => {
    rig = await reportRig(contosoWithBillingAttributes());
    const result = await rig.service({ spools: memorySpools() }).run({ billingRows: true });
    ({ report, graphRequests } = result);
    rows = [];
    for await (const r of result.billingRows!.rows()) rows.push(r);
  });
  after(async () => rig?.close());

  it('spend: bought $1,370.25 (E3 25 × $36 = $900 …), assigned $345.25, free $1,025 a month', () => {
    const t = report.billing.totals;
    assert.deepEqual([t.boughtMonthly, t.assignedMonthly, t.freeMonthly], [1370.25, 345.25, 1025]);
    assert.deepEqual(t.unpricedProducts, []);
    const e3 = report.billing.products.find((p) => p.sku === 'SPE_E3')!;
    // E3: Adele, Megan, Patti, Pradeep direct + Nestor through "Operations E3 licensing" = 5 of 25.
    assert.deepEqual([e3.bought, e3.assigned, e3.free, e3.inactive, e3.boughtMonthly, e3.assignedMonthly], [25, 5, 20, 0, 900, 180]);
    assert.equal(report.billing.products[0].sku, 'SPE_E3', 'most expensive first');
  });

  it('overlapping: Isaiah holds E5 and Business Standard — Business Standard ($12.50) overlaps, with what it adds', () => {
    assert.deepEqual(report.billing.overlapping.map((o) => [o.user, o.sku, o.keptSku, o.monthlyCost]), [['Isaiah Langer', 'O365_BUSINESS_PREMIUM', 'SPE_E5', 12.5]]);
    assert.ok(report.billing.overlapping[0].adds.length <= 3, report.billing.overlapping[0].adds.join(', '));
  });

  it('waste by reason, each license once: free seats $1,025, disabled none, inactive Henrietta $12.50, redundant $6, overlapping $12.50', () => {
    const lines = Object.fromEntries(report.billing.waste.lines.map((l) => [l.reason, [l.monthly, l.licenses, l.people]]));
    assert.deepEqual(lines, {
      'free-seats': [1025, 20 + 0 + 18 + 8 + 14 + 4 + 4 + 4 + 9 + 4, 0],
      disabled: [0, 0, 0],
      inactive: [12.5, 1, 1],
      redundant: [6, 2, 2],
      overlapping: [12.5, 1, 1],
    });
    assert.equal(report.billing.waste.monthly, 1025 + 12.5 + 6 + 12.5);
    const people = (r: string) => report.billing.waste.lines.find((l) => l.reason === r)!.top.map((p) => p.user);
    assert.deepEqual(people('redundant'), ['Megan Bowen', 'Nestor Wilke']);
    assert.deepEqual(people('inactive'), ['Henrietta Mueller']);
  });

  it('cost per department and per cost centre, with the "(none set)" bucket; every dimension sums to the assigned spend', () => {
    const dept = Object.fromEntries(report.billing.allocation.department.map((b) => [b.key ?? '(none set)', b.monthly]));
    assert.deepEqual(dept, { Sales: 111.5, IT: 57, Marketing: 42, Operations: 36, Executive: 36, Finance: 36, Retail: 14.25, 'R&D': 12.5 });
    const cc = Object.fromEntries(report.billing.allocation.costCenter.map((b) => [b.key ?? '(none set)', b.monthly]));
    assert.deepEqual(cc, { 'CC-1100': 111.5, '(none set)': 62.75, 'CC-2100': 57, 'CC-1200': 42, 'CC-1000': 36, 'CC-3100': 36 });
    const company = Object.fromEntries(report.billing.allocation.company.map((b) => [b.key, [b.licensedUsers, b.monthly]]));
    assert.deepEqual(company, { 'Contoso Ltd': [10, 328.75], 'Contoso GmbH': [2, 16.5] });
    for (const d of ['department', 'country', 'company', 'costCenter'] as const) {
      assert.equal(Math.round(report.billing.allocation[d].reduce((t, b) => t + b.monthly, 0) * 100) / 100, 345.25, d);
    }
  });

  it('renewals from /directory/subscriptions (the demo derives one per SKU, renewing in a year): no callout', () => {
    assert.equal(report.billing.renewalsRead, true);
    assert.equal(report.billing.renewals.length, 10);
    assert.ok(report.billing.renewals.every((r) => r.callout === null && r.daysToRenewal! > 300 && r.status === 'Enabled'));
  });

  it('billing rows: the 12 licensed users, costs summing to $345.25, Nestor’s E3 through his group, Isaiah’s waste', () => {
    assert.equal(rows.length, 12);
    assert.equal(Math.round(rows.reduce((t, r) => t + r.monthlyCost, 0) * 100) / 100, 345.25);
    const nestor = rows.find((r) => r.user === 'Nestor Wilke')!;
    assert.deepEqual(nestor.licenses.map((l) => [l.sku, l.direct, l.groupIds.length]).sort(), [['SPE_E3', false, 1], ['TEAMS_EXPLORATORY', true, 0]]);
    const isaiah = rows.find((r) => r.user === 'Isaiah Langer')!;
    assert.deepEqual([isaiah.monthlyCost, isaiah.wasteReason, isaiah.wasteMonthly, isaiah.costCenter, isaiah.company], [69.5, 'overlapping', 12.5, 'CC-1100', 'Contoso Ltd']);
  });

  it('Graph requests: subscribedSkus + directory/subscriptions + 1 page + 1 $batch (the licensing group’s name) + reportSettings', () => {
    assert.equal(graphRequests, 5);
  });
});
