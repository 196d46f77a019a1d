/**
 * Renewals (issue 17): per subscription (`GET /directory/subscriptions`) its status, term and next lifecycle date,
 * with the SKU's free seats called out before a renewal ("remove them before renewal": seats are billed for the next
 * term). Pure.
 */
import type { DirectorySubscription } from '../alerts/snapshot';
import type { PriceList } from '../licensing/prices';
import type { RenewalLine } from './billing-types';
import type { SkuSeats } from './types';

const DAY_MS = 86_400_000;
export const DEFAULT_RENEWAL_WINDOW_DAYS = 30;

/** The term, estimated from created → next lifecycle as CIPP does (a guess: Graph does not say). */
export function termOf(sub: Pick<DirectorySubscription, 'isTrial' | 'createdDateTime' | 'nextLifecycleDateTime'>): RenewalLine['term'] {
  if (sub.isTrial) return 'trial';
  const created = Date.parse(sub.createdDateTime ?? '');
  const next = Date.parse(sub.nextLifecycleDateTime ?? '');
  if (!Number.isFinite(created) || !Number.isFinite(next)) return 'unknown';
  const days = Math.round((next - created) / DAY_MS);
  if (days >= 25 && days <= 35) return 'monthly';
  if (days >= 36 && days <= 1089) return 'annual';
  if (days >= 1090 && days <= 1100) return 'three-year';
  return 'unknown';
}

export function renewalLines(
  subscriptions: readonly DirectorySubscription[],
  seats: readonly SkuSeats[],
  prices: PriceList,
  now: Date,
  windowDays = DEFAULT_RENEWAL_WINDOW_DAYS,
): RenewalLine[] {
  const bySku = new Map(seats.map((s) => [s.skuId.toLowerCase(), s]));
  const lines = subscriptions.map((sub): RenewalLine => {
    const seat = bySku.get(sub.skuId.toLowerCase());
    const sku = seat?.skuPartNumber ?? sub.skuPartNumber;
    const next = sub.nextLifecycleDateTime && Number.isFinite(Date.parse(sub.nextLifecycleDateTime)) ? sub.nextLifecycleDateTime : null;
    const daysToRenewal = next ? Math.floor((Date.parse(next) - now.getTime()) / DAY_MS) : null;
    // This subscription can shed at most its own seats.
    const freeSeats = Math.max(0, Math.min(seat ? seat.free : 0, sub.totalLicenses));
    const price = prices.monthly(sku);
    const status = sub.status || 'Enabled';
    let callout: RenewalLine['callout'] = null;
    if (status.toLowerCase() !== 'enabled') callout = 'not-active';
    else if (daysToRenewal !== null && daysToRenewal <= windowDays) callout = freeSeats > 0 ? 'free-before-renewal' : 'ends-soon';
    return {
      subscriptionId: sub.id,
      skuId: sub.skuId.toLowerCase(),
      sku,
      product: seat?.displayName ?? sub.skuPartNumber,
      status,
      isTrial: sub.isTrial,
      term: termOf(sub),
      totalLicenses: sub.totalLicenses,
      nextLifecycleDateTime: next,
      daysToRenewal,
      freeSeats,
      freeMonthly: price === undefined ? null : Math.round(freeSeats * price * 100) / 100,
      callout,
    };
  });
  const rank = (l: RenewalLine) => (l.callout === 'not-active' ? 0 : l.callout === 'free-before-renewal' ? 1 : l.callout === 'ends-soon' ? 2 : 3);
  return lines.sort((a, b) => rank(a) - rank(b) || (a.daysToRenewal ?? Infinity) - (b.daysToRenewal ?? Infinity) || a.sku.localeCompare(b.sku));
}
