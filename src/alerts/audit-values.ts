/**
 * Reading Entra's audit values. A "Change user license" entry carries modifiedProperties whose old and new values
 * are strings such as `["[SkuName=ENTERPRISEPACK, AccountId=…, SkuId=6fd2c87f-…, Disabled=[]]"]`; some tools show
 * JSON `[{ "skuId": "…" }]` instead. Both are read; anything else is "unknown" (undefined), never a guess.
 */
import type { LicenseAuditEntry } from './snapshot';

const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const SKU_ID = new RegExp(`"?skuId"?\\s*[=:]\\s*"?(${GUID})`, 'gi');

/** SkuIds named in an AssignedLicense value; [] for an explicitly empty list; undefined when unreadable. */
export function skuIdsIn(value: string | null | undefined): string[] | undefined {
  if (value === null || value === undefined) return undefined;
  const ids = [...value.matchAll(SKU_ID)].map((m) => m[1].toLowerCase());
  if (ids.length > 0) return [...new Set(ids)];
  const bare = value.replace(/[\s"\\]/g, '');
  return bare === '' || bare === '[]' ? [] : undefined;
}

export interface LicenseChange {
  entryId: string;
  at: string;
  userId: string;
  user: string;
  upn: string;
  initiator: string;
  /** Licenses before and after, when the entry says (AssignedLicense). */
  before?: string[];
  after?: string[];
  /** AssignedPlan's old value named an Exchange service (used when AssignedLicense is absent). */
  hadExchangePlan: boolean;
}

export function initiatorOf(entry: LicenseAuditEntry): string {
  const user = entry.initiatedBy?.user;
  if (user && (user.userPrincipalName || user.displayName)) return user.userPrincipalName || user.displayName || 'someone';
  const app = entry.initiatedBy?.app;
  if (app && (app.displayName || app.appId)) return app.displayName || app.appId || 'an app';
  return 'unknown';
}

export function isOwnChange(entry: LicenseAuditEntry, self: { appIds: string[]; names: string[] }): boolean {
  const app = entry.initiatedBy?.app;
  if (!app) return false;
  const appIds = new Set(self.appIds.map((a) => a.toLowerCase()));
  const names = new Set(self.names.map((n) => n.toLowerCase()));
  return (Boolean(app.appId) && appIds.has(app.appId!.toLowerCase())) || (Boolean(app.displayName) && names.has(app.displayName!.toLowerCase()));
}

/** One change per target user of each successful entry not made by License Desk itself. */
export function licenseChanges(entries: readonly LicenseAuditEntry[], self: { appIds: string[]; names: string[] }): LicenseChange[] {
  const changes: LicenseChange[] = [];
  for (const entry of entries) {
    if (entry.result && entry.result.toLowerCase() !== 'success') continue;
    if (isOwnChange(entry, self)) continue;
    for (const target of entry.targetResources ?? []) {
      if (!target.id || (target.type && target.type.toLowerCase() !== 'user')) continue;
      const prop = (name: string) => target.modifiedProperties?.find((p) => (p.displayName ?? '').toLowerCase() === name.toLowerCase());
      const license = prop('AssignedLicense');
      const plan = prop('AssignedPlan');
      changes.push({
        entryId: entry.id,
        at: entry.activityDateTime,
        userId: target.id.toLowerCase(),
        user: target.displayName ?? target.userPrincipalName ?? target.id,
        upn: target.userPrincipalName ?? '',
        initiator: initiatorOf(entry),
        before: license ? skuIdsIn(license.oldValue) : undefined,
        after: license ? skuIdsIn(license.newValue) : undefined,
        hadExchangePlan: /exchange/i.test(plan?.oldValue ?? ''),
      });
    }
  }
  return changes;
}
