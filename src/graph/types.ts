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
  /** Only with scanUsers({ expandManager: true }): the manager's id (a user or a contact), null for none. */
  manager?: { id: string; objectType?: 'contact' } | null;
  /** Billing attributes, only when selected (the report's cost allocation; employeeOrgData only on $select). */
  country?: string | null;
  companyName?: string | null;
  employeeOrgData?: { costCenter?: string | null; division?: string | null } | null;
  createdDateTime?: string | null;
}

/** A group as the export reads it: identity and group-based licensing. */
export interface GraphGroup {
  id: string;
  displayName: string | null;
  securityEnabled: boolean | null;
  assignedLicenses: AssignedLicense[];
}

/** An organizational contact (orgContact) with its manager's id. */
export interface GraphContact {
  id: string;
  displayName: string | null;
  mail: string | null;
  jobTitle: string | null;
  department: string | null;
  manager: { id: string; objectType?: 'contact' } | null;
}

/** Manager / direct report: identity only. */
export interface UserSummary {
  id: string;
  /** Set for an organizational contact (Graph's `#microsoft.graph.orgContact`); absent for a user. */
  objectType?: 'contact';
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

/** Tenant-wide report settings (`/admin/reportSettings`). */
export interface ReportSettings {
  /** True (the Microsoft 365 default since 2021): usage reports show hashes instead of user names and UPNs. */
  displayConcealedNames: boolean;
}

export interface MailboxUsageReport {
  rows: MailboxUsageRow[];
  /** Names are hashes: rows cannot be matched to users. */
  namesConcealed: boolean;
  /** False when /admin/reportSettings could not be read (namesConcealed is then judged from the rows). */
  settingsRead: boolean;
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
  /** Adds `$expand=manager($select=id)`: every user's manager without a request per user. */
  expandManager?: boolean;
}

export interface GatewayStats {
  /** HTTP requests sent (each retry and each redirect hop counts). */
  requests: number;
  /** Retries performed (429/503/504 by the SDK's RetryHandler, 500/502/network by ours, inner $batch 429s). */
  retries: number;
  /** 429 responses seen (outer and inside $batch). */
  throttled: number;
}
