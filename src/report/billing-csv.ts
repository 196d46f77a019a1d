/**
 * The per-user billing CSV (issue 17): one numbered row per licensed user with the columns billing admins use —
 * name, UPN, department, country, company, cost center, each license with where it comes from (direct, which group),
 * disabled plans, monthly cost, last sign-in and days since, enabled, created — and a total row. RFC 4180 and
 * formula-safe (csvCell from ./csv.ts); UTF-8 with a byte order mark so that Excel reads accents right.
 *
 * Stateful writer, so that rows can stream from anywhere (an array, a spool file) and the total comes last.
 * Licenses are joined as text ("Microsoft 365 E3 (direct + group: Sales); Visio Plan 2 (direct)"), never as JSON.
 */
import type { BillingRow } from './billing-types';
import { csvLine } from './csv';

export const BILLING_CSV_COLUMNS = [
  'row',
  'user',
  'upn',
  'department',
  'country',
  'company',
  'cost_center',
  'licenses',
  'skus',
  'disabled_plans',
  'monthly_cost',
  'unpriced_licenses',
  'currency',
  'last_sign_in',
  'days_since_sign_in',
  'account_enabled',
  'created',
  'waste_reason',
  'waste_monthly_cost',
] as const;

export interface BillingCsvOptions {
  currency: string;
  /** Group display names by id (lower case); a group without a name is shown by id. */
  groupNames?: ReadonlyMap<string, string>;
  /** False when sign-ins were not read: last_sign_in is then empty rather than "never". Default true. */
  signInDataAvailable?: boolean;
  bom?: boolean;
}

export interface BillingCsvWriter {
  /** The BOM (when asked) and the header line. */
  header(): string;
  line(row: BillingRow): string;
  /** The total row: users, licenses, priced monthly cost, unpriced licenses, waste. */
  total(): string;
}

const cents = (n: number) => Math.round(n * 100);

export function createBillingCsv(options: BillingCsvOptions): BillingCsvWriter {
  const names = new Map<string, string>();
  for (const [id, name] of options.groupNames ?? []) names.set(id.toLowerCase(), name);
  const signIns = options.signInDataAvailable ?? true;
  let rows = 0;
  let licenses = 0;
  let costCents = 0;
  let wasteCents = 0;
  const unpriced = new Set<string>();

  const via = (l: BillingRow['licenses'][number]) => {
    const parts: string[] = [];
    if (l.direct) parts.push('direct');
    for (const id of l.groupIds) parts.push(`group: ${names.get(id.toLowerCase()) ?? id}`);
    return `${l.product} (${parts.join(' + ') || 'direct'})`;
  };

  return {
    header: () => (options.bom ? '\uFEFF' : '') + csvLine(BILLING_CSV_COLUMNS),
    line(row) {
      rows++;
      licenses += row.licenses.length;
      costCents += cents(row.monthlyCost);
      wasteCents += cents(row.wasteMonthly);
      for (const s of row.unpricedSkus) unpriced.add(s);
      const disabled = row.licenses.filter((l) => l.disabledPlans.length).map((l) => `${l.sku}: ${l.disabledPlans.join(', ')}`);
      return csvLine([
        rows,
        row.user,
        row.upn,
        row.department,
        row.country,
        row.company,
        row.costCenter,
        row.licenses.map(via).join('; '),
        row.licenses.map((l) => l.sku).join(' '),
        disabled.join('; '),
        row.monthlyCost,
        row.unpricedSkus.join(' '),
        options.currency,
        row.lastSignIn ?? (signIns ? 'never' : ''),
        row.daysSinceSignIn,
        row.accountEnabled,
        row.createdDateTime,
        row.wasteReason,
        row.wasteReason ? row.wasteMonthly : null,
      ]);
    },
    total: () =>
      csvLine([
        'total',
        `${rows} licensed users`,
        '',
        '',
        '',
        '',
        '',
        `${licenses} licenses`,
        '',
        '',
        costCents / 100,
        [...unpriced].sort().join(' '),
        options.currency,
        '',
        '',
        '',
        '',
        '',
        wasteCents / 100,
      ]),
  };
}

/** The whole CSV at once, for rows already in memory. */
export function toBillingCsv(rows: Iterable<BillingRow>, options: BillingCsvOptions): string {
  const w = createBillingCsv(options);
  const parts = [w.header()];
  for (const row of rows) parts.push(w.line(row));
  parts.push(w.total());
  return parts.join('');
}
