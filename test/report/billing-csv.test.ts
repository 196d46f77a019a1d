/** The per-user billing CSV: columns, joined licenses with their groups, a total row, RFC 4180, BOM (issue 17). */
import assert from 'node:assert/strict';
import { parseCsv } from '../../src/licensing/csv';
import { BILLING_CSV_COLUMNS, toBillingCsv } from '../../src/report/billing-csv';
import type { BillingRow } from '../../src/report/billing-types';

const row = (over: Partial<BillingRow> = {}): BillingRow => ({
  userId: 'u1',
  user: 'Bowen, Megan',
  upn: 'meganb@contoso.example',
  department: 'Marketing',
  country: 'Deutschland',
  company: 'Contoso "Europe"',
  costCenter: 'CC-100',
  licenses: [
    { sku: 'SPE_E3', product: 'Microsoft 365 E3', direct: true, groupIds: ['g1'], disabledPlans: ['SWAY', 'YAMMER_ENTERPRISE'] },
    { sku: 'VISIO_X', product: 'Visio Plan 2', direct: false, groupIds: ['g2'], disabledPlans: [] },
  ],
  monthlyCost: 36,
  unpricedSkus: ['VISIO_X'],
  lastSignIn: '2026-11-20T08:00:00Z',
  daysSinceSignIn: 3,
  accountEnabled: true,
  createdDateTime: '2024-03-01T10:00:00Z',
  wasteReason: null,
  wasteMonthly: 0,
  ...over,
});

describe('billing CSV', () => {
  const text = toBillingCsv(
    [row(), row({ user: '=cmd|calc', upn: 'x@contoso.example', licenses: [{ sku: 'SPE_E5', product: 'Microsoft 365 E5', direct: true, groupIds: [], disabledPlans: [] }], monthlyCost: 57.5, unpricedSkus: [], lastSignIn: null, daysSinceSignIn: null, accountEnabled: false, wasteReason: 'disabled', wasteMonthly: 57.5, department: null })],
    { currency: 'EUR', groupNames: new Map([['g1', 'Sales E3']]), bom: true },
  );

  it('starts with a BOM, has the billing columns, numbered rows and a total row; every row has every column', () => {
    assert.equal(text.charCodeAt(0), 0xfeff);
    assert.ok(text.endsWith('\r\n') && !/[^\r]\n/.test(text.replace(/"[^"]*"/g, '')), 'CRLF line ends');
    const rows = parseCsv(text);
    assert.deepEqual(rows[0], [...BILLING_CSV_COLUMNS]);
    assert.equal(rows.length, 4);
    assert.ok(rows.every((r) => r.length === BILLING_CSV_COLUMNS.length));
    const col = (c: (typeof BILLING_CSV_COLUMNS)[number]) => BILLING_CSV_COLUMNS.indexOf(c);
    const [, first, second, total] = rows;
    assert.deepEqual([first[col('row')], second[col('row')], total[col('row')]], ['1', '2', 'total']);
    assert.equal(first[col('user')], 'Bowen, Megan');
    assert.equal(first[col('company')], 'Contoso "Europe"');
    assert.equal(first[col('licenses')], 'Microsoft 365 E3 (direct + group: Sales E3); Visio Plan 2 (group: g2)');
    assert.equal(first[col('skus')], 'SPE_E3 VISIO_X');
    assert.equal(first[col('disabled_plans')], 'SPE_E3: SWAY, YAMMER_ENTERPRISE');
    assert.deepEqual([first[col('monthly_cost')], first[col('unpriced_licenses')], first[col('currency')]], ['36', 'VISIO_X', 'EUR']);
    assert.deepEqual([first[col('last_sign_in')], first[col('days_since_sign_in')], first[col('account_enabled')], first[col('created')]], ['2026-11-20T08:00:00Z', '3', 'true', '2024-03-01T10:00:00Z']);
    assert.deepEqual([first[col('waste_reason')], first[col('waste_monthly_cost')]], ['', '']);
    // Formula-safe, "never" for a missing sign-in, the waste of a disabled account.
    assert.equal(second[col('user')], "'=cmd|calc");
    assert.deepEqual([second[col('last_sign_in')], second[col('account_enabled')], second[col('waste_reason')], second[col('waste_monthly_cost')], second[col('department')]], ['never', 'false', 'disabled', '57.5', '']);
    // Total: users, licenses, priced cost, the unpriced SKUs (unknown, not zero), waste.
    assert.deepEqual([total[col('user')], total[col('licenses')], total[col('monthly_cost')], total[col('unpriced_licenses')], total[col('waste_monthly_cost')]], ['2 licensed users', '3 licenses', '93.5', 'VISIO_X', '57.5']);
  });

  it('an empty tenant still has the header and a zero total; without sign-in data "never" is not claimed', () => {
    const rows = parseCsv(toBillingCsv([], { currency: 'USD' }));
    assert.deepEqual(rows.map((r) => r[0]), ['row', 'total']);
    const noSignIns = parseCsv(toBillingCsv([row({ lastSignIn: null, daysSinceSignIn: null })], { currency: 'USD', signInDataAvailable: false }));
    assert.equal(noSignIns[1][BILLING_CSV_COLUMNS.indexOf('last_sign_in')], '');
  });
});
