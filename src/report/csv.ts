/**
 * The report as ONE CSV: a `finding` column says what each row is (seats, redundant, group-error, inactive,
 * overlapping, no-usage-location); the other columns are filled where they apply. RFC 4180: CRLF line ends, fields with a
 * comma, quote, CR or LF quoted, quotes doubled. Text cells that a spreadsheet would run as a formula (starting
 * with = + - @, tab or CR) get a leading apostrophe (OWASP "CSV injection"); numbers are written as numbers.
 */
import type { TenantReport } from './types';

export const CSV_COLUMNS = [
  'finding',
  'user_id',
  'user',
  'upn',
  'sku',
  'product',
  'source',
  'group_id',
  'group',
  'state',
  'error',
  'reason',
  'covered_by',
  'account_enabled',
  'last_sign_in',
  'days_since_sign_in',
  'licensed_skus',
  'monthly_cost',
  'currency',
  'fix',
  'capability_status',
  'prepaid_enabled',
  'prepaid_warning',
  'prepaid_suspended',
  'prepaid_locked_out',
  'consumed',
  'consumed_counted',
  'free',
  'pending_requests',
  'free_after_pending',
  'near_exhaustion',
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];
type Cell = string | number | boolean | null | undefined;
export type CsvRow = Partial<Record<CsvColumn, Cell>>;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field: formula-safe, then quoted when RFC 4180 requires it. */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (typeof value === 'number') text = Number.isFinite(value) ? String(value) : '';
  else if (typeof value === 'boolean') text = value ? 'true' : 'false';
  else text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly Cell[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

/** Every row of the report, in CSV order: seats first, then the findings. */
export function* reportRows(report: TenantReport): Generator<CsvRow> {
  const currency = report.totals.currency;
  for (const b of report.budgets ?? []) {
    yield { finding: 'budget', source: b.scope, group: b.name, sku: b.skuPartNumber, product: b.product, consumed: b.used, prepaid_enabled: b.limit, free: b.limit - b.used, reason: b.over ? 'over budget' : '' };
  }
  for (const s of report.skus) {
    yield {
      finding: 'seats',
      sku: s.skuPartNumber,
      product: s.displayName,
      capability_status: s.capabilityStatus,
      prepaid_enabled: s.enabled,
      prepaid_warning: s.warning,
      prepaid_suspended: s.suspended,
      prepaid_locked_out: s.lockedOut,
      consumed: s.consumed,
      consumed_counted: s.consumedCounted,
      free: s.free,
      pending_requests: report.pendingRequestsJoined ? s.pendingRequests : null,
      free_after_pending: s.freeAfterPending,
      near_exhaustion: s.nearExhaustion,
    };
  }
  for (const r of report.redundant) {
    yield {
      finding: 'redundant',
      user_id: r.userId,
      user: r.user,
      upn: r.upn,
      sku: r.sku,
      product: r.product,
      source: r.source,
      group_id: r.groupIds.join(' '),
      covered_by: r.coveredBy.join(' '),
      monthly_cost: r.monthlyCost,
      currency,
      fix: r.fix,
    };
  }
  for (const e of report.groupErrors) {
    yield {
      finding: 'group-error',
      user_id: e.userId,
      user: e.user,
      upn: e.upn,
      sku: e.sku,
      product: e.product,
      source: e.groupId ? 'group' : 'direct',
      group_id: e.groupId,
      group: e.groupName,
      state: e.state,
      error: e.error,
      fix: e.fix,
    };
  }
  for (const i of report.inactive) {
    yield {
      finding: 'inactive',
      user_id: i.userId,
      user: i.user,
      upn: i.upn,
      reason: i.reason,
      account_enabled: i.accountEnabled,
      last_sign_in: i.lastSignIn,
      days_since_sign_in: i.daysSinceSignIn,
      licensed_skus: i.licensedSkus.join(' '),
      monthly_cost: i.monthlyCost,
      currency,
    };
  }
  for (const o of report.billing?.overlapping ?? []) {
    yield {
      finding: 'overlapping',
      user_id: o.userId,
      user: o.user,
      upn: o.upn,
      sku: o.sku,
      product: o.product,
      source: o.source,
      group_id: o.groupIds.join(' '),
      covered_by: o.keptSku,
      reason: o.adds.join('; '),
      monthly_cost: o.monthlyCost,
      currency,
      fix: `Two suites: ${o.keptProduct} already gives everything in ${o.product} but ${o.adds.length ? o.adds.join(', ') : 'nothing'}. Remove ${o.sku} unless those are needed.`,
    };
  }
  for (const n of report.noUsageLocation) {
    yield {
      finding: 'no-usage-location',
      user_id: n.userId,
      user: n.user,
      upn: n.upn,
      account_enabled: n.accountEnabled,
      licensed_skus: n.licensedSkus.join(' '),
      fix: n.fix,
    };
  }
}

export interface CsvOptions {
  /** Start with a UTF-8 byte order mark so that Excel reads accents right (for downloads, not for pipes). */
  bom?: boolean;
}

export function toCsv(report: TenantReport, options: CsvOptions = {}): string {
  const parts: string[] = [options.bom ? '\uFEFF' : '', csvLine(CSV_COLUMNS)];
  for (const row of reportRows(report)) parts.push(csvLine(CSV_COLUMNS.map((c) => row[c])));
  return parts.join('');
}
