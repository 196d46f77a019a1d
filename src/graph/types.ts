import type {
  AssignedLicense,
  AssignedPlan,
  LicenseAssignmentState,
  SubscribedSku,
  UserLicenseState,
} from '../licensing/types';

export type { AssignedLicense, AssignedPlan, LicenseAssignmentState, SubscribedSku, UserLicenseState };
export type { DirectorySubscription, LicenseAuditEntry, WatchedUser } from '../alerts/snapshot';

/** A group as the license-error watch lists it. */
export interface GroupRef {
  id: string;
  displayName: string | null;
}

/** A user as the gateway returns it: identity + everything the resolver needs, from ONE request. */
export interface GraphUser extends UserLicenseState, UserSummary {
  id: string;
  displayName: string | null;
  userPrincipalName: string | null;
  mail: string | null;
  accountEnabled: boolean | null;
  usageLocation: string | null;
  assignedLicenses: AssignedLicense[];
  licenseAssignmentStates: LicenseAssignmentState[];
  assignedPlans: AssignedPlan[];
  /** Only when asked for (scanUsers({ select: [..., 'signInActivity'] })): needs AuditLog.Read.All + Entra ID P1. */
  signInActivity?: { lastSignInDateTime?: string | null; lastNonInteractiveSignInDateTime?: string | null } | null;
}

/** Manager / direct report: identity only. */
export interface UserSummary {
  id: string;
  displayName: string | null;
  userPrincipalName: string | null;
  mail: string | null;
  jobTitle: string | null;
  department: string | null;
}

export interface GraphOrganization {
  id: string;
  displayName: string | null;
  countryLetterCode?: string | null;
  verifiedDomains: Array<{ name: string; isDefault?: boolean | null; isInitial?: boolean | null }>;
}

/**
 * One row of Graph's mailbox usage report (`/reports/getMailboxUsageDetail(period='D7')`, CSV). Field names follow
 * the report's JSON form (beta); `raw` keeps every CSV column under Graph's own header name.
 * Numbers are undefined when the report leaves the cell empty. When the tenant conceals user details in reports,
 * userPrincipalName/displayName are hashes (admin center → Reports settings).
 */
export interface MailboxUsageRow {
  reportRefreshDate?: string;
  userPrincipalName: string;
  displayName: string;
  isDeleted: boolean;
  deletedDate?: string;
  createdDate?: string;
  lastActivityDate?: string;
  itemCount?: number;
  storageUsedInBytes?: number;
  issueWarningQuotaInBytes?: number;
  prohibitSendQuotaInBytes?: number;
  prohibitSendReceiveQuotaInBytes?: number;
  deletedItemCount?: number;
  deletedItemSizeInBytes?: number;
  deletedItemQuotaInBytes?: number;
  /** "Has Archive". */
  hasArchive: boolean;
  /** Same as hasArchive (the fixture's name for it). */
  archiveEnabled: boolean;
  /**
   * Not in Microsoft's report. Only the demo tenant emits it, as an extra trailing column
   * "Litigation Hold Enabled"; undefined for a real tenant.
   */
  litigationHoldEnabled?: boolean;
  reportPeriod?: number;
  raw: Record<string, string>;
}

export interface AssignLicenseResult {
  /** The user as read back after the change (license fields included). */
  user: GraphUser;
  /** Graph's `request-id` response header of the assignLicense call, for the audit trail. */
  requestId: string | undefined;
  /** True when `user` comes from a GET after the write (Graph's assignLicense answer lacks licenseAssignmentStates). */
  userReadBack: boolean;
  /** Set when the write succeeded but reading the user back failed; `user` is then what assignLicense returned. */
  readBackError?: unknown;
}

export interface ScanUsersOptions {
  /** Properties to $select; default: the GraphUser fields (identity + license fields). */
  select?: string[];
  /** $top, 1..999; default 999. */
  pageSize?: number;
  /** Optional $filter, e.g. `assignedLicenses/any(x:x/skuId eq <guid>)`. */
  filter?: string;
}

export interface GatewayStats {
  /** HTTP requests sent (each retry and each redirect hop counts). */
  requests: number;
  /** Retries performed (429/503/504 by the SDK's RetryHandler, 500/502/network by ours, inner $batch 429s). */
  retries: number;
  /** 429 responses seen (outer and inside $batch). */
  throttled: number;
}
