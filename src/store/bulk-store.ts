import type { BatchItem } from '../requests/batch';
import type { SeatBudget } from '../requests/budget';

/**
 * The people of batch requests, one item each (a request of 500 people never becomes one huge entity). Only the
 * instance holding the request's execution claim writes items; `saveItems` replaces the given items as a whole.
 */
export interface BatchItemStore {
  /** Writes (creates or replaces) items of one request; atomic per call where the backend allows (SQLite, ≤ 100 on Table Storage). */
  saveItems(items: readonly BatchItem[]): Promise<void>;
  /** Every item of the request, by index. */
  items(requestId: string): Promise<BatchItem[]>;
}

/** A point in time when something must happen to a request (a revert, a reminder). A hint: the request decides. */
export interface ScheduledJob {
  /** `<requestId>|<kind>`: one job of a kind per request; scheduling it again moves it. */
  key: string;
  requestId: string;
  kind: 'revert' | 'remind';
  dueAt: string;
}

export interface ScheduleStore {
  scheduleJob(job: ScheduledJob): Promise<void>;
  /** Jobs due at or before `isoTime`, earliest first. */
  dueJobs(isoTime: string, limit?: number): Promise<ScheduledJob[]>;
  /** Removes the job if it is still due at `dueAt` (a job moved meanwhile stays). */
  removeJob(key: string, dueAt: string): Promise<void>;
}

export interface BudgetStore {
  setBudget(budget: SeatBudget): Promise<void>;
  removeBudget(key: string): Promise<boolean>;
  budgets(): Promise<SeatBudget[]>;
}

/** Everything issue 18 adds to the store, served by the same backend as requests. */
export interface BulkStore extends BatchItemStore, ScheduleStore, BudgetStore {
  close(): Promise<void>;
}
