/**
 * Mailbox at risk — license changes made outside License Desk (directory audit "Change user license"): a change
 * that left someone without any Exchange mailbox plan disconnects the mailbox, and Exchange deletes its data 30
 * days later. High severity, with a pre-filled request to restore a license. Resolved once the user has a mailbox
 * plan again (or no longer exists).
 */
import type { Catalog } from '../licensing/catalog';
import { resolve } from '../licensing/resolver';
import type { SubscribedSku } from '../licensing/types';
import { licenseChanges, type LicenseChange } from './audit-values';
import { bestMailboxRank, givesMailbox, productOf } from './products';
import type { MailboxRead, WatchedUser } from './snapshot';
import type { Cause, IncidentDraft } from './types';

const RETENTION_MS = 30 * 86_400_000;

export function mailboxKey(userId: string): string {
  return `mailbox-disconnected|${userId.toLowerCase()}`;
}

export interface MailboxContext {
  skus: readonly SubscribedSku[];
  catalog: Catalog;
  self: { appIds: string[]; names: string[] };
}

type MailboxCause = Extract<Cause, { code: 'mailbox-disconnected' }>;

export function hasMailbox(user: WatchedUser, skus: readonly SubscribedSku[], catalog: Catalog): boolean {
  return resolve(user, skus, catalog).hasMailboxRights;
}

export function mailboxIncidents(read: MailboxRead, context: MailboxContext): IncidentDraft[] {
  const { skus, catalog } = context;
  // The latest change per user that took a mailbox away wins (entries come oldest first).
  const lost = new Map<string, LicenseChange>();
  for (const change of licenseChanges(read.entries, context.self)) {
    const had = change.before ? change.before.some((id) => givesMailbox(id, skus, catalog)) : change.hadExchangePlan;
    if (had) lost.set(change.userId, change);
  }
  const causes = new Map<string, MailboxCause>();
  for (const open of read.open) causes.set(open.userId.toLowerCase(), open);
  for (const [userId, change] of lost) {
    const user = read.users.get(userId);
    const current = user ? user.assignedLicenses.map((l) => l.skuId.toLowerCase()) : [];
    const after = new Set(change.after ?? current);
    const removedIds = (change.before ?? []).filter((id) => !after.has(id));
    const removed = removedIds.map((id) => productOf(id, skus, catalog));
    const restoreId = [...(removedIds.length ? removedIds : change.before ?? [])]
      .filter((id) => givesMailbox(id, skus, catalog))
      .sort((a, b) => bestMailboxRank(b, skus, catalog) - bestMailboxRank(a, skus, catalog))[0];
    causes.set(userId, {
      code: 'mailbox-disconnected',
      userId,
      user: user?.displayName ?? change.user,
      upn: user?.userPrincipalName ?? change.upn,
      changedAt: change.at,
      deletedAfter: new Date(Date.parse(change.at) + RETENTION_MS).toISOString(),
      initiator: change.initiator,
      removed,
      ...(restoreId ? { restore: productOf(restoreId, skus, catalog) } : {}),
    });
  }

  const drafts: IncidentDraft[] = [];
  for (const [userId, cause] of causes) {
    const user = read.users.get(userId);
    // Not read this cycle: the caller carries the incident over; deleted, or a mailbox again: resolved.
    if (!user || hasMailbox(user, skus, catalog)) continue;
    drafts.push({
      key: mailboxKey(userId),
      kind: 'mailboxes',
      severity: 'high',
      cause,
      fixes: [{ code: 'restore-license', product: cause.restore?.product ?? 'an Exchange Online license', user: cause.user }],
      affected: [{ id: userId, name: cause.user, upn: cause.upn || undefined }],
      affectedCount: 1,
      actions: cause.restore ? ['request-license'] : [],
    });
  }
  return drafts;
}
