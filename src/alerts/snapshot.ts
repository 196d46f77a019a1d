/**
 * What one watch cycle read from the tenant, as plain data: the input of incident detection. The watcher
 * (src/services/tenant-watcher.ts) fills it from Graph; tests build it by hand.
 */
import type { Catalog } from '../licensing/catalog';
import type { AssignedLicense, AssignedPlan, LicenseAssignmentState, SubscribedSku } from '../licensing/types';
import type { AffectedPerson, Cause, SeatCandidate } from './types';

/** A user as the watcher reads it: identity and the license fields. */
export interface WatchedUser {
  id: string;
  displayName: string | null;
  userPrincipalName: string | null;
  usageLocation: string | null;
  assignedLicenses: AssignedLicense[];
  licenseAssignmentStates: LicenseAssignmentState[];
  assignedPlans?: AssignedPlan[];
}

/** Graph's companySubscription (`GET /directory/subscriptions`). */
export interface DirectorySubscription {
  id: string;
  skuId: string;
  skuPartNumber: string;
  /** Enabled | Warning | Suspended | Deleted | LockedOut */
  status: string;
  totalLicenses: number;
  isTrial: boolean;
  createdDateTime: string | null;
  nextLifecycleDateTime: string | null;
}

/** Graph's directoryAudit, the fields the mailbox watch reads. */
export interface LicenseAuditEntry {
  id: string;
  activityDateTime: string;
  activityDisplayName: string;
  result: string | null;
  initiatedBy: {
    user?: { id?: string | null; displayName?: string | null; userPrincipalName?: string | null } | null;
    app?: { appId?: string | null; displayName?: string | null; servicePrincipalId?: string | null } | null;
  };
  targetResources: Array<{
    id: string | null;
    type: string | null;
    displayName?: string | null;
    userPrincipalName?: string | null;
    modifiedProperties: Array<{ displayName: string | null; oldValue: string | null; newValue: string | null }>;
  }>;
}

/** A watch that cannot run: Graph refused the read (403 without the permission). */
export interface Refusal {
  status: number | null;
  code: string | null;
}

export interface GroupErrorsRead {
  groups: Array<{ id: string; displayName: string | null }>;
  /** Each failing member of each group, with their license states (one entry per group and user). */
  members: Array<{ groupId: string; user: WatchedUser }>;
}

export interface MailboxRead {
  /** "Change user license" entries of this cycle's window, oldest first. */
  entries: LicenseAuditEntry[];
  /** Users the entries name and users of open mailbox incidents, read now; null when the user no longer exists. */
  users: ReadonlyMap<string, WatchedUser | null>;
  /** Open mailbox incidents to re-check (their causes), so a fix resolves them. */
  open: Array<Extract<Cause, { code: 'mailbox-disconnected' }>>;
}

export interface WatchSnapshot {
  now: Date;
  skus: readonly SubscribedSku[];
  catalog: Catalog;
  groupErrors: GroupErrorsRead;
  subscriptions: DirectorySubscription[] | { refused: Refusal };
  mailbox: MailboxRead | { refused: Refusal };
  /** Open license requests (pending, approved, executing) per skuId they add. */
  openRequestsBySku: ReadonlyMap<string, number>;
  /** From the tenant report: holders of each product who could give a seat back. */
  candidatesBySku?: ReadonlyMap<string, SeatCandidate[]>;
  /** Some holders of a product (for subscription incidents: the people who would lose it). */
  holdersBySku?: ReadonlyMap<string, AffectedPerson[]>;
  /** License Desk's own writes are not "changes made outside License Desk". */
  self: { appIds: string[]; names: string[] };
}

export function isRefused<T>(value: T | { refused: Refusal }): value is { refused: Refusal } {
  return typeof value === 'object' && value !== null && 'refused' in value;
}
