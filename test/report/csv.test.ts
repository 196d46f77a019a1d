/** The report CSV: RFC 4180 quoting, formula-injection safety, one `finding` column, round trip. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCsv } from '../../src/licensing/csv';
import { CSV_COLUMNS, csvCell, csvLine, toCsv } from '../../src/report/csv';
import { emptyBillingReport } from '../../src/report/billing';
import type { TenantReport } from '../../src/report/types';

function report(overrides: Partial<TenantReport> = {}): TenantReport {
  return {
    generatedAt: '2026-11-23T12:00:00.000Z',
    inactiveDays: 90,
    signInDataAvailable: true,
    pendingRequestsJoined: true,
    totals: {
      users: 3, licensedUsers: 2, monthlyWaste: 6, currency: 'USD', redundantLicenses: 1, groupErrors: 1, inactiveAccounts: 1, disabledLicensed: 0, neverSignedIn: 0,
      notSignedInRecently: 1, inactiveMonthlyCost: 36, noUsageLocation: 1, seatsNearExhaustion: 1, consumedMismatches: 0, unpricedSkus: [],
    },
    skus: [
      { skuId: 's1', skuPartNumber: 'SPE_E3', displayName: 'Microsoft 365 E3', capabilityStatus: 'Enabled', enabled: 2, warning: 1, suspended: 0, lockedOut: 0, consumed: 2, consumedCounted: 2, consumedMismatch: false, free: 0, pendingRequests: 1, freeAfterPending: -1, nearExhaustion: true },
    ],
    redundant: [
      { userId: 'u1', user: 'Bowen, Megan', upn: 'meganb@contoso.example', skuId: 's2', sku: 'O365_BUSINESS_ESSENTIALS', product: 'Microsoft 365 Business Basic', coveredBy: ['SPE_E3'], source: 'direct', groupIds: [], monthlyCost: 6, fix: 'Remove it: "SPE_E3" covers it.' },
    ],
    groupErrors: [
      { userId: 'u2', user: '=HYPERLINK("http://evil.example","click")', upn: '+1@contoso.example', skuId: 's1', sku: 'SPE_E3', product: 'Microsoft 365 E3', groupId: 'g1', groupName: '@ops\nteam', state: 'Error', error: 'CountViolation', fix: '-buy seats' },
    ],
    inactive: [
      { userId: 'u3', user: 'Henrietta Müller', upn: 'henriettam@contoso.example', accountEnabled: true, lastSignIn: '2026-05-01T09:00:00Z', daysSinceSignIn: 206, reason: 'inactive', licensedSkus: ['SPE_E3', 'M365_F1'], monthlyCost: 36 },
    ],
    noUsageLocation: [{ userId: 'u4', user: 'Miriam Graham', upn: 'miriamg@contoso.example', accountEnabled: true, licensed: false, licensedSkus: [], fix: 'Set it.' }],
    billing: emptyBillingReport('USD'),
    notes: [],
    ...overrides,
  };
}

describe('report CSV', () => {
  it('quotes per RFC 4180: commas, quotes and line breaks; doubles quotes; CRLF line ends', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('Bowen, Megan'), '"Bowen, Megan"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell('cr\rhere'), '"cr\rhere"');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(undefined), '');
    assert.equal(csvCell(true), 'true');
    assert.equal(csvLine(['a', 'b,c', 3]), 'a,"b,c",3\r\n');
  });

  it('defuses formulas: text starting with = + - @ tab or CR gets an apostrophe; numbers stay numbers', () => {
    assert.equal(csvCell('=SUM(A1:A9)'), "'=SUM(A1:A9)");
    assert.equal(csvCell('+1 555'), "'+1 555");
    assert.equal(csvCell('-2+3'), "'-2+3");
    assert.equal(csvCell('@cmd'), "'@cmd");
    assert.equal(csvCell('\tx'), "'\tx");
    assert.equal(csvCell('\r=x'), `"'\r=x"`);
    assert.equal(csvCell('=HYPERLINK("http://evil.example","x")'), `"'=HYPERLINK(""http://evil.example"",""x"")"`);
    assert.equal(csvCell(-1), '-1');
    assert.equal(csvCell(12.5), '12.5');
    assert.equal(csvCell(Number.NaN), '');
  });

  it('round-trips any text through an RFC 4180 parser (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 6 }), (cells) => {
        // A leading fixed cell: a line holding one empty field is an empty line to most parsers.
        const parsed = parseCsv(csvLine(['row', ...cells]));
        assert.equal(parsed.length, 1);
        assert.deepEqual(parsed[0], ['row', ...cells.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c))]);
      }),
      { numRuns: 200 },
    );
  });

  it('writes one table: header, seats, then each finding with its `finding` value', () => {
    const text = toCsv(report());
    assert.ok(text.endsWith('\r\n'));
    const rows = parseCsv(text);
    assert.deepEqual(rows[0], [...CSV_COLUMNS]);
    assert.ok(rows.every((r) => r.length === CSV_COLUMNS.length), 'every row has every column');
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    assert.deepEqual(rows.slice(1).map((r) => r[col('finding')]), ['seats', 'redundant', 'group-error', 'inactive', 'no-usage-location']);
    const [, seats, redundant, groupError, inactive] = rows;
    assert.deepEqual([seats[col('sku')], seats[col('prepaid_enabled')], seats[col('prepaid_warning')], seats[col('free_after_pending')], seats[col('pending_requests')], seats[col('near_exhaustion')]], ['SPE_E3', '2', '1', '-1', '1', 'true']);
    assert.deepEqual([redundant[col('user')], redundant[col('covered_by')], redundant[col('monthly_cost')], redundant[col('currency')], redundant[col('fix')]], ['Bowen, Megan', 'SPE_E3', '6', 'USD', 'Remove it: "SPE_E3" covers it.']);
    assert.deepEqual(
      [groupError[col('user')], groupError[col('upn')], groupError[col('group')], groupError[col('fix')], groupError[col('error')]],
      [`'=HYPERLINK("http://evil.example","click")`, "'+1@contoso.example", "'@ops\nteam", "'-buy seats", 'CountViolation'],
    );
    assert.deepEqual([inactive[col('user')], inactive[col('licensed_skus')], inactive[col('days_since_sign_in')], inactive[col('reason')]], ['Henrietta Müller', 'SPE_E3 M365_F1', '206', 'inactive']);
  });

  it('leaves pending requests empty when they were not joined, and adds a BOM only when asked', () => {
    const rows = parseCsv(toCsv(report({ pendingRequestsJoined: false })));
    assert.equal(rows[1][CSV_COLUMNS.indexOf('pending_requests')], '');
    assert.equal(toCsv(report()).charCodeAt(0), 'f'.charCodeAt(0));
    assert.equal(toCsv(report(), { bom: true }).charCodeAt(0), 0xfeff);
  });
});
