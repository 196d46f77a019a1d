import type Database from 'better-sqlite3';
import type { BatchItem } from '../requests/batch';
import type { SeatBudget } from '../requests/budget';
import type { BulkStore, ScheduledJob } from './bulk-store';
import { openDatabase } from './sqlite-database';

/** Batch items, scheduled jobs and seat budgets in the embedded SQLite database (tables of their own). */
export class SqliteBulkStore implements BulkStore {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS batch_items (
        request_id TEXT NOT NULL,
        idx INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (request_id, idx)
      );
      CREATE TABLE IF NOT EXISTS scheduled_jobs (
        key TEXT PRIMARY KEY,
        request_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        due_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS scheduled_jobs_due ON scheduled_jobs (due_at);
      CREATE TABLE IF NOT EXISTS seat_budgets (
        key TEXT PRIMARY KEY,
        data TEXT NOT NULL
      );
    `);
    this.statements = {
      putItem: db.prepare('INSERT INTO batch_items (request_id, idx, data) VALUES (?, ?, ?) ON CONFLICT (request_id, idx) DO UPDATE SET data = excluded.data'),
      items: db.prepare('SELECT data FROM batch_items WHERE request_id = ? ORDER BY idx'),
      putJob: db.prepare('INSERT INTO scheduled_jobs (key, request_id, kind, due_at) VALUES (@key, @requestId, @kind, @dueAt) ON CONFLICT (key) DO UPDATE SET due_at = excluded.due_at'),
      dueJobs: db.prepare('SELECT key, request_id AS requestId, kind, due_at AS dueAt FROM scheduled_jobs WHERE due_at <= ? ORDER BY due_at LIMIT ?'),
      removeJob: db.prepare('DELETE FROM scheduled_jobs WHERE key = ? AND due_at = ?'),
      putBudget: db.prepare('INSERT INTO seat_budgets (key, data) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET data = excluded.data'),
      removeBudget: db.prepare('DELETE FROM seat_budgets WHERE key = ?'),
      budgets: db.prepare('SELECT data FROM seat_budgets ORDER BY key'),
    };
  }

  static open(file: string): SqliteBulkStore {
    return new SqliteBulkStore(openDatabase(file));
  }

  async saveItems(items: readonly BatchItem[]): Promise<void> {
    const put = this.db.transaction((batch: readonly BatchItem[]) => {
      for (const item of batch) this.statements.putItem.run(item.requestId, item.index, JSON.stringify(item));
    });
    put(items);
  }

  async items(requestId: string): Promise<BatchItem[]> {
    return (this.statements.items.all(requestId) as Array<{ data: string }>).map((r) => JSON.parse(r.data));
  }

  async scheduleJob(job: ScheduledJob): Promise<void> {
    this.statements.putJob.run(job);
  }

  async dueJobs(isoTime: string, limit = 100): Promise<ScheduledJob[]> {
    return this.statements.dueJobs.all(isoTime, limit) as ScheduledJob[];
  }

  async removeJob(key: string, dueAt: string): Promise<void> {
    this.statements.removeJob.run(key, dueAt);
  }

  async setBudget(budget: SeatBudget): Promise<void> {
    this.statements.putBudget.run(budget.key, JSON.stringify(budget));
  }

  async removeBudget(key: string): Promise<boolean> {
    return this.statements.removeBudget.run(key).changes > 0;
  }

  async budgets(): Promise<SeatBudget[]> {
    return (this.statements.budgets.all() as Array<{ data: string }>).map((r) => JSON.parse(r.data));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
