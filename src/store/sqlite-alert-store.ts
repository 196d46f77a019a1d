import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AlertPreferences } from '../alerts/kinds';
import type { Incident } from '../alerts/types';
import { DuplicateIncidentError, EMPTY_WATCH_STATE, StaleVersionError, type AlertStore, type WatchState } from './alert-store';

/**
 * The embedded alert store: SQLite tables next to the requests (same file, its own connection). An open incident's
 * key is UNIQUE (`open_key` is NULL once resolved), so a second raise of the same key fails in the database itself.
 */
export class SqliteAlertStore implements AlertStore {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS incidents (
        id TEXT PRIMARY KEY,
        key TEXT NOT NULL,
        open_key TEXT UNIQUE,
        status TEXT NOT NULL,
        resolved_at TEXT,
        version INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS incidents_resolved ON incidents (resolved_at);
      CREATE TABLE IF NOT EXISTS alert_preferences (aad_object_id TEXT PRIMARY KEY, data TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS watch_state (name TEXT PRIMARY KEY, version INTEGER NOT NULL, data TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, until_ms INTEGER NOT NULL);
    `);
    this.s = {
      get: db.prepare('SELECT data FROM incidents WHERE id = ?'),
      open: db.prepare("SELECT data FROM incidents WHERE status = 'open' ORDER BY id"),
      resolvedSince: db.prepare("SELECT data FROM incidents WHERE status = 'resolved' AND resolved_at >= ? ORDER BY resolved_at"),
      insert: db.prepare('INSERT INTO incidents (id, key, open_key, status, resolved_at, version, data) VALUES (@id, @key, @openKey, @status, @resolvedAt, @version, @data)'),
      update: db.prepare('UPDATE incidents SET open_key = @openKey, status = @status, resolved_at = @resolvedAt, version = @next, data = @data WHERE id = @id AND version = @version'),
      pref: db.prepare('SELECT data FROM alert_preferences WHERE aad_object_id = ?'),
      prefs: db.prepare('SELECT data FROM alert_preferences ORDER BY aad_object_id'),
      savePref: db.prepare('INSERT INTO alert_preferences (aad_object_id, data) VALUES (?, ?) ON CONFLICT(aad_object_id) DO UPDATE SET data = excluded.data'),
      state: db.prepare("SELECT version, data FROM watch_state WHERE name = 'watch'"),
      insertState: db.prepare("INSERT INTO watch_state (name, version, data) VALUES ('watch', 1, ?)"),
      updateState: db.prepare("UPDATE watch_state SET version = version + 1, data = ? WHERE name = 'watch' AND version = ?"),
      lease: db.prepare('SELECT holder, until_ms FROM leases WHERE name = ?'),
      insertLease: db.prepare('INSERT OR IGNORE INTO leases (name, holder, until_ms) VALUES (?, ?, ?)'),
      takeLease: db.prepare('UPDATE leases SET holder = @holder, until_ms = @until WHERE name = @name AND (holder = @holder OR until_ms < @now)'),
      release: db.prepare('UPDATE leases SET until_ms = 0 WHERE name = ? AND holder = ?'),
    };
  }

  static open(file: string): SqliteAlertStore {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    return new SqliteAlertStore(db);
  }

  async incident(id: string): Promise<Incident | undefined> {
    const row = this.s.get.get(id) as { data: string } | undefined;
    return row ? JSON.parse(row.data) : undefined;
  }

  async openIncidents(): Promise<Incident[]> {
    return (this.s.open.all() as Array<{ data: string }>).map((r) => JSON.parse(r.data));
  }

  async resolvedSince(isoTime: string): Promise<Incident[]> {
    return (this.s.resolvedSince.all(isoTime) as Array<{ data: string }>).map((r) => JSON.parse(r.data));
  }

  async createIncident(incident: Incident): Promise<Incident> {
    const stored = { ...incident, version: 1 };
    try {
      this.s.insert.run({ id: stored.id, key: stored.key, openKey: stored.status === 'open' ? stored.key : null, status: stored.status, resolvedAt: stored.resolvedAt ?? null, version: 1, data: JSON.stringify(stored) });
    } catch (error) {
      if (/UNIQUE constraint failed: incidents\.open_key/.test(String(error))) throw new DuplicateIncidentError(stored.key);
      throw error;
    }
    return stored;
  }

  async updateIncident(incident: Incident): Promise<Incident> {
    const next = { ...incident, version: incident.version + 1 };
    let changes: number;
    try {
      changes = this.s.update.run({
        id: incident.id,
        openKey: next.status === 'open' ? next.key : null,
        status: next.status,
        resolvedAt: next.resolvedAt ?? null,
        version: incident.version,
        next: next.version,
        data: JSON.stringify(next),
      }).changes;
    } catch (error) {
      if (/UNIQUE constraint failed: incidents\.open_key/.test(String(error))) throw new DuplicateIncidentError(next.key);
      throw error;
    }
    if (changes !== 1) throw new StaleVersionError(`Incident ${incident.id}`);
    return next;
  }

  async preferences(aadObjectId: string): Promise<AlertPreferences | undefined> {
    const row = this.s.pref.get(aadObjectId.toLowerCase()) as { data: string } | undefined;
    return row ? JSON.parse(row.data) : undefined;
  }

  async allPreferences(): Promise<AlertPreferences[]> {
    return (this.s.prefs.all() as Array<{ data: string }>).map((r) => JSON.parse(r.data));
  }

  async savePreferences(preferences: AlertPreferences): Promise<void> {
    const p = { ...preferences, aadObjectId: preferences.aadObjectId.toLowerCase() };
    this.s.savePref.run(p.aadObjectId, JSON.stringify(p));
  }

  async watchState(): Promise<WatchState> {
    const row = this.s.state.get() as { version: number; data: string } | undefined;
    return row ? { ...JSON.parse(row.data), version: row.version } : { ...EMPTY_WATCH_STATE, seenAuditIds: [] };
  }

  async saveWatchState(state: WatchState): Promise<WatchState> {
    const data = JSON.stringify({ ...state, version: undefined });
    if (state.version === 0) {
      try {
        this.s.insertState.run(data);
      } catch {
        throw new StaleVersionError('The watch state');
      }
      return { ...state, version: 1 };
    }
    if (this.s.updateState.run(data, state.version).changes !== 1) throw new StaleVersionError('The watch state');
    return { ...state, version: state.version + 1 };
  }

  async acquireLease(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    const until = now.getTime() + ttlMs;
    // One statement each: SQLite serialises writers, so of two contenders exactly one matches.
    if (this.s.insertLease.run(name, holder, until).changes === 1) return true;
    return this.s.takeLease.run({ name, holder, until, now: now.getTime() }).changes === 1;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    this.s.release.run(name, holder);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
