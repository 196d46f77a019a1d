/**
 * Subscriptions, from `GET /directory/subscriptions`: one incident per subscription while it needs attention —
 * status Warning / Suspended / LockedOut, or its next lifecycle date (expiry unless renewed) within 30 and then
 * 7 days. The same incident escalates in place (30 → 7 days → status change), it is never raised twice.
 */
import type { Catalog } from '../licensing/catalog';
import type { SubscribedSku } from '../licensing/types';
import { productOf } from './products';
import type { DirectorySubscription } from './snapshot';
import type { AffectedPerson, IncidentDraft } from './types';

const DAY_MS = 86_400_000;
const BAD_STATUS = new Set(['Warning', 'Suspended', 'LockedOut']);

export function subscriptionKey(subscriptionId: string): string {
  return `subscription|${subscriptionId.toLowerCase()}`;
}

export interface SubscriptionContext {
  now: Date;
  skus: readonly SubscribedSku[];
  catalog: Catalog;
  holdersBySku?: ReadonlyMap<string, AffectedPerson[]>;
}

export function subscriptionIncidents(subscriptions: readonly DirectorySubscription[], context: SubscriptionContext): IncidentDraft[] {
  const drafts: IncidentDraft[] = [];
  for (const sub of subscriptions) {
    if (sub.status === 'Deleted') continue;
    const product = productOf(sub.skuId, context.skus, context.catalog);
    const sku = context.skus.find((s) => s.skuId.toLowerCase() === product.skuId);
    const holders = sku?.consumedUnits ?? 0;
    const people = context.holdersBySku?.get(product.skuId) ?? [];
    const base = { key: subscriptionKey(sub.id), kind: 'subscriptions' as const, affected: people, affectedCount: Math.max(holders, people.length), actions: [] };
    if (BAD_STATUS.has(sub.status)) {
      const status = sub.status as 'Warning' | 'Suspended' | 'LockedOut';
      drafts.push({
        ...base,
        severity: status === 'LockedOut' ? 'medium' : 'high',
        cause: { code: 'subscription-status', ...product, subscriptionId: sub.id, status, at: sub.nextLifecycleDateTime, isTrial: sub.isTrial, holders },
        fixes: [status === 'LockedOut' ? { code: 'buy-seats', count: holders, product: product.product } : { code: 'reactivate-subscription', product: product.product }],
      });
      continue;
    }
    if (!sub.nextLifecycleDateTime) continue;
    const at = Date.parse(sub.nextLifecycleDateTime);
    if (!Number.isFinite(at)) continue;
    const daysLeft = Math.ceil((at - context.now.getTime()) / DAY_MS);
    if (daysLeft > 30 || at < context.now.getTime()) continue;
    const window = daysLeft <= 7 ? 7 : 30;
    drafts.push({
      ...base,
      severity: window === 7 ? 'high' : 'medium',
      cause: { code: 'subscription-ending', ...product, subscriptionId: sub.id, at: sub.nextLifecycleDateTime, daysLeft, window, isTrial: sub.isTrial, status: sub.status, holders },
      fixes: [{ code: 'renew-subscription', product: product.product }],
    });
  }
  return drafts;
}
