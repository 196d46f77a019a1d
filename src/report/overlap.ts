/**
 * Overlapping suites (issue 17): a user who holds two productivity suites — each with a mailbox and SharePoint, e.g.
 * Microsoft 365 E5 + Business Premium, E3 + Business Standard, Microsoft 365 E3 + Office 365 E3 — where the smaller
 * one adds only minor plans over the larger (no mailbox, Teams, SharePoint or Office apps the larger lacks) pays for
 * both. Redundant licenses (every plan covered: the resolver's rule) are reported as redundant, not here; this rule
 * catches the expensive case the redundancy rule cannot: the smaller suite still adds a few plans (Invoicing,
 * Defender for Business, shared computer activation …), so the admin decides, with the cost and those plans.
 *
 * Plans are judged as the tenant's SKUs carry them (not the user's disabled plans: a plan disabled in the larger
 * suite can be enabled at no cost), with the same coverage rule as the resolver (src/licensing/plan-coverage.ts).
 * Pure; memoised per SKU pair and per license combination, so a 100,000-user tenant costs a few map lookups per user.
 */
import { isMeaningfulPlan, planCoveredBy } from '../licensing/plan-coverage';
import type { IndexedPlan, IndexedSku, TenantIndex } from '../licensing/tenant-index';

/** Workloads whose plan, added by the smaller suite, makes it more than an overlap. */
const CORE_WORKLOADS = new Set(['Exchange', 'Teams', 'SharePoint', 'Office apps', 'Office for the web']);

export interface SuiteOverlap {
  /** The more complete suite (kept). */
  largerSkuId: string;
  /** The suite that overlaps it (the candidate to remove). */
  smallerSkuId: string;
  /** What the smaller adds over the larger: minor plans (friendly names), in the SKU's order. */
  adds: string[];
}

/** A productivity suite: a mailbox plan and a SharePoint plan in one SKU. */
export function isSuite(sku: IndexedSku): boolean {
  let mailbox = false;
  let sharePoint = false;
  for (const p of sku.plans) {
    const cap = p.capability;
    if (!cap || cap.addOn) continue;
    if (cap.workload === 'Exchange' && cap.exchange?.mailbox) mailbox = true;
    if (cap.workload === 'SharePoint') sharePoint = true;
  }
  return mailbox && sharePoint;
}

/** Plans of `sku` that `other` does not give at least as well. */
export function planAdditions(sku: IndexedSku, other: IndexedSku): IndexedPlan[] {
  return sku.plans.filter((p) => isMeaningfulPlan(p) && !planCoveredBy(p, other.plans));
}

const isCore = (p: IndexedPlan) => Boolean(p.capability && !p.capability.addOn && CORE_WORKLOADS.has(p.capability.workload));

/**
 * The overlap of two suites, or undefined when they do not overlap (not both suites, or each adds a core plan).
 * When neither adds a core plan the one that adds fewer plans is the smaller (then the lighter, then by part number).
 */
export function suiteOverlap(a: IndexedSku, b: IndexedSku): SuiteOverlap | undefined {
  if (a.skuId === b.skuId || !isSuite(a) || !isSuite(b)) return undefined;
  const addsA = planAdditions(a, b);
  const addsB = planAdditions(b, a);
  const aMinor = !addsA.some(isCore);
  const bMinor = !addsB.some(isCore);
  if (!aMinor && !bMinor) return undefined;
  let smaller: 'a' | 'b';
  if (aMinor !== bMinor) smaller = aMinor ? 'a' : 'b';
  else smaller = addsA.length !== addsB.length ? (addsA.length < addsB.length ? 'a' : 'b') : a.weight !== b.weight ? (a.weight < b.weight ? 'a' : 'b') : a.skuPartNumber < b.skuPartNumber ? 'a' : 'b';
  const [small, large, adds] = smaller === 'a' ? [a, b, addsA] : [b, a, addsB];
  return { largerSkuId: large.skuId, smallerSkuId: small.skuId, adds: adds.map((p) => p.friendlyName) };
}

export interface OverlapFinder {
  /** Overlaps among a user's active, non-redundant licenses (skuIds, lower case). Each smaller suite once. */
  overlapsFor(skuIds: readonly string[]): readonly SuiteOverlap[];
}

const NONE: readonly SuiteOverlap[] = Object.freeze([]);

export function overlapFinder(index: TenantIndex): OverlapFinder {
  const suites = new Map<string, boolean>();
  const pairs = new Map<string, SuiteOverlap | undefined>();
  const combos = new Map<string, readonly SuiteOverlap[]>();
  const suite = (skuId: string) => {
    let s = suites.get(skuId);
    if (s === undefined) suites.set(skuId, (s = isSuite(index.sku(skuId))));
    return s;
  };
  const pair = (a: string, b: string) => {
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    if (!pairs.has(key)) pairs.set(key, suiteOverlap(index.sku(a), index.sku(b)));
    return pairs.get(key);
  };
  return {
    overlapsFor(skuIds) {
      const held = skuIds.filter(suite);
      if (held.length < 2) return NONE;
      const key = [...held].sort().join(',');
      let found = combos.get(key);
      if (!found) {
        const result: SuiteOverlap[] = [];
        const sorted = key.split(',');
        for (let i = 0; i < sorted.length; i++) {
          for (let j = i + 1; j < sorted.length; j++) {
            const o = pair(sorted[i], sorted[j]);
            if (o && !result.some((r) => r.smallerSkuId === o.smallerSkuId)) result.push(o);
          }
        }
        // A chain A > B > C lists B and C (each against a larger suite); the largest is never listed.
        found = Object.freeze(result);
        combos.set(key, found);
      }
      return found;
    },
  };
}
