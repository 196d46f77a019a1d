import { createHash } from 'node:crypto';
import { DEMO_LITIGATION_HOLD_COLUMN, MAILBOX_USAGE_COLUMNS } from '../graph/mailbox-report';
import { mailboxQuotas } from './exchange-rules';
import type { TenantModel } from './tenant';

const GB = 1024 ** 3;

/**
 * Graph's mailbox usage detail report as CSV, one row per user with a `mailbox` in the fixture, columns as
 * Microsoft documents them, plus one demo-only trailing column "Litigation Hold Enabled" (Graph's report has no
 * hold column; the demo carries the fixture's litigationHoldEnabled there so the bot can show it).
 * Quotas follow the user's most capable active Exchange plan (empty when none: the mailbox is unlicensed);
 * Deleted Item Quota is the Recoverable Items quota: 30 GB, 100 GB on hold. Unknown counts are left empty.
 * With the fixture's reportSettings.displayConcealedNames (the Microsoft 365 default since 2021) names and UPNs
 * are hashes, as in a real tenant: rows can no longer be matched to users.
 */
export function mailboxUsageCsv(model: TenantModel, now: Date, periodDays: number): string {
  const date = now.toISOString().slice(0, 10);
  const header = [...MAILBOX_USAGE_COLUMNS, DEMO_LITIGATION_HOLD_COLUMN];
  const lines = [header.map(csvCell).join(',')];
  const concealed = model.reportSettings.displayConcealedNames;
  for (const user of model.users) {
    if (!user.mailbox) continue;
    const view = model.licenseView(user.id);
    const quotas = mailboxQuotas([...view.activePlans.values()].flat().map((p) => p.servicePlanName));
    const lastSignIn = user.signInActivity?.lastSignInDateTime;
    const row: Record<string, string> = {
      'Report Refresh Date': date,
      'User Principal Name': concealed ? concealedName(user.userPrincipalName) : user.userPrincipalName,
      'Display Name': concealed ? concealedName(user.displayName) : user.displayName,
      'Is Deleted': 'False',
      'Deleted Date': '',
      'Created Date': '',
      'Last Activity Date': lastSignIn ? lastSignIn.slice(0, 10) : '',
      'Item Count': '',
      'Storage Used (Byte)': String(user.mailbox.storageUsedInBytes),
      'Issue Warning Quota (Byte)': quotas ? String(quotas.issueWarningQuotaInBytes) : '',
      'Prohibit Send Quota (Byte)': quotas ? String(quotas.prohibitSendQuotaInBytes) : '',
      'Prohibit Send/Receive Quota (Byte)': quotas ? String(quotas.prohibitSendReceiveQuotaInBytes) : '',
      'Deleted Item Count': '',
      'Deleted Item Size (Byte)': '',
      'Deleted Item Quota (Byte)': String((user.mailbox.litigationHoldEnabled ? 100 : 30) * GB),
      'Has Archive': user.mailbox.archiveEnabled ? 'True' : 'False',
      'Report Period': String(periodDays),
      [DEMO_LITIGATION_HOLD_COLUMN]: user.mailbox.litigationHoldEnabled ? 'True' : 'False',
    };
    lines.push(header.map((h) => csvCell(row[h] ?? '')).join(','));
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** What a concealed report shows instead of a name: a stable 32-hex-digit hash. */
function concealedName(value: string): string {
  return createHash('md5').update(value.toLowerCase()).digest('hex').toUpperCase();
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
