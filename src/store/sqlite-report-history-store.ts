import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ReportSnapshot } from '../report/history';
import type { ReportHistoryStore } from './report-history-store';

/** The embedded report history: two tables in the request store's SQLite file (its own connection). */
export class SqliteReportHistoryStore implements ReportHistoryStore {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS report_snapshots (week TEXT PRIMARY KEY, taken_at TEXT NOT NULL, data TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS report_runs (period TEXT PRIMARY KEY, holder TEXT NOT NULL, at TEXT NOT NULL);
    `);
    this.s = {
      save: db.prepare(
        'INSERT INTO report_snapshots (week, taken_at, data) VALUES (@week, @takenAt, @data) ON CONFLICT(week) DO UPDATE SET taken_at = excluded.taken_at, data = excluded.data WHERE excluded.taken_at >= report_snapshots.taken_at',
      ),
      get: db.prepare('SELECT data FROM report_snapshots WHERE week = ?'),
      recent: db.prepare('SELECT data FROM report_snapshots ORDER BY week DESC LIMIT ?'),
      claim: db.prepare('INSERT OR IGNORE INTO report_runs (period, holder, at) VALUES (?, ?, ?)'),
      run: db.prepare('SELECT holder, at FROM report_runs WHERE period = ?'),
    };
  }

  static open(file: string): SqliteReportHistoryStore {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    return new SqliteReportHistoryStore(db);
  }

  async saveSnapshot(snapshot: ReportSnapshot): Promise<void> {
    this.s.save.run({ week: snapshot.week, takenAt: snapshot.takenAt, data: JSON.stringify(snapshot) });
  }

  async snapshot(week: string): Promise<ReportSnapshot | undefined> {
    const row = this.s.get.get(week) as { data: string } | undefined;
    return row ? JSON.parse(row.data) : undefined;
  }

  async snapshots(limit: number): Promise<ReportSnapshot[]> {
    return (this.s.recent.all(Math.max(0, Math.floor(limit))) as Array<{ data: string }>).map((r) => JSON.parse(r.data) as ReportSnapshot).reverse();
  }

  async claimScheduledRun(period: string, holder: string, at: Date): Promise<boolean> {
    // One statement: SQLite serialises writers, so of two claimants exactly one inserts.
    return this.s.claim.run(period, holder, at.toISOString()).changes === 1;
  }

  async scheduledRun(period: string): Promise<{ holder: string; at: string } | undefined> {
    return (this.s.run.get(period) as { holder: string; at: string } | undefined) ?? undefined;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
