/**
 * Seats, from `subscribedSkus` — one incident per product while its seats need attention, escalating in place: exhausted (0 free while requests or group members wait), near exhaustion (the
 * report's threshold), over-allocated (consumed > enabled), and units in warning / suspended / lockedOut.
 */
import type { Catalog } from '../licensing/catalog';
import type { SubscribedSku } from '../licensing/types';
import { isNearExhaustion } from '../report/builder';
import { productOf } from './products';
import type { Fix, IncidentDraft, SeatCandidate } from './types';

/** One incident per product for its seat state: low → exhausted → over-allocated escalate in place. */
export function seatsKey(skuId: string): string {
  return `seats|${skuId.toLowerCase()}`;
}

export interface SeatContext {
  catalog: Catalog;
  openRequestsBySku: ReadonlyMap<string, number>;
  /** Distinct users failing with CountViolation on each SKU (from the group-error read). */
  waitingMembersBySku: ReadonlyMap<string, number>;
  candidatesBySku?: ReadonlyMap<string, SeatCandidate[]>;
}

export function seatIncidents(skus: readonly SubscribedSku[], context: SeatContext): IncidentDraft[] {
  const drafts: IncidentDraft[] = [];
  for (const sku of skus) {
    if ((sku.appliesTo ?? 'User') !== 'User' || sku.capabilityStatus === 'Deleted') continue;
    const skuId = sku.skuId.toLowerCase();
    const product = productOf(skuId, skus, context.catalog);
    const enabled = sku.prepaidUnits?.enabled ?? 0;
    const consumed = sku.consumedUnits ?? 0;
    const free = enabled - consumed;
    const pendingRequests = context.openRequestsBySku.get(skuId) ?? 0;
    const waitingMembers = context.waitingMembersBySku.get(skuId) ?? 0;
    const candidates = context.candidatesBySku?.get(skuId) ?? [];
    const freeFix: Fix[] = candidates.length > 0 ? [{ code: 'free-seats', candidates: candidates.slice(0, 10) }] : [];
    const base = { kind: 'seats' as const, affected: [], affectedCount: 0, actions: [] };

    if (consumed > enabled && (enabled > 0 || consumed > 0)) {
      drafts.push({
        ...base,
        key: seatsKey(skuId),
        severity: 'high',
        cause: { code: 'seats-over', ...product, enabled, consumed },
        fixes: [{ code: 'over-allocation-grace' }, ...freeFix, { code: 'buy-seats', count: consumed - enabled, product: product.product }],
      });
    } else if (enabled > 0 && free === 0 && pendingRequests + waitingMembers > 0) {
      drafts.push({
        ...base,
        key: seatsKey(skuId),
        severity: 'high',
        cause: { code: 'seats-exhausted', ...product, enabled, consumed, waitingRequests: pendingRequests, waitingMembers },
        fixes: [...freeFix, { code: 'buy-seats', count: pendingRequests + waitingMembers, product: product.product }],
      });
    } else if (enabled > 0 && isNearExhaustion(enabled, free - pendingRequests, consumed > 0 || pendingRequests > 0)) {
      drafts.push({
        ...base,
        key: seatsKey(skuId),
        severity: 'medium',
        cause: { code: 'seats-low', ...product, enabled, consumed, free: Math.max(0, free), pendingRequests },
        fixes: [...freeFix, { code: 'buy-seats', count: Math.max(1, pendingRequests - free + 1), product: product.product }],
      });
    }

    const units = sku.prepaidUnits;
    if (units?.warning) {
      drafts.push({ ...base, key: `units-warning|${skuId}`, severity: 'medium', cause: { code: 'units-warning', ...product, units: units.warning }, fixes: [{ code: 'renew-subscription', product: product.product }] });
    }
    if (units?.suspended) {
      drafts.push({ ...base, key: `units-suspended|${skuId}`, severity: 'high', cause: { code: 'units-suspended', ...product, units: units.suspended }, fixes: [{ code: 'reactivate-subscription', product: product.product }] });
    }
    if (units?.lockedOut) {
      drafts.push({ ...base, key: `units-locked-out|${skuId}`, severity: 'medium', cause: { code: 'units-locked-out', ...product, units: units.lockedOut }, fixes: [{ code: 'buy-seats', count: units.lockedOut, product: product.product }] });
    }
  }
  return drafts;
}
