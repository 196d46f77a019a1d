import { parseCsv } from '../licensing/csv';
import type { MailboxUsageRow } from './types';

/**
 * Column headers of `/reports/getMailboxUsageDetail(period='D7')` as Microsoft documents them
 * (microsoft-graph-docs-contrib api-reference/v1.0/api/reportroot-getmailboxusagedetail.md).
 */
export const MAILBOX_USAGE_COLUMNS = [
  'Report Refresh Date',
  'User Principal Name',
  'Display Name',
  'Is Deleted',
  'Deleted Date',
  'Created Date',
  'Last Activity Date',
  'Item Count',
  'Storage Used (Byte)',
  'Issue Warning Quota (Byte)',
  'Prohibit Send Quota (Byte)',
  'Prohibit Send/Receive Quota (Byte)',
  'Deleted Item Count',
  'Deleted Item Size (Byte)',
  'Deleted Item Quota (Byte)',
  'Has Archive',
  'Report Period',
] as const;

/** Not a Microsoft column: the demo tenant appends it so the demo can show litigation hold. */
export const DEMO_LITIGATION_HOLD_COLUMN = 'Litigation Hold Enabled';

export class MailboxReportFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MailboxReportFormatError';
  }
}

/** Parses the report CSV by header name (column order and extra columns do not matter). */
export function parseMailboxUsageCsv(text: string): MailboxUsageRow[] {
  const rows = parseCsv(text);
  if (rows.length === 0) return [];
  const header = rows[0].map((h) => h.trim());
  for (const required of ['User Principal Name', 'Storage Used (Byte)']) {
    if (!header.includes(required)) {
      throw new MailboxReportFormatError(`mailbox usage report has no "${required}" column (columns: ${header.join(', ')})`);
    }
  }
  return rows.slice(1).map((cells) => {
    const raw: Record<string, string> = {};
    header.forEach((name, i) => (raw[name] = (cells[i] ?? '').trim()));
    const num = (name: string): number | undefined => {
      const v = raw[name];
      if (v === undefined || v === '') return undefined;
      const n = Number(v);
      return Number.isFinite(n) ? n : undefined;
    };
    const bool = (name: string): boolean | undefined => {
      const v = raw[name]?.toLowerCase();
      return v === 'true' ? true : v === 'false' ? false : undefined;
    };
    const text = (name: string): string | undefined => (raw[name] ? raw[name] : undefined);
    const hasArchive = bool('Has Archive') ?? false;
    const row: MailboxUsageRow = {
      reportRefreshDate: text('Report Refresh Date'),
      userPrincipalName: raw['User Principal Name'] ?? '',
      displayName: raw['Display Name'] ?? '',
      isDeleted: bool('Is Deleted') ?? false,
      deletedDate: text('Deleted Date'),
      createdDate: text('Created Date'),
      lastActivityDate: text('Last Activity Date'),
      itemCount: num('Item Count'),
      storageUsedInBytes: num('Storage Used (Byte)'),
      issueWarningQuotaInBytes: num('Issue Warning Quota (Byte)'),
      prohibitSendQuotaInBytes: num('Prohibit Send Quota (Byte)'),
      prohibitSendReceiveQuotaInBytes: num('Prohibit Send/Receive Quota (Byte)'),
      deletedItemCount: num('Deleted Item Count'),
      deletedItemSizeInBytes: num('Deleted Item Size (Byte)'),
      deletedItemQuotaInBytes: num('Deleted Item Quota (Byte)'),
      hasArchive,
      archiveEnabled: hasArchive,
      litigationHoldEnabled: bool(DEMO_LITIGATION_HOLD_COLUMN),
      reportPeriod: num('Report Period'),
      raw,
    };
    return row;
  });
}

/** Concealed reports carry hashes where UPNs belong: no row has an address. */
export function looksConcealed(rows: MailboxUsageRow[]): boolean {
  return rows.length > 0 && rows.every((r) => !r.userPrincipalName.includes('@'));
}

/** Where an admin turns concealment off (Microsoft 365 admin center). */
export const CONCEALED_NAMES_SETTING = 'Microsoft 365 admin center → Settings → Org settings → Reports → "Display concealed user, group, and site names in all reports"';
