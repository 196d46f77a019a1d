/**
 * The report builder works out each license combination once (its "license shape") and reuses it for every user
 * who holds the same one. These tests build a varied tenant — every field of the combination varied on its own —
 * and check that remembering changes nothing: the report and every billing row are the same with and without it.
 */
import assert from 'node:assert/strict';
import { Catalog } from '../../src/licensing/catalog';
import { priceList } from '../../src/licensing/prices';
import type { SubscribedSku } from '../../src/licensing/types';
import type { BillingRow } from '../../src/report/billing-types';
import { createReportBuilder, shapeKey } from '../../src/report/builder';
import type { ReportUser } from '../../src/report/types';
import { NOW, SKU } from './helpers';

const catalog = Catalog.bundled();
const GROUPS = ['aaaaaaaa-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000002'];
/** Exchange Online (Plan 2) in E5 and E3's Exchange plan: disabling them changes what a license gives. */
const PLANS = ['efb87545-963c-4e0d-99df-69c6916d9eb0', '9aaf7827-d63c-4b61-89c3-182f06f82e5c'];
const SKUS = [SKU.SPE_E3, SKU.SPE_E5, SKU.O365_BUSINESS_PREMIUM, SKU.O365_BUSINESS_ESSENTIALS, SKU.TEAMS_EXPLORATORY, SKU.M365_F1];

function tenant(): SubscribedSku[] {
  return SKUS.map((skuId, i) => ({
    skuId,
    skuPartNumber: ['SPE_E3', 'SPE_E5', 'O365_BUSINESS_PREMIUM', 'O365_BUSINESS_ESSENTIALS', 'TEAMS_EXPLORATORY', 'M365_F1'][i],
    capabilityStatus: 'Enabled',
    appliesTo: 'User',
    consumedUnits: 0,
    prepaidUnits: { enabled: 500, warning: 0, suspended: 0, lockedOut: 0 },
  }));
}

/** A small deterministic generator (mulberry32): the same tenant on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function population(count: number): ReportUser[] {
  const rnd = random(17);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const users: ReportUser[] = [];
  for (let n = 0; n < count; n++) {
    const held = [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(SKUS)))].slice(0, rnd() < 0.1 ? 0 : 3);
    const states = held.map((skuId) => {
      const group = rnd() < 0.4 ? pick(GROUPS) : null;
      const failing = rnd() < 0.08;
      return {
        skuId,
        assignedByGroup: group,
        state: failing ? 'Error' : pick(['Active', 'Active', 'Active', 'ActiveWithError']),
        error: failing ? pick(['CountViolation', 'MutuallyExclusiveViolation', 'DependencyViolation', 'Other']) : 'None',
        disabledPlans: rnd() < 0.2 ? [pick(PLANS)] : [],
      };
    });
    users.push({
      id: `u${n}`,
      displayName: `User ${n}`,
      userPrincipalName: `user${n}@contoso.example`,
      accountEnabled: rnd() > 0.05,
      usageLocation: rnd() < 0.05 ? null : 'US',
      department: pick(['Sales', 'IT', null, ' Finance ']),
      country: pick(['US', 'DE', null]),
      companyName: pick(['Contoso', null]),
      employeeOrgData: rnd() < 0.5 ? { costCenter: pick(['CC-1', 'CC-2']) } : null,
      createdDateTime: '2024-03-01T10:00:00Z',
      // Some users carry assignedLicenses only (no states), as an older read would.
      assignedLicenses: states.filter((s) => !s.assignedByGroup).map((s) => ({ skuId: s.skuId, disabledPlans: s.disabledPlans })),
      licenseAssignmentStates: rnd() < 0.1 ? [] : states,
      signInActivity: rnd() < 0.1 ? null : { lastSignInDateTime: pick(['2026-11-20T08:00:00Z', '2026-05-01T08:00:00Z']), lastNonInteractiveSignInDateTime: pick([null, '2026-11-01T08:00:00Z']) },
    });
  }
  return users;
}

function build(users: readonly ReportUser[], maxLicenseShapes?: number) {
  const rows: BillingRow[] = [];
  const builder = createReportBuilder({ skus: tenant(), catalog, prices: priceList(), inactiveDays: 90, now: NOW, maxLicenseShapes, onBillingRow: (r) => rows.push(r) });
  for (const u of users) builder.add(u);
  const groupNames = new Map(GROUPS.map((id, i) => [id, `Group ${i + 1}`]));
  return { report: builder.finish({ groupNames }), rows, groupIds: builder.groupIds().sort(), licensingGroupIds: builder.licensingGroupIds().sort() };
}

describe('report: license combinations worked out once', () => {
  const users = population(3000);

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
