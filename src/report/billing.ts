/**
 * The bill, accumulated during the report's one streaming scan (issue 17). Pure; called by the report builder once
 * per licensed user with what the builder already worked out (active licenses and their sources, redundant ones,
 * inactivity), so the per-user work is a few map lookups: prices and overlaps are memoised per SKU and per license
 * combination, the allocation keeps one bucket per attribute value, and the waste keeps counters plus the few most
 * expensive people per reason. The per-user rows go to an optional sink (the billing CSV), never into the report.
 */
import type { DirectorySubscription } from '../alerts/snapshot';
import type { PriceList } from '../licensing/prices';
import type { TenantIndex } from '../licensing/tenant-index';
import {
  ALLOCATION_DIMENSIONS,
  WASTE_REASONS,
  type Allocation,
  type AllocationBucket,
  type AllocationDimension,
  type BillingReport,
  type BillingRow,
  type OverlapFinding,
  type ProductSpend,
  type WasteLine,
  type WastePerson,
  type WasteReason,
} from './billing-types';
import { overlapFinder } from './overlap';
import { personRecords } from './person-records';
import { DEFAULT_RENEWAL_WINDOW_DAYS, renewalLines } from './renewals';
import type { AssignmentSource, InactiveReason, ReportUser, SkuSeats } from './types';

/** People kept per waste reason for the card (every one of them is in the billing CSV). */
export const WASTE_TOP = 5;

/** One active license of the user, as the builder collected it. */
export interface ActiveLicense {
  skuId: string;
  direct: boolean;
  groupIds: string[];
  /** Plans disabled in every granting source (ids, lower case). */
  disabledPlans: string[];
}

/**
 * What the bill takes from a user's licenses alone, worked out once per license combination (the builder memoises it
 * with its own shape): prices, overlaps, the waste each reason would count and the billing row's licenses.
 */
export interface BillingShape {
  /** The user's active licenses (skuIds, lower case). */
  skuIds: readonly string[];
  /** Every license: what the user costs a month (priced ones), and what an inactive or disabled user wastes. */
  all: WastePart;
  /** Part numbers without a price (sorted). */
  unpriced: readonly string[];
  overlaps: readonly Omit<OverlapFinding, 'userId' | 'user' | 'upn'>[];
  /** The redundant and the overlapping ones, for a user who is in use. */
  redundantWaste: WastePart | undefined;
  overlapWaste: WastePart | undefined;
  /** What an active user's row says is waste. */
  activeWasteReason: BillingRow['wasteReason'];
  activeWasteCents: number;
  /** The billing row's licenses (only when rows are kept). */
  rowLicenses: BillingRow['licenses'] | undefined;
}

/** Licenses counted under one waste reason: their part numbers (sorted), cents of the priced, how many unpriced. */
interface WastePart {
  skus: readonly string[];
  licenses: number;
  cents: number;
  unpriced: number;
}

export interface BillingUserInput {
  user: ReportUser;
  userId: string;
  name: string;
  upn: string;
  shape: BillingShape;
  inactive: InactiveReason | undefined;
  lastSignIn: string | null;
  daysSinceSignIn: number | null;
}

export interface BillingAccumulatorOptions {
  index: TenantIndex;
  prices: PriceList;
  onRow?: (row: BillingRow) => void;
  renewalWindowDays?: number;
}

export interface BillingAccumulator {
  /** The bill's view of a license combination: active skuIds, the ones the resolver found redundant, their sources. */
  shape(skuIds: readonly string[], redundant: ReadonlySet<string>, licenses: readonly ActiveLicense[]): BillingShape;
  add(input: BillingUserInput): void;
  finish(seats: readonly SkuSeats[], licensedUsers: number, now: Date, subscriptions: readonly DirectorySubscription[] | null | undefined): BillingReport;
}

const cents = (n: number) => Math.round(n * 100);
const NO_OVERLAPS: readonly never[] = Object.freeze([]);
/** An attribute's value, or null ("(none set)") when absent or blank. */
const text = (v: string | null | undefined): string | null => {
  if (typeof v !== 'string' || v === '') return null;
  const c0 = v.charCodeAt(0);
  const cn = v.charCodeAt(v.length - 1);
  if (c0 > 32 && cn > 32) return v;
  const t = v.trim();
  return t === '' ? null : t;
};

interface WasteAcc {
  cents: number;
  licenses: number;
  unpriced: number;
  people: number;
  top: Array<WastePerson & { cents: number }>;
}

interface BucketAcc {
  licensedUsers: number;
  licenses: number;
  cents: number;
  unpricedLicenses: number;
}

