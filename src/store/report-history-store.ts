import type { ReportSnapshot } from '../report/history';

/**
 * The report's history (issue 17): one snapshot per ISO week (Microsoft keeps no license history), and the claims
 * that make each scheduled report go out once per deployment. Backend-neutral: SQLite (sqlite-report-history-store.ts)
 * and Azure Table Storage (table-report-history-store.ts) both pass test/store/report-history-store-contract.ts.
 */
export interface ReportHistoryStore {
  /** Stores the week's snapshot; a snapshot of the same week taken earlier is replaced, a later one is kept. */
  saveSnapshot(snapshot: ReportSnapshot): Promise<void>;
  snapshot(week: string): Promise<ReportSnapshot | undefined>;
  /** The newest `limit` weeks, oldest first. */
  snapshots(limit: number): Promise<ReportSnapshot[]>;
  /** Claims the scheduled run of `period` (e.g. "2026-12"): true for the first claim only, whoever asks. */
  claimScheduledRun(period: string, holder: string, at: Date): Promise<boolean>;
  /** Who claimed the run of `period`, and when; undefined while unclaimed. */
  scheduledRun(period: string): Promise<{ holder: string; at: string } | undefined>;
  close(): Promise<void>;
}
