import type { AlertPreferences } from '../alerts/kinds';
import type { DigestFigures, Incident } from '../alerts/types';

/** What the tenant watcher keeps between cycles (and across restarts and instances). */
export interface WatchState {
  /** activityDateTime of the newest audit entry processed; the next read starts a little before it. */
  auditCursor?: string;
  /** Audit entry ids processed inside the overlap window (Entra delivers entries late and out of order). */
  seenAuditIds: string[];
  firstRunAt?: string;
  lastDigestAt?: string;
  lastDigest?: DigestFigures;
  /** Set by a Reprocess click on any instance: the next cycle re-reads the group errors. */
  refreshRequested?: boolean;
  version: number;
}

/** Someone else saved first (version / ETag). */
export class StaleVersionError extends Error {
  constructor(readonly what: string) {
    super(`${what} was changed by someone else.`);
  }
}

/** An open incident with that key exists already: the watcher never raises one twice. */
export class DuplicateIncidentError extends Error {
  constructor(readonly key: string) {
    super(`An open incident for ${key} exists already.`);
  }
}

/**
 * Incidents, per-approver alert switches, the watcher's state and its lease. Backend-neutral: SQLite
 * (sqlite-alert-store.ts) and Azure Table Storage (table-alert-store.ts) both pass test/store/alert-store-contract.ts.
 */
export interface AlertStore {
  incident(id: string): Promise<Incident | undefined>;
  openIncidents(): Promise<Incident[]>;
  /** Incidents resolved at or after `isoTime` (to reopen rather than raise again). */
  resolvedSince(isoTime: string): Promise<Incident[]>;
  /** Stores a new open incident (version 1). DuplicateIncidentError when an open one has the same key. */
  createIncident(incident: Incident): Promise<Incident>;
  /**
   * Saves the incident if its version is the stored one (StaleVersionError otherwise); the version is bumped.
   * Reopening (resolved → open) fails with DuplicateIncidentError when another open incident has the key.
   */
  updateIncident(incident: Incident): Promise<Incident>;
  preferences(aadObjectId: string): Promise<AlertPreferences | undefined>;
  allPreferences(): Promise<AlertPreferences[]>;
  savePreferences(preferences: AlertPreferences): Promise<void>;
  watchState(): Promise<WatchState>;
  /** Version check as for incidents (a fresh state has version 0). */
  saveWatchState(state: WatchState): Promise<WatchState>;
  /**
   * Takes or renews the lease `name` for `holder` until now + ttlMs: true when `holder` holds it afterwards. A
   * lease held by someone else is taken over only once it has lapsed; two contenders → exactly one wins.
   */
  acquireLease(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;
  close(): Promise<void>;
}

export const EMPTY_WATCH_STATE: WatchState = { seenAuditIds: [], version: 0 };
