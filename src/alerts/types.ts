/**
 * Incidents the tenant watcher raises (issue 14): plain data. Causes and fixes are codes with parameters, never
 * sentences — the bot's views turn them into words (and, later, into every locale).
 */

/** What an approver can switch off and on ("alerts off seats"). `watch` notices (a watch that cannot run) and
 * the weekly `digest` are kinds too. */
export type AlertKind = 'group-errors' | 'seats' | 'subscriptions' | 'mailboxes' | 'watch' | 'digest';

/** Kinds an incident can have (the digest is a message, not an incident). */
export type IncidentKind = Exclude<AlertKind, 'digest'>;

export type Severity = 'high' | 'medium' | 'low';

export interface AffectedPerson {
  id: string;
  name: string;
  upn?: string;
  /** A short fact about this person for this incident, as a code the view renders (e.g. usage location). */
  note?: { code: 'usage-location'; value: string | null } | { code: 'also-blocked'; products: string[] };
}

export interface ProductRef {
  skuId: string;
  skuPartNumber: string;
  /** The catalog's display name (or the part number when the catalog does not know it). */
  product: string;
}

/** A holder of a product who could give a seat back (from the tenant report). */
export interface SeatCandidate {
  userId: string;
  name: string;
  upn: string;
  reason: 'redundant' | 'disabled' | 'never-signed-in' | 'inactive';
  /** Redundant: the licenses that already cover it. Inactive: days since the last sign-in. */
  coveredBy?: string[];
  days?: number | null;
}

export interface PlanConflict {
  /** The group's plan that cannot be added. */
  plan: string;
  /** The plan the user already holds, and the license it comes from. */
  withPlan: string;
  withProduct: string;
}

export type Cause =
  | ({ code: 'group-license-error'; groupId: string; groupName: string; error: string; seatsShort?: number; free?: number; conflicts?: PlanConflict[] } & ProductRef)
  | ({ code: 'seats-exhausted'; enabled: number; consumed: number; waitingRequests: number; waitingMembers: number } & ProductRef)
  | ({ code: 'seats-low'; enabled: number; consumed: number; free: number; pendingRequests: number } & ProductRef)
  | ({ code: 'seats-over'; enabled: number; consumed: number } & ProductRef)
  | ({ code: 'units-warning' | 'units-suspended' | 'units-locked-out'; units: number } & ProductRef)
  | ({
      code: 'subscription-ending';
      subscriptionId: string;
      /** nextLifecycleDateTime. */
      at: string;
      daysLeft: number;
      /** 30 or 7: which warning window it is in. */
      window: 30 | 7;
      isTrial: boolean;
      status: string;
      holders: number;
    } & ProductRef)
  | ({ code: 'subscription-status'; subscriptionId: string; status: 'Warning' | 'Suspended' | 'LockedOut'; at: string | null; isTrial: boolean; holders: number } & ProductRef)
  | {
      code: 'mailbox-disconnected';
      userId: string;
      user: string;
      upn: string;
      /** When the change was made (the audit entry's activityDateTime). */
      changedAt: string;
      /** 30 days later: Exchange deletes the disconnected mailbox's data. */
      deletedAfter: string;
      initiator: string;
      /** Products the change took away (from the audit entry), and the one to restore. */
      removed: ProductRef[];
      restore?: ProductRef;
    }
  | { code: 'watch-off'; watch: 'mailboxes' | 'subscriptions'; permission: string; status: number | null; graphCode: string | null };

export type CauseCode = Cause['code'];

export type Fix =
  | { code: 'free-seats'; candidates: SeatCandidate[] }
  | { code: 'buy-seats'; count: number; product: string }
  | { code: 'remove-from-group'; groupName: string }
  | { code: 'remove-conflicting-license'; conflicts: PlanConflict[] }
  | { code: 'add-dependency'; product: string }
  | { code: 'set-usage-location'; users: string[] }
  | { code: 'fix-proxy-address' }
  | { code: 'reprocess' }
  | { code: 'over-allocation-grace' }
  | { code: 'renew-subscription'; product: string }
  | { code: 'reactivate-subscription'; product: string }
  | { code: 'restore-license'; product: string; user: string }
  | { code: 'grant-permission'; permission: string };

/** What the card offers approvers (authorised on server state when clicked). */
export type IncidentAction = 'reprocess' | 'request-license';

/** An incident as detection produces it: no identity beyond its key, no history. */
export interface IncidentDraft {
  /** Stable identity, e.g. `group-error|<groupId>|<skuId>|<error>`, `seats-exhausted|<skuId>`. */
  key: string;
  kind: IncidentKind;
  severity: Severity;
  cause: Cause;
  fixes: Fix[];
  /** Up to MAX_AFFECTED people, sorted by name; `affectedCount` is the full number. */
  affected: AffectedPerson[];
  affectedCount: number;
  actions: IncidentAction[];
}

export type HistoryEvent = 'raised' | 'changed' | 'resolved' | 'reopened' | 'reprocessed';

export interface HistoryEntry {
  at: string;
  event: HistoryEvent;
  severity?: Severity;
  affectedCount?: number;
  /** Who acted (reprocess), by name. */
  by?: string;
  /** Reprocess: how many users were sent, how many Graph refused. */
  sent?: number;
  failed?: number;
}

/** Where a copy of an incident's card lives, to edit it in place. */
export interface AlertCardLocation {
  conversationKey: string;
  activityId: string;
  role: 'approver' | 'channel';
  aadObjectId?: string;
}

export interface Incident extends IncidentDraft {
  /** Short id for cards and commands: `INC-` + hash of key and raise time (one per occurrence). */
  id: string;
  status: 'open' | 'resolved';
  raisedAt: string;
  updatedAt: string;
  resolvedAt?: string;
  history: HistoryEntry[];
  cards: AlertCardLocation[];
  /** Optimistic concurrency, bumped by the store on every save. */
  version: number;
}

/** Weekly digest figures, kept in the store so next week can show the change. */
export interface DigestFigures {
  at: string;
  users: number;
  licensedUsers: number;
  monthlyWaste: number;
  currency: string;
  redundantLicenses: number;
  groupErrors: number;
  inactiveAccounts: number;
  inactiveMonthlyCost: number;
  seatsNearExhaustion: number;
  openIncidents: number;
}

export const MAX_AFFECTED = 25;
export const MAX_HISTORY = 20;
