/** The report builder on hand-made users: counting, errors and their fixes, sign-ins, prices. No I/O. */
import assert from 'node:assert/strict';
import { Catalog } from '../../src/licensing/catalog';
import { priceList } from '../../src/licensing/prices';
import type { SubscribedSku } from '../../src/licensing/types';
import { createReportBuilder, fixForError, isNearExhaustion, lastSignInOf } from '../../src/report/builder';
import { summarizeReport } from '../../src/report/summary';
import type { ReportUser } from '../../src/report/types';
import { NOW, SKU } from './helpers';

const catalog = Catalog.bundled();
const GROUP_A = 'aaaaaaaa-0000-4000-8000-000000000001';
const GROUP_B = 'bbbbbbbb-0000-4000-8000-000000000002';

function tenant(consumed: Partial<Record<keyof typeof SKU, number>> = {}, enabled = 10): SubscribedSku[] {
  return (Object.keys(SKU) as Array<keyof typeof SKU>).map((part) => ({
    skuId: SKU[part],
    skuPartNumber: part,
    capabilityStatus: 'Enabled',
    appliesTo: 'User',
    consumedUnits: consumed[part] ?? 0,
    prepaidUnits: { enabled, warning: 0, suspended: 0, lockedOut: 0 },
  }));
}

const state = (skuId: string, groupId: string | null, st = 'Active', error = 'None') => ({ skuId, assignedByGroup: groupId, state: st, error, disabledPlans: [] });

function user(n: number, states: ReturnType<typeof state>[], extra: Partial<ReportUser> = {}): ReportUser {
  return {
    id: `user-${n}`,
    displayName: `User ${n}`,
    userPrincipalName: `user${n}@contoso.example`,
    accountEnabled: true,
    usageLocation: 'US',
    assignedLicenses: [...new Set(states.filter((s) => s.state === 'Active' || s.state === 'ActiveWithError').map((s) => s.skuId))].map((skuId) => ({ skuId, disabledPlans: [] })),
    licenseAssignmentStates: states,
    signInActivity: { lastSignInDateTime: '2026-11-20T08:00:00Z' },
    ...extra,
  };
}

const builder = (skus = tenant(), options: Partial<Parameters<typeof createReportBuilder>[0]> = {}) =>
  createReportBuilder({ skus, catalog, prices: priceList(), inactiveDays: 90, now: NOW, ...options });