function sourceOf(license: ActiveLicense): AssignmentSource {
  return license.direct && license.groupIds.length ? 'direct and group' : license.direct ? 'direct' : 'group';
}

export function createBillingAccumulator(options: BillingAccumulatorOptions): BillingAccumulator {
  const { index, prices, onRow } = options;
  const finder = overlapFinder(index);
  const skuInfo = new Map<string, { sku: string; product: string; price: number | null }>();
  const info = (skuId: string) => {
    let i = skuInfo.get(skuId);
    if (!i) {
      const s = index.sku(skuId);
      const price = prices.monthly(s.skuPartNumber);
      skuInfo.set(skuId, (i = { sku: s.skuPartNumber, product: s.displayName, price: price === undefined ? null : price }));
    }
    return i;
  };
  const inactiveBySku = new Map<string, number>();
  const waste = new Map<WasteReason, WasteAcc>(WASTE_REASONS.filter((r) => r !== 'free-seats').map((r) => [r, { cents: 0, licenses: 0, unpriced: 0, people: 0, top: [] }]));
  const buckets = new Map<AllocationDimension, Map<string | null, BucketAcc>>(ALLOCATION_DIMENSIONS.map((d) => [d, new Map()]));
  /** Who holds an overlapping suite (see personRecords), made into findings in finish(). */
  const overlappingPeople = personRecords<BillingShape['overlaps'][number]>();

  const byDepartment = buckets.get('department')!;
  const byCountry = buckets.get('country')!;
  const byCompany = buckets.get('company')!;
  const byCostCenter = buckets.get('costCenter')!;
  const allocate = (map: Map<string | null, BucketAcc>, key: string | null, licenses: number, userCents: number, unpriced: number) => {
    let b = map.get(key);
    if (!b) map.set(key, (b = { licensedUsers: 0, licenses: 0, cents: 0, unpricedLicenses: 0 }));
    b.licensedUsers++;
    b.licenses += licenses;
    b.cents += userCents;
    b.unpricedLicenses += unpriced;
  };

  const part = (skuIds: readonly string[]): WastePart => {
    let c = 0;
    let unpriced = 0;
    const skus: string[] = [];
    for (const id of skuIds) {
      const i = info(id);
      skus.push(i.sku);
      if (i.price === null) unpriced++;
      else c += cents(i.price);
    }
    return { skus: Object.freeze(skus.sort()), licenses: skuIds.length, cents: c, unpriced };
  };

  function shape(skuIds: readonly string[], redundant: ReadonlySet<string>, licenses: readonly ActiveLicense[]): BillingShape {
    const unpriced = skuIds.map(info).filter((i) => i.price === null).map((i) => i.sku);
    // Overlapping suites among the licenses that are not already redundant.
    const found = skuIds.length >= 2 ? finder.overlapsFor(redundant.size ? skuIds.filter((id) => !redundant.has(id)) : skuIds) : NO_OVERLAPS;
    const overlaps = found.map((o) => {
      const small = info(o.smallerSkuId);
      const large = info(o.largerSkuId);
      const license = licenses.find((l) => l.skuId === o.smallerSkuId)!;
      return Object.freeze({ skuId: o.smallerSkuId, sku: small.sku, product: small.product, keptSku: large.sku, keptProduct: large.product, adds: o.adds, source: sourceOf(license), groupIds: license.groupIds, monthlyCost: small.price });
    });
    // Waste: each license under its first reason (disabled > inactive > redundant > overlapping).
    const redundantIds = skuIds.filter((id) => redundant.has(id));
    const overlapIds = found.map((o) => o.smallerSkuId).filter((id) => !redundant.has(id));
    const redundantWaste = redundantIds.length ? part(redundantIds) : undefined;
    const overlapWaste = overlapIds.length ? part(overlapIds) : undefined;
    const r = redundantWaste?.cents ?? 0;
    const o = overlapWaste?.cents ?? 0;
    return {
      skuIds,
      all: part(skuIds),
      unpriced: Object.freeze(unpriced.sort()),
      overlaps,
      redundantWaste,
      overlapWaste,
      activeWasteReason: redundantWaste || overlapWaste ? (r >= o && redundantWaste ? 'redundant' : 'overlapping') : null,
      activeWasteCents: r + o,
      rowLicenses: onRow
        ? Object.freeze(
            licenses.map((l) => {
              const i = info(l.skuId);
              const sku = index.sku(l.skuId);
              return Object.freeze({ sku: i.sku, product: i.product, direct: l.direct, groupIds: l.groupIds, disabledPlans: l.disabledPlans.map((id) => sku.planById.get(id)?.servicePlanName ?? id) });
            }),
          )
        : undefined,
    };
  }

  function addWaste(reason: Exclude<WasteReason, 'free-seats'>, input: BillingUserInput, counted: WastePart): number {
    const acc = waste.get(reason)!;
    const c = counted.cents;
    acc.cents += c;
    acc.licenses += counted.licenses;
    acc.unpriced += counted.unpriced;
    acc.people++;
    // Keep the WASTE_TOP most expensive (ties: first seen), without sorting everyone.
    if (acc.top.length < WASTE_TOP || c > acc.top[acc.top.length - 1].cents) {
      const person = { userId: input.userId, user: input.name, upn: input.upn, skus: [...counted.skus], monthlyCost: counted.unpriced ? null : c / 100, cents: c };
      const at = acc.top.findIndex((p) => c > p.cents);
      acc.top.splice(at === -1 ? acc.top.length : at, 0, person);
      if (acc.top.length > WASTE_TOP) acc.top.pop();
    }
    return c;
  }

  function add(input: BillingUserInput): void {
    const { user, shape: s } = input;
    const skuIds = s.skuIds;
    if (skuIds.length === 0) return;
    // Skipped when empty (see shapeKey in builder.ts: empty and filled arrays have different maps).
    if (s.overlaps.length) for (const o of s.overlaps) {
      overlappingPeople.add(input.userId, input.name, input.upn, o);
    }

    let wasteReason: BillingRow['wasteReason'] = null;
    let wasteCents = 0;
    if (input.inactive) {
      for (const id of skuIds) inactiveBySku.set(id, (inactiveBySku.get(id) ?? 0) + 1);
      wasteReason = input.inactive === 'disabled' ? 'disabled' : 'inactive';
      wasteCents = addWaste(wasteReason, input, s.all);
    } else if (s.activeWasteReason) {
      if (s.redundantWaste) addWaste('redundant', input, s.redundantWaste);
      if (s.overlapWaste) addWaste('overlapping', input, s.overlapWaste);
      wasteReason = s.activeWasteReason;
      wasteCents = s.activeWasteCents;
    }

    const department = text(user.department);
    const country = text(user.country);
    const company = text(user.companyName);
    const costCenter = text(user.employeeOrgData?.costCenter);
    const unpricedCount = s.unpriced.length;
    allocate(byDepartment, department, skuIds.length, s.all.cents, unpricedCount);
    allocate(byCountry, country, skuIds.length, s.all.cents, unpricedCount);
    allocate(byCompany, company, skuIds.length, s.all.cents, unpricedCount);
    allocate(byCostCenter, costCenter, skuIds.length, s.all.cents, unpricedCount);

    if (onRow) {
      onRow({
        userId: input.userId,
        user: input.name,
        upn: input.upn,
        department,
        country,
        company,
        costCenter,
        licenses: s.rowLicenses!,
        monthlyCost: s.all.cents / 100,
        unpricedSkus: s.unpriced,
        lastSignIn: input.lastSignIn,
        daysSinceSignIn: input.daysSinceSignIn,
        accountEnabled: user.accountEnabled !== false,
        createdDateTime: text(user.createdDateTime),
        wasteReason,
        wasteMonthly: wasteCents / 100,
      });
    }
  }

  function finish(seats: readonly SkuSeats[], licensedUsers: number, now: Date, subscriptions: readonly DirectorySubscription[] | null | undefined): BillingReport {
    const products: ProductSpend[] = seats.map((s) => {
      const price = info(s.skuId).price;
      const free = Math.max(0, s.enabled - s.consumed);
      const inactive = Math.min(inactiveBySku.get(s.skuId) ?? 0, Math.max(0, s.consumed));
      const money = (n: number) => (price === null ? null : cents(n * price) / 100);
      return {
        skuId: s.skuId,
        sku: s.skuPartNumber,
        product: s.displayName,
        bought: s.enabled,
        assigned: s.consumed,
        free,
        inactive,
        inUse: Math.max(0, s.consumed - inactive),
        monthlyPrice: price,
        boughtMonthly: money(s.enabled),
        assignedMonthly: money(s.consumed),
        freeMonthly: money(free),
      };
    });
    // Most expensive first; unpriced after the priced, by seats.
    products.sort((a, b) => (b.boughtMonthly ?? -1) - (a.boughtMonthly ?? -1) || b.bought - a.bought || a.sku.localeCompare(b.sku));
    const sum = (pick: (p: ProductSpend) => number | null) => products.reduce((t, p) => t + cents(pick(p) ?? 0), 0) / 100;
    const unpricedProducts = products.filter((p) => p.monthlyPrice === null && (p.bought > 0 || p.assigned > 0)).map((p) => p.sku);
    const boughtSeats = products.reduce((t, p) => t + p.bought, 0);
    const assignedSeats = products.reduce((t, p) => t + p.assigned, 0);
    const assignedMonthly = sum((p) => p.assignedMonthly);

    const freeLine: WasteLine = {
      reason: 'free-seats',
      monthly: sum((p) => p.freeMonthly),
      licenses: products.reduce((t, p) => t + p.free, 0),
      unpriced: products.filter((p) => p.monthlyPrice === null).reduce((t, p) => t + p.free, 0),
      people: 0,
      top: [],
      products: products
        .filter((p) => p.free > 0)
        .sort((a, b) => (b.freeMonthly ?? -1) - (a.freeMonthly ?? -1) || b.free - a.free)
        .map((p) => ({ sku: p.sku, product: p.product, free: p.free, monthly: p.freeMonthly })),
    };
    const lines: WasteLine[] = [
      freeLine,
      ...[...waste].map(([reason, acc]): WasteLine => ({
        reason,
        monthly: acc.cents / 100,
        licenses: acc.licenses,
        unpriced: acc.unpriced,
        people: acc.people,
        top: acc.top.map(({ cents: _c, ...p }) => p),
      })),
    ];

    const allocation = {} as Allocation;
    for (const d of ALLOCATION_DIMENSIONS) {
      allocation[d] = [...buckets.get(d)!]
        .map(([key, b]): AllocationBucket => ({ key, licensedUsers: b.licensedUsers, licenses: b.licenses, monthly: b.cents / 100, unpricedLicenses: b.unpricedLicenses }))
        .sort((a, b) => b.monthly - a.monthly || b.licensedUsers - a.licensedUsers || (a.key ?? '\uffff').localeCompare(b.key ?? '\uffff'));
    }
    const overlapping: OverlapFinding[] = overlappingPeople.map((userId, user, upn, o) => ({ userId, user, upn, skuId: o.skuId, sku: o.sku, product: o.product, keptSku: o.keptSku, keptProduct: o.keptProduct, adds: o.adds, source: o.source, groupIds: o.groupIds, monthlyCost: o.monthlyCost }));
    overlapping.sort((a, b) => (b.monthlyCost ?? -1) - (a.monthlyCost ?? -1) || a.upn.localeCompare(b.upn) || a.sku.localeCompare(b.sku));
    const windowDays = options.renewalWindowDays ?? DEFAULT_RENEWAL_WINDOW_DAYS;

    return {
      currency: prices.currency,
      products,
      totals: {
        boughtMonthly: sum((p) => p.boughtMonthly),
        assignedMonthly,
        freeMonthly: freeLine.monthly,
        unpricedProducts,
        boughtSeats,
        assignedSeats,
        assignedShare: boughtSeats > 0 ? assignedSeats / boughtSeats : null,
        averagePerLicensedUser: licensedUsers > 0 ? Math.round((assignedMonthly / licensedUsers) * 100) / 100 : null,
      },
      waste: {
        lines,
        monthly: lines.reduce((t, l) => t + cents(l.monthly), 0) / 100,
        unpriced: lines.reduce((t, l) => t + l.unpriced, 0),
      },
      overlapping,
      allocation,
      renewals: subscriptions ? renewalLines(subscriptions, seats, prices, now, windowDays) : [],
      renewalsRead: Boolean(subscriptions),
      renewalWindowDays: windowDays,
    };
  }

  return { shape, add, finish };
}

/** A bill with nothing in it (hand-built reports in tests and tools). */
export function emptyBillingReport(currency: string): BillingReport {
  return {
    currency,
    products: [],
    totals: { boughtMonthly: 0, assignedMonthly: 0, freeMonthly: 0, unpricedProducts: [], boughtSeats: 0, assignedSeats: 0, assignedShare: null, averagePerLicensedUser: null },
    waste: { lines: WASTE_REASONS.map((reason) => ({ reason, monthly: 0, licenses: 0, unpriced: 0, people: 0, top: [] })), monthly: 0, unpriced: 0 },
    overlapping: [],
    allocation: { department: [], country: [], company: [], costCenter: [] },
    renewals: [],
    renewalsRead: false,
    renewalWindowDays: DEFAULT_RENEWAL_WINDOW_DAYS,
  };
}
