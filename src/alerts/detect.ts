/**
 * Incident detection: one watch cycle's snapshot in, the incidents that hold now out — plus which incident keys
 * this snapshot could judge at all. A key it could not judge (a watch refused by Graph, a user not read this
 * cycle) is carried over by the diff, never resolved for lack of data.
 */
import { groupErrorIncidents } from './group-error-rules';
import { mailboxIncidents, mailboxKey } from './mailbox-rules';
import { seatIncidents } from './seat-rules';
import { isRefused, type WatchSnapshot } from './snapshot';
import { subscriptionIncidents } from './subscription-rules';
import type { IncidentDraft } from './types';

export interface Detection {
  drafts: IncidentDraft[];
  /** True when this snapshot decides whether the incident with this key holds. */
  judged(key: string): boolean;
}

export const WATCH_PERMISSIONS = { mailboxes: 'AuditLog.Read.All', subscriptions: 'Organization.Read.All' } as const;

export function watchOffKey(watch: keyof typeof WATCH_PERMISSIONS): string {
  return `watch-off|${watch}`;
}

export function detectIncidents(snapshot: WatchSnapshot): Detection {
  const { skus, catalog } = snapshot;
  const drafts: IncidentDraft[] = [];
  const groupDrafts = groupErrorIncidents(snapshot.groupErrors, { skus, catalog, candidatesBySku: snapshot.candidatesBySku });
  drafts.push(...groupDrafts);

  const waiting = new Map<string, Set<string>>();
  for (const d of groupDrafts) {
    if (d.cause.code !== 'group-license-error' || d.cause.error !== 'CountViolation') continue;
    const set = waiting.get(d.cause.skuId) ?? new Set<string>();
    for (const p of d.affected) set.add(p.id);
    // Beyond the listed people, count the rest too (affected is capped).
    for (let i = d.affected.length; i < d.affectedCount; i++) set.add(`${d.key}#${i}`);
    waiting.set(d.cause.skuId, set);
  }
  drafts.push(
    ...seatIncidents(skus, {
      catalog,
      openRequestsBySku: snapshot.openRequestsBySku,
      waitingMembersBySku: new Map([...waiting].map(([sku, set]) => [sku, set.size])),
      candidatesBySku: snapshot.candidatesBySku,
    }),
  );

  if (isRefused(snapshot.subscriptions)) drafts.push(watchOff('subscriptions', snapshot.subscriptions.refused));
  else drafts.push(...subscriptionIncidents(snapshot.subscriptions, { now: snapshot.now, skus, catalog, holdersBySku: snapshot.holdersBySku }));

  const mailboxUsers = new Set<string>();
  if (isRefused(snapshot.mailbox)) drafts.push(watchOff('mailboxes', snapshot.mailbox.refused));
  else {
    for (const id of snapshot.mailbox.users.keys()) mailboxUsers.add(mailboxKey(id));
    drafts.push(...mailboxIncidents(snapshot.mailbox, { skus, catalog, self: snapshot.self }));
  }
  const subscriptionsJudged = !isRefused(snapshot.subscriptions);

  return {
    drafts,
    judged(key: string): boolean {
      if (key.startsWith('mailbox-disconnected|')) return mailboxUsers.has(key);
      if (key.startsWith('subscription|')) return subscriptionsJudged;
      return true;
    },
  };
}

function watchOff(watch: keyof typeof WATCH_PERMISSIONS, refused: { status: number | null; code: string | null }): IncidentDraft {
  const permission = WATCH_PERMISSIONS[watch];
  return {
    key: watchOffKey(watch),
    kind: 'watch',
    severity: 'low',
    cause: { code: 'watch-off', watch, permission, status: refused.status, graphCode: refused.code },
    fixes: [{ code: 'grant-permission', permission }],
    affected: [],
    affectedCount: 0,
    actions: [],
  };
}
