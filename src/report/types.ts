import type { BudgetUse } from './budget-use';
/**
 * The tenant license report (issue 8): plain data, built by `createReportBuilder` from one streaming scan of the
 * tenant's users plus `subscribedSkus`. Field names are stable: the CSV, the JSON export and the card use them.
 */
import type { UserLicenseState } from '../licensing/types';
import type { BillingReport } from './billing-types';

/** What the builder reads from each scanned user (a GraphUser fits; nothing else is kept). */
export interface ReportUser extends UserLicenseState {
  id?: string;
  displayName?: string | null;
  userPrincipalName?: string | null;
  accountEnabled?: boolean | null;
  usageLocation?: string | null;
  /** Billing attributes (issue 17), read when the scan selected them; absent or empty is "(none set)". */
  department?: string | null;
  country?: string | null;
  companyName?: string | null;
  employeeOrgData?: { costCenter?: string | null; division?: string | null } | null;
  createdDateTime?: string | null;
  /**
   * Read only when the scan selected it (the builder's `signInDataAvailable`). Then absent, null or without dates
   * means no recorded sign-in: Graph leaves it out, or null, for accounts that never signed in.
   */
  signInActivity?: {
    lastSignInDateTime?: string | null;
    lastNonInteractiveSignInDateTime?: string | null;
    /** Since December 2023: the last successful sign-in, interactive or not. */
    lastSuccessfulSignInDateTime?: string | null;
  } | null;
}

export interface SkuSeats {
  skuId: string;
  skuPartNumber: string;
  displayName: string;
  /** The subscription's capabilityStatus (Enabled, Warning, Suspended, LockedOut, …). */
  capabilityStatus: string;
  /** prepaidUnits: enabled = assignable; warning = expired, in grace; suspended = cancelled, reactivatable; lockedOut = cancelled. */
  enabled: number;
  warning: number;
  suspended: number;
  lockedOut: number;
  /** Graph's consumedUnits. */
  consumed: number;
  /** Our own count from the scan: one per user per SKU with an Active/ActiveWithError source, however many sources. */
  consumedCounted: number;
  /** consumedCounted differs from Graph's consumedUnits (only judged for SKUs that apply to users). */
  consumedMismatch: boolean;
  /** enabled − consumed, as the admin center shows it (negative when over-assigned). */
  free: number;
  /** Open requests (pending, approved, executing) that will add this SKU. */
  pendingRequests: number;
  freeAfterPending: number;
  /** freeAfterPending ≤ max(1, 5 % of enabled) for a SKU in use. */
  nearExhaustion: boolean;
}

export type AssignmentSource = 'direct' | 'group' | 'direct and group';

/** Who a finding is about. */
export interface FindingUser {
  userId: string;
  /** Display name. */
  user: string;
  upn: string;
}

export interface RedundantFinding extends FindingUser {
  skuId: string;
  sku: string;
  /** The product's display name. */
  product: string;
  /** The licenses that give everything this one gives (skuPartNumbers). */
  coveredBy: string[];
  source: AssignmentSource;
  /** Groups it comes through (ids), when inherited. */
  groupIds: string[];
  /** Monthly price from the price list; null when the list has no price for this SKU. */
  monthlyCost: number | null;
  fix: string;
}

export type GroupLicensingError =
  | 'CountViolation'
  | 'MutuallyExclusiveViolation'
  | 'DependencyViolation'
  | 'ProhibitedInUsageLocationViolation'
  | 'UniquenessViolation'
  | 'Other'
  | (string & {});

export interface GroupErrorFinding extends FindingUser {
  skuId: string;
  sku: string;
  product: string;
  /** The licensing group; null for a direct assignment in error (rare, listed too). */
  groupId: string | null;
  groupName?: string;
  /** Graph's licenseAssignmentState.state: Error or ActiveWithError (the user keeps the license) … */
  state: string;
  error: GroupLicensingError;
  /** What to do, in plain words. */
  fix: string;
}

export type InactiveReason = 'disabled' | 'never-signed-in' | 'inactive';

export interface InactiveFinding extends FindingUser {
  accountEnabled: boolean;
  /** Latest of the interactive, non-interactive and successful sign-ins (ISO), or null. */
  lastSignIn: string | null;
  /** Whole days since lastSignIn, or null. */
  daysSinceSignIn: number | null;
  reason: InactiveReason;
  licensedSkus: string[];
  /** Sum of the licensed SKUs' monthly prices; null when one of them has no price. */
  monthlyCost: number | null;
}

export interface NoUsageLocationFinding extends FindingUser {
  accountEnabled: boolean | null;
  licensed: boolean;
  licensedSkus: string[];
  fix: string;
}

export interface ReportTotals {
  users: number;
  licensedUsers: number;
  /** Monthly cost of the redundant licenses still billed (priced ones only; see unpricedSkus). */
  monthlyWaste: number;
  currency: string;
  redundantLicenses: number;
  groupErrors: number;
  /** Licensed accounts disabled, never signed in or not signed in for inactiveDays. */
  inactiveAccounts: number;
  disabledLicensed: number;
  neverSignedIn: number;
  notSignedInRecently: number;
  /** What the inactive accounts' licenses cost a month (priced rows only). */
  inactiveMonthlyCost: number;
  noUsageLocation: number;
  seatsNearExhaustion: number;
  consumedMismatches: number;
  /** SKUs met in findings without a price in the price list: their cost is unknown, never counted as zero. */
  unpricedSkus: string[];
}

export interface TenantReport {
  generatedAt: string;
  inactiveDays: number;
  /** False when sign-in activity could not be read (no AuditLog.Read.All, or no Entra ID P1): no inactivity findings. */
  signInDataAvailable: boolean;
  /** False when open license requests were not joined (no request store). */
  pendingRequestsJoined: boolean;
  totals: ReportTotals;
  skus: SkuSeats[];
  redundant: RedundantFinding[];
  groupErrors: GroupErrorFinding[];
  inactive: InactiveFinding[];
  noUsageLocation: NoUsageLocationFinding[];
  /** Spend, waste by reason, overlapping suites, cost allocation, renewals (issue 17: src/report/billing-types.ts). */
  billing: BillingReport;
  /** Plain-words caveats (degraded data, mismatches). */
  notes: string[];
  /** Seat budgets with their use (when any are set). */
  budgets?: BudgetUse[];
}
