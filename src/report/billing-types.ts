/**
 * The bill (issue 17): spend, waste by reason, overlapping suites, cost allocation and renewals — the part of the
 * TenantReport a billing admin reads. Plain data; prices are monthly, in the price list's currency. A price the list
 * does not have is `null` ("unknown"), never 0, and every total says how many licenses it could not price.
 */
import type { AssignmentSource, FindingUser } from './types';

/** Bought vs assigned for one product (subscribedSkus × the price list). */
export interface ProductSpend {
  skuId: string;
  sku: string;
  product: string;
  /** prepaidUnits.enabled */
  bought: number;
  /** consumedUnits (Graph's count) */
  assigned: number;
  /** max(0, bought − assigned) */
  free: number;
  /** Of the assigned: held by licensed accounts that are disabled, never signed in or idle (our own count). */
  inactive: number;
  /** assigned − inactive (at least 0) */
  inUse: number;
  monthlyPrice: number | null;
  boughtMonthly: number | null;
  assignedMonthly: number | null;
  freeMonthly: number | null;
}

export interface SpendTotals {
  /** Priced products only; unpricedProducts lists the rest. */
  boughtMonthly: number;
  assignedMonthly: number;
  freeMonthly: number;
  /** Products with bought or assigned seats and no price. */
  unpricedProducts: string[];
  boughtSeats: number;
  assignedSeats: number;
  /** assignedSeats / boughtSeats (0..1+), null without bought seats. */
  assignedShare: number | null;
  /** assignedMonthly / licensed users, null without licensed users. */
  averagePerLicensedUser: number | null;
}

export type WasteReason = 'free-seats' | 'disabled' | 'inactive' | 'redundant' | 'overlapping';

/** Order of precedence: a license is counted under the first reason that applies to it, never twice. */
export const WASTE_REASONS: readonly WasteReason[] = ['free-seats', 'disabled', 'inactive', 'redundant', 'overlapping'];

export interface WastePerson extends FindingUser {
  /** The licenses counted under this reason (skuPartNumbers). */
  skus: string[];
  /** Their monthly cost; null when one has no price. */
  monthlyCost: number | null;
}

export interface WasteLine {
  reason: WasteReason;
  /** Monthly cost of the priced licenses (or seats) under this reason. */
  monthly: number;
  /** Licenses (for free-seats: seats) under this reason. */
  licenses: number;
  /** Of those, without a price (not in `monthly`). */
  unpriced: number;
  /** People (for free-seats: none — products are in `products`). */
  people: number;
  /** The most expensive people first (all of them are in the billing CSV). */
  top: WastePerson[];
  /** For free-seats: products with free seats, most expensive first. */
  products?: Array<{ sku: string; product: string; free: number; monthly: number | null }>;
}

export interface WasteSummary {
  lines: WasteLine[];
  /** Sum over the reasons (each license once). */
  monthly: number;
  unpriced: number;
}

/** Two suites held together: the smaller one adds only minor plans (src/report/overlap.ts). */
export interface OverlapFinding extends FindingUser {
  /** The smaller suite (the candidate to remove). */
  skuId: string;
  sku: string;
  product: string;
  /** The more complete suite the user keeps. */
  keptSku: string;
  keptProduct: string;
  /** What the smaller adds over the larger (friendly plan names). */
  adds: string[];
  source: AssignmentSource;
  groupIds: string[];
  monthlyCost: number | null;
}

export type AllocationDimension = 'department' | 'country' | 'company' | 'costCenter';
export const ALLOCATION_DIMENSIONS: readonly AllocationDimension[] = ['department', 'country', 'company', 'costCenter'];

export interface AllocationBucket {
  /** The attribute's value; null is the "(none set)" bucket. */
  key: string | null;
  licensedUsers: number;
  licenses: number;
  /** Priced licenses only. */
  monthly: number;
  unpricedLicenses: number;
}

export type Allocation = Record<AllocationDimension, AllocationBucket[]>;

export type RenewalCallout = 'free-before-renewal' | 'ends-soon' | 'not-active' | null;

/** One subscription (`GET /directory/subscriptions`) with its SKU's seats. */
export interface RenewalLine {
  subscriptionId: string;
  skuId: string;
  sku: string;
  product: string;
  /** Enabled | Warning | Suspended | Deleted | LockedOut */
  status: string;
  isTrial: boolean;
  /** Derived from created → next lifecycle (an estimate, as CIPP does): monthly, annual, 3-year, trial, unknown. */
  term: 'monthly' | 'annual' | 'three-year' | 'trial' | 'unknown';
  totalLicenses: number;
  nextLifecycleDateTime: string | null;
  /** Whole days from the report's time to nextLifecycleDateTime (negative when past), null without a date. */
  daysToRenewal: number | null;
  /** The SKU's free seats (bought − assigned, at least 0). */
  freeSeats: number;
  /** What the free seats cost a month; null without a price. */
  freeMonthly: number | null;
  callout: RenewalCallout;
}

export interface BillingReport {
  currency: string;
  products: ProductSpend[];
  totals: SpendTotals;
  waste: WasteSummary;
  overlapping: OverlapFinding[];
  allocation: Allocation;
  /** Sorted by next lifecycle date (soonest first); empty when the subscriptions were not read. */
  renewals: RenewalLine[];
  /** False when `/directory/subscriptions` could not be read (Organization.Read.All missing). */
  renewalsRead: boolean;
  /** Free seats are called out this many days before a renewal (default 30). */
  renewalWindowDays: number;
}

/** One licensed user, for the per-user billing CSV (src/report/billing-csv.ts). */
export interface BillingRow {
  userId: string;
  user: string;
  upn: string;
  department: string | null;
  country: string | null;
  company: string | null;
  costCenter: string | null;
  /** Each active license with where it comes from: direct, and/or the groups (ids; names are joined at output). */
  licenses: ReadonlyArray<{ sku: string; product: string; direct: boolean; groupIds: readonly string[]; disabledPlans: readonly string[] }>;
  /** Sum of the priced licenses' monthly prices (unpricedSkus are not in it). */
  monthlyCost: number;
  /** Licenses without a price in the price list: their cost is unknown. */
  unpricedSkus: readonly string[];
  lastSignIn: string | null;
  daysSinceSignIn: number | null;
  accountEnabled: boolean;
  createdDateTime: string | null;
  /** Why some of this user's cost is waste (the reason of its most expensive wasted license), and how much (priced). */
  wasteReason: Exclude<WasteReason, 'free-seats'> | null;
  wasteMonthly: number;
}
