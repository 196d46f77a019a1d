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
  return [...mailboxUsageRows(text)];
}

/**
 * The report's rows one at a time: a tenant of 100,000 mailboxes is a 20 MB CSV, and holding every row parsed
 * (17 cells each, twice) would cost ten times that. Only the text and the current row are in memory.
 */
export function* mailboxUsageRows(text: string): Generator<MailboxUsageRow> {
  const lines = csvRecords(text);
  const first = lines.next();
  if (first.done) return;
  const header = first.value.map((h) => h.trim());
  for (const required of ['User Principal Name', 'Storage Used (Byte)']) {
    if (!header.includes(required)) {
      throw new MailboxReportFormatError(`mailbox usage report has no "${required}" column (columns: ${header.join(', ')})`);
    }
  }
  for (const cells of lines) yield toRow(header, cells);
}

/**
 * The report's rows as its CSV arrives (chunks of text): only the current chunk and row are in memory, never the
 * whole report — 100,000 mailboxes are a 20 MB download.
 */
export async function* mailboxUsageRowsFromChunks(chunks: AsyncIterable<string>): AsyncGenerator<MailboxUsageRow> {
  let header: string[] | undefined;
  let buffer = '';
  let first = true;
  const emit = function* (text: string): Generator<MailboxUsageRow> {
    for (const cells of csvRecords(text)) {
      if (!header) {
        header = cells.map((h) => h.trim());
        for (const required of ['User Principal Name', 'Storage Used (Byte)']) {
          if (!header.includes(required)) throw new MailboxReportFormatError(`mailbox usage report has no "${required}" column (columns: ${header.join(', ')})`);
        }
      } else yield toRow(header, cells);
    }
  };
  for await (const chunk of chunks) {
    buffer += first && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
    first = false;
    const end = lastRecordEnd(buffer);
    if (end > 0) {
      yield* emit(buffer.slice(0, end));
      buffer = buffer.slice(end);
    }
  }
  if (buffer) yield* emit(buffer);
}

/** Index just after the last line break that is outside quotes (0: no complete record yet). */
function lastRecordEnd(text: string): number {
  let quoted = false;
  let end = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 10 && !quoted) end = i + 1;
  }
  return end;
}

function toRow(header: string[], cells: string[]): MailboxUsageRow {
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
  return {
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
}

/** RFC 4180 records (quoted fields, doubled quotes, CRLF or LF, BOM), fields sliced rather than built per character. */
function* csvRecords(text: string): Generator<string[]> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (i < n) {
    const row: string[] = [];
    for (;;) {
      let field: string;
      if (text[i] === '"') {
        let j = i + 1;
        let value = '';
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) {
            value += text.slice(j);
            j = n;
            break;
          }
          value += text.slice(j, q);
          if (text[q + 1] === '"') {
            value += '"';
            j = q + 2;
          } else {
            j = q + 1;
            break;
          }
        }
        field = value;
        i = j;
        // Anything between the closing quote and the separator is kept, as a lenient parser does.
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
      } else {
        let j = i;
        while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
        field = text.slice(i, j);
        i = j;
      }
      row.push(field);
      if (i < n && text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    if (!(row.length === 1 && row[0].trim() === '')) yield row;
  }
}

/** Concealed reports carry hashes where UPNs belong: no row has an address. */
export function looksConcealed(rows: MailboxUsageRow[]): boolean {
  return rows.length > 0 && rows.every((r) => !r.userPrincipalName.includes('@'));
}

/** Where an admin turns concealment off (Microsoft 365 admin center). */
export const CONCEALED_NAMES_SETTING = 'Microsoft 365 admin center → Settings → Org settings → Reports → "Display concealed user, group, and site names in all reports"';
