/**
 * The report builder works out each license combination once (its "license shape") and reuses it for every user
 * who holds the same one. These tests build a varied tenant — every field of the combination varied on its own —
 * and check that remembering changes nothing: the report and every billing row are the same with and without it.
 */
import assert from 'node:assert/strict';
import { Catalog } from '../../src/licensing/catalog';
import { priceList } from '../../src/licensing/prices';
import type { BillingRow } from '../../src/report/billing-types';
import { createReportBuilder, shapeKey } from '../../src/report/builder';
import type { ReportUser } from '../../src/report/types';
import { NOW, SKU } from './helpers';
import { GROUPS, PLANS, variedPopulation, variedTenantSkus } from './varied-tenant';

const catalog = Catalog.bundled();

function build(users: readonly ReportUser[], maxLicenseShapes?: number) {
  const rows: BillingRow[] = [];
  const builder = createReportBuilder({ skus: variedTenantSkus(), catalog, prices: priceList(), inactiveDays: 90, now: NOW, maxLicenseShapes, onBillingRow: (r) => rows.push(r) });
  for (const u of users) builder.add(u);
  const groupNames = new Map(GROUPS.map((id, i) => [id, `Group ${i + 1}`]));
  return { report: builder.finish({ groupNames }), rows, groupIds: builder.groupIds().sort(), licensingGroupIds: builder.licensingGroupIds().sort() };
}

describe('report: license combinations worked out once', () => {
  const users = variedPopulation(3000);

  it('the varied tenant repeats combinations (so the memo is exercised) and has every kind of finding', () => {
    const keys = new Set(users.map(shapeKey));
    assert.ok(keys.size > 50 && keys.size < users.length * 0.6, `${keys.size} combinations among ${users.length} users`);
    const { report } = build(users);
    for (const kind of ['redundantLicenses', 'groupErrors', 'inactiveAccounts', 'noUsageLocation'] as const) assert.ok(report.totals[kind] > 0, kind);
    assert.ok(report.billing.overlapping.length > 0, 'overlapping suites');
  });

  it('remembering combinations changes nothing: the same report and the same billing rows as working out every user', () => {
    const remembered = build(users);
    const alone = build(users, 0);
    assert.deepEqual(remembered.report, alone.report);
    assert.deepEqual(remembered.rows, alone.rows);
    assert.deepEqual([remembered.groupIds, remembered.licensingGroupIds], [alone.groupIds, alone.licensingGroupIds]);
  });

  it('a combination that differs in one field only is its own combination', () => {
    const base: ReportUser = users.find((u) => (u.licenseAssignmentStates?.length ?? 0) > 0)!;
    const state = base.licenseAssignmentStates![0];
    const variants: Array<Partial<typeof state>> = [{ skuId: SKU.M365_F1 }, { assignedByGroup: GROUPS[1] }, { state: 'Error' }, { error: 'CountViolation' }, { disabledPlans: [PLANS[0], PLANS[1]] }];
    const keys = new Set([shapeKey(base), ...variants.map((v) => shapeKey({ ...base, licenseAssignmentStates: [{ ...state, ...v }, ...base.licenseAssignmentStates!.slice(1)] }))]);
    assert.equal(keys.size, variants.length + 1);
    assert.notEqual(shapeKey({ ...base, assignedLicenses: [] }), shapeKey({ ...base, assignedLicenses: [{ skuId: SKU.SPE_E3, disabledPlans: [] }] }));
  });

  it('the shared parts of a finding cannot be changed by one user’s reader', () => {
    const { report } = build(users);
    const finding = report.inactive.find((i) => i.licensedSkus.length > 0)!;
    assert.throws(() => finding.licensedSkus.push('X'), TypeError);
  });
});