describe('report builder', () => {
  it('counts one seat per user per SKU: direct + two groups is one; Error sources none; ActiveWithError one', () => {
    const b = builder(tenant({ SPE_E3: 2, SPE_E5: 0 }));
    b.add(user(1, [state(SKU.SPE_E3, null), state(SKU.SPE_E3, GROUP_A), state(SKU.SPE_E3, GROUP_B)]));
    b.add(user(2, [state(SKU.SPE_E3, GROUP_A, 'ActiveWithError', 'CountViolation')]));
    b.add(user(3, [state(SKU.SPE_E5, GROUP_A, 'Error', 'CountViolation')]));
    const report = b.finish();
    const e3 = report.skus.find((s) => s.skuPartNumber === 'SPE_E3')!;
    const e5 = report.skus.find((s) => s.skuPartNumber === 'SPE_E5')!;
    assert.deepEqual([e3.consumedCounted, e3.consumedMismatch], [2, false]);
    assert.deepEqual([e5.consumedCounted, e5.consumedMismatch], [0, false]);
    assert.equal(report.totals.licensedUsers, 2);
    // Both errors are listed, with the state that tells whether the user still has the license.
    assert.deepEqual(report.groupErrors.map((e) => [e.user, e.sku, e.state, e.error]), [
      ['User 2', 'SPE_E3', 'ActiveWithError', 'CountViolation'],
      ['User 3', 'SPE_E5', 'Error', 'CountViolation'],
    ]);
  });

  it('a SKU only in assignedLicenses (no states returned) is a direct, active license', () => {
    const b = builder(tenant({ M365_F1: 1 }));
    b.add({ id: 'u', displayName: 'U', userPrincipalName: 'u@x', accountEnabled: true, usageLocation: 'US', assignedLicenses: [{ skuId: SKU.M365_F1, disabledPlans: [] }] });
    assert.equal(b.finish().skus.find((s) => s.skuPartNumber === 'M365_F1')!.consumedCounted, 1);
  });

  it('flags a count that differs from Graph and says so in the notes', () => {
    const b = builder(tenant({ SPE_E3: 3 }));
    b.add(user(1, [state(SKU.SPE_E3, null)]));
    const report = b.finish();
    assert.equal(report.skus.find((s) => s.skuPartNumber === 'SPE_E3')!.consumedMismatch, true);
    assert.equal(report.totals.consumedMismatches, 1);
    assert.match(report.notes.join('\n'), /SPE_E3 \(Graph 3, counted 1\)/);
  });

  it('gives every licensing error a plain fix, and points "Other" siblings at the real error of the group', () => {
    const b = builder(tenant({ SPE_E3: 0 }));
    b.add(user(1, [state(SKU.SPE_E5, GROUP_A, 'Error', 'CountViolation'), state(SKU.TEAMS_EXPLORATORY, GROUP_A, 'Error', 'Other')]));
    b.add(user(2, [state(SKU.SPE_E3, GROUP_B, 'Error', 'MutuallyExclusiveViolation')]));
    b.add(user(3, [state(SKU.SPE_E3, GROUP_B, 'Error', 'ProhibitedInUsageLocationViolation')]));
    const report = b.finish({ groupNames: new Map([[GROUP_A, 'Sales E5 pilot']]) });
    const fix = (u: string, sku: string) => report.groupErrors.find((e) => e.user === u && e.sku === sku)!.fix;
    assert.equal(fix('User 1', 'SPE_E5'), 'No free Microsoft 365 E5 seat left for this member of "Sales E5 pilot": buy more seats, or remove members from the group.');
    assert.equal(fix('User 1', 'TEAMS_EXPLORATORY'), 'Blocked by the CountViolation on Microsoft 365 E5 from the group "Sales E5 pilot" (a group assigns all of its licenses or none): fix that one.');
    // Without a name the group is shown by id.
    assert.match(fix('User 2', 'SPE_E3'), new RegExp(`conflicts with a license the user already has: remove the conflicting license from the user, or remove the user from "${GROUP_B}"`));
    assert.match(fix('User 3', 'SPE_E3'), /not available in the user's usage location: correct the user's usage location/);
    assert.equal(report.groupErrors.find((e) => e.user === 'User 1')!.groupName, 'Sales E5 pilot');
    assert.equal('groupName' in report.groupErrors.find((e) => e.user === 'User 2')!, false);
  });

  it('fixes for the other documented errors', () => {
    assert.match(fixForError('DependencyViolation', 'Project Plan 3', 'Projects'), /needs a service the user lacks: assign the license that has it \(or enable it in the group "Projects"\)/);
    assert.match(fixForError('UniquenessViolation', 'E3', 'G'), /proxy address is already used by another object/);
    assert.match(fixForError('Other', 'E3', 'G'), /Reprocess/);
    assert.match(fixForError('CountViolation', 'Microsoft 365 E3', null), /^No free Microsoft 365 E3 seat left: buy more seats or free one\.$/);
  });

  it('judges sign-ins on the latest of interactive, non-interactive and successful; disabled first; not at all without data', () => {
    const old = '2026-01-01T00:00:00Z';
    const b = builder();
    b.add(user(1, [state(SKU.SPE_E3, null)], { signInActivity: { lastSignInDateTime: old, lastNonInteractiveSignInDateTime: '2026-11-22T00:00:00Z' } }));
    b.add(user(2, [state(SKU.SPE_E3, null)], { signInActivity: { lastSignInDateTime: old } }));
    b.add(user(3, [state(SKU.SPE_E3, null)], { signInActivity: null }));
    b.add(user(4, [state(SKU.SPE_E3, null)], { signInActivity: { lastSignInDateTime: null, lastNonInteractiveSignInDateTime: null } }));
    b.add(user(5, [state(SKU.SPE_E3, null)], { accountEnabled: false, signInActivity: { lastSignInDateTime: '2026-11-22T00:00:00Z' } }));
    b.add(user(6, [state(SKU.SPE_E3, null)], { signInActivity: undefined })); // Graph left it out: no recorded sign-in
    b.add(user(7, [], { signInActivity: null })); // unlicensed: not a licensed account
    b.add(user(8, [state(SKU.SPE_E3, null)], { signInActivity: { lastSignInDateTime: old, lastSuccessfulSignInDateTime: '2026-11-01T00:00:00Z' } }));
    const report = b.finish();
    assert.deepEqual(report.inactive.map((i) => [i.user, i.reason, i.daysSinceSignIn]), [
      ['User 5', 'disabled', 1],
      ['User 3', 'never-signed-in', null],
      ['User 4', 'never-signed-in', null],
      ['User 6', 'never-signed-in', null],
      ['User 2', 'inactive', 326],
    ]);
    // SPE_E3 is $36: 5 × 36 = 180.
    assert.equal(report.totals.inactiveMonthlyCost, 180);

    const blind = builder(tenant(), { signInDataAvailable: false });
    blind.add(user(2, [state(SKU.SPE_E3, null)], { signInActivity: { lastSignInDateTime: old } }));
    blind.add(user(5, [state(SKU.SPE_E3, null)], { accountEnabled: false }));
    assert.deepEqual(blind.finish().inactive.map((i) => i.reason), ['disabled']);
  });

  it('never counts an unknown price as zero', () => {
    const b = createReportBuilder({ skus: tenant(), catalog, prices: priceList({ currency: 'EUR', prices: { SPE_E3: 30 } }), inactiveDays: 90, now: NOW });
    b.add(user(1, [state(SKU.SPE_E3, null), state(SKU.O365_BUSINESS_ESSENTIALS, null)], { accountEnabled: false }));
    const report = b.finish();
    assert.deepEqual(report.redundant.map((r) => [r.sku, r.monthlyCost]), [['O365_BUSINESS_ESSENTIALS', null]]);
    assert.equal(report.totals.monthlyWaste, 0);
    assert.equal(report.inactive[0].monthlyCost, null);
    assert.deepEqual(report.totals.unpricedSkus, ['O365_BUSINESS_ESSENTIALS']);
    assert.equal(report.totals.currency, 'EUR');
    assert.match(report.notes.join('\n'), /No price for O365_BUSINESS_ESSENTIALS/);
  });

  it('the same license combination gives the same finding for every user; a group-inherited one is fixed through the group', () => {
    const b = builder();
    for (let i = 0; i < 50; i++) b.add(user(i, [state(SKU.SPE_E3, i % 2 ? GROUP_A : null), state(SKU.O365_BUSINESS_ESSENTIALS, null)]));
    const report = b.finish({ groupNames: new Map([[GROUP_A, 'All staff']]) });
    assert.equal(report.redundant.length, 50);
    assert.equal(report.totals.monthlyWaste, 300);
    assert.ok(report.redundant.every((r) => r.sku === 'O365_BUSINESS_ESSENTIALS' && r.coveredBy.join() === 'SPE_E3' && r.source === 'direct'));
    // A redundant license from a group: the fix is the membership.
    const g = builder();
    g.add(user(1, [state(SKU.SPE_E3, null), state(SKU.O365_BUSINESS_ESSENTIALS, GROUP_A)]));
    const row = g.finish({ groupNames: new Map([[GROUP_A, 'All staff']]) }).redundant[0];
    assert.deepEqual([row.source, row.groupIds], ['group', [GROUP_A]]);
    assert.match(row.fix, /^Remove the user from "All staff" \(or O365_BUSINESS_ESSENTIALS from the group\)/);
  });

  it('near exhaustion: free after pending ≤ max(1, 5 % of enabled), for SKUs in use', () => {
    assert.equal(isNearExhaustion(100, 5, true), true);
    assert.equal(isNearExhaustion(100, 6, true), false);
    assert.equal(isNearExhaustion(5, 1, true), true);
    assert.equal(isNearExhaustion(5, 2, true), false);
    assert.equal(isNearExhaustion(0, 0, false), false);
    assert.equal(isNearExhaustion(0, -3, true), true);
  });

  it('inactivity is judged on the sign-in lastSignInOf picks, in any form Graph writes it (NOW is 2026-11-23)', () => {
    const cases: Array<[ReportUser['signInActivity'], string | null, 'inactive' | 'never-signed-in' | undefined]> = [
      [{ lastSignInDateTime: '2026-11-20T08:00:00Z', lastNonInteractiveSignInDateTime: '2026-01-01T00:00:00Z' }, '2026-11-20T08:00:00Z', undefined],
      [{ lastSignInDateTime: '2026-01-01T00:00:00Z', lastSuccessfulSignInDateTime: '2026-11-01T10:00:00.1234567Z' }, '2026-11-01T10:00:00.1234567Z', undefined],
      [{ lastSignInDateTime: '2026-13-45T99:99:99Z', lastNonInteractiveSignInDateTime: '2026-02-01T00:00:00Z' }, '2026-02-01T00:00:00Z', 'inactive'],
      [{ lastSignInDateTime: 'garbage' }, null, 'never-signed-in'],
      [{ lastSignInDateTime: null }, null, 'never-signed-in'],
    ];
    const b = builder();
    cases.forEach(([signInActivity], i) => b.add(user(i + 1, [state(SKU.SPE_E3, null)], { signInActivity })));
    const report = b.finish();
    cases.forEach(([activity, expected, reason], i) => {
      assert.equal(lastSignInOf(activity), expected, `case ${i}`);
      const finding = report.inactive.find((f) => f.userId === `user-${i + 1}`);
      assert.equal(finding?.reason, reason, `case ${i}`);
      if (finding) assert.equal(finding.lastSignIn, expected, `case ${i}`);
    });
  });

  it('lastSignInOf ignores missing and invalid dates', () => {
    assert.equal(lastSignInOf(null), null);
    assert.equal(lastSignInOf({ lastSignInDateTime: 'garbage' }), null);
    assert.equal(lastSignInOf({ lastSignInDateTime: '2026-01-01T00:00:00Z', lastNonInteractiveSignInDateTime: '2026-02-01T00:00:00Z' }), '2026-02-01T00:00:00Z');
    // Graph's plain form compares as text; any other form (fractions, offsets) by time.
    assert.equal(lastSignInOf({ lastSignInDateTime: '2026-03-01T00:00:00Z', lastNonInteractiveSignInDateTime: null, lastSuccessfulSignInDateTime: '2026-02-28T23:59:59Z' }), '2026-03-01T00:00:00Z');
    assert.equal(lastSignInOf({ lastSignInDateTime: '2026-03-01T00:00:00.5Z', lastNonInteractiveSignInDateTime: '2026-03-01T01:00:00+02:00' }), '2026-03-01T00:00:00.5Z');
    assert.equal(lastSignInOf({ lastSignInDateTime: '2026-03-01T00:00:00Z', lastNonInteractiveSignInDateTime: '2026-02-01T00:00:00.123Z' }), '2026-03-01T00:00:00Z');
    assert.equal(lastSignInOf({ lastSignInDateTime: '2026-13-45T99:99:99Z' }), null, 'shaped like a date, but not one');
    assert.equal(lastSignInOf({ lastSignInDateTime: '2026-13-45T99:99:99Z', lastNonInteractiveSignInDateTime: '2026-01-01T00:00:00Z' }), '2026-01-01T00:00:00Z');
  });

  it('refuses a nonsensical inactivity threshold', () => {
    assert.throws(() => builder(tenant(), { inactiveDays: 0 }), RangeError);
  });

  it('summarises the top findings in plain lines', () => {
    const b = builder(tenant({ SPE_E5: 10 }));
    b.add(user(1, [state(SKU.SPE_E3, null), state(SKU.O365_BUSINESS_ESSENTIALS, null)]));
    b.add(user(2, [state(SKU.SPE_E5, GROUP_A, 'Error', 'CountViolation')], { usageLocation: null }));
    const summary = summarizeReport(b.finish({ groupNames: new Map([[GROUP_A, 'Pilot']]) }));
    assert.equal(summary.headline, '$6.00 a month billed for 1 redundant license');
    assert.deepEqual(
      summary.findings.map((f) => [f.label, f.value]),
      [
        ['Redundant licenses still billed', '1 · $6.00/month'],
        ['Group licensing errors', '1'],
        ['Licensed but unused accounts', 'none'],
        ['Seats near exhaustion', '1 product'],
        ['No usage location', '1 user'],
        ['Overlapping suites', 'none'],
      ],
    );
    assert.equal(summary.findings[1].detail, '1 × CountViolation (Pilot)');
    assert.deepEqual(summary.seats, ['Microsoft 365 E5: 0 of 10 free']);
  });
});
