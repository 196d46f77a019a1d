/**
 * The report's weekly history (issue 17): every report run records its week's snapshot (the latest of a week wins)
 * and reads the trend back. Best effort: a store failure is logged and the report goes out without its trend.
 */
import { isoWeek, snapshotOf, trendOf, type TrendPoint } from '../report/history';
import type { TenantReport } from '../report/types';
import type { ReportHistoryStore } from '../store/report-history-store';

export interface HistoryLogger {
  warn(obj: object, msg?: string): void;
}

export const TREND_WEEKS = 8;

export class ReportHistory {
  constructor(
    private readonly store: ReportHistoryStore,
    private readonly logger?: HistoryLogger,
    private readonly weeks = TREND_WEEKS,
  ) {}

  /** Saves the report's snapshot for its week; returns the trend including it. */
  async record(report: TenantReport): Promise<TrendPoint[]> {
    try {
      await this.store.saveSnapshot(snapshotOf(report));
    } catch (error) {
      this.logger?.warn({ err: (error as Error).message }, 'report snapshot not saved');
    }
    return this.trend();
  }

  async trend(): Promise<TrendPoint[]> {
    try {
      return trendOf(await this.store.snapshots(this.weeks * 2), this.weeks);
    } catch (error) {
      this.logger?.warn({ err: (error as Error).message }, 'report history not readable');
      return [];
    }
  }

  /** Whether the week of `now` has a snapshot already. */
  async hasWeek(now: Date): Promise<boolean> {
    return Boolean(await this.store.snapshot(isoWeek(now)));
  }
}
