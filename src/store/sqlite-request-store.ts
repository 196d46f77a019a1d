import type Database from 'better-sqlite3';
import type { LicenseRequest, RequestStatus } from '../requests/request';
import type { StoredConversation } from './conversation-references';
import { ConcurrencyError, type AuditEntry, type RequestStore } from './request-store';
import { openDatabase } from './sqlite-database';
import { SqliteConversationStore } from './sqlite-conversation-store';

/** The embedded store for a single instance: SQLite (WAL) on disk under DATA_DIR, durable across restarts. */
export class SqliteRequestStore implements RequestStore {
  private readonly conversationsStore: SqliteConversationStore;
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.conversationsStore = new SqliteConversationStore(db);
    this.statements = {
      insert: db.prepare(
        'INSERT INTO requests (id, status, requester_id, target_id, created_at, expires_at, version, data) VALUES (@id, @status, @requester, @target, @createdAt, @expiresAt, @version, @data)',
      ),
      get: db.prepare('SELECT data FROM requests WHERE id = ?'),
      update: db.prepare('UPDATE requests SET status = @status, expires_at = @expiresAt, version = @next, data = @data WHERE id = @id AND version = @version'),
      byRequester: db.prepare('SELECT data FROM requests WHERE lower(requester_id) = lower(?) ORDER BY created_at DESC LIMIT ?'),
      byStatus: db.prepare('SELECT data FROM requests WHERE status = ? ORDER BY created_at LIMIT ?'),
      expiring: db.prepare("SELECT data FROM requests WHERE status = 'pending' AND expires_at <= ? ORDER BY expires_at"),
      appendAudit: db.prepare('INSERT INTO audit (request_id, at, entry) VALUES (?, ?, ?)'),
      audit: db.prepare('SELECT entry FROM audit WHERE request_id = ? ORDER BY seq'),
    };
  }

  static open(file: string): SqliteRequestStore {
    return new SqliteRequestStore(openDatabase(file));
  }

  async create(request: LicenseRequest): Promise<LicenseRequest> {
    const stored = { ...request, version: 1 };
    this.statements.insert.run({
      id: stored.id,
      status: stored.status,
      requester: stored.requester.aadObjectId,
      target: stored.target.aadObjectId,
      createdAt: stored.createdAt,
      expiresAt: stored.expiresAt,
      version: stored.version,
      data: JSON.stringify(stored),
    });
    return stored;
  }

  async get(id: string): Promise<LicenseRequest | undefined> {
    const row = this.statements.get.get(id) as { data: string } | undefined;
    return row ? JSON.parse(row.data) : undefined;
  }

  async update(request: LicenseRequest): Promise<LicenseRequest> {
    const next = { ...request, version: request.version + 1 };
    const result = this.statements.update.run({ id: request.id, status: next.status, expiresAt: next.expiresAt, version: request.version, next: next.version, data: JSON.stringify(next) });
    if (result.changes !== 1) throw new ConcurrencyError(request.id);
    return next;
  }

  async byRequester(aadObjectId: string, limit = 50): Promise<LicenseRequest[]> {
    return (this.statements.byRequester.all(aadObjectId, limit) as Array<{ data: string }>).map((r) => JSON.parse(r.data));
  }

  async byStatus(status: RequestStatus, limit = 200): Promise<LicenseRequest[]> {
    return (this.statements.byStatus.all(status, limit) as Array<{ data: string }>).map((r) => JSON.parse(r.data));
  }

  async expiringBefore(isoTime: string): Promise<LicenseRequest[]> {
    return (this.statements.expiring.all(isoTime) as Array<{ data: string }>).map((r) => JSON.parse(r.data));
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    this.statements.appendAudit.run(entry.requestId, entry.at, JSON.stringify(entry));
  }

  async audit(requestId: string): Promise<AuditEntry[]> {
    return (this.statements.audit.all(requestId) as Array<{ entry: string }>).map((r) => JSON.parse(r.entry));
  }

  upsertConversation(entry: StoredConversation): Promise<void> {
    return this.conversationsStore.upsertConversation(entry);
  }

  removeConversation(key: string): Promise<void> {
    return this.conversationsStore.removeConversation(key);
  }

  personalConversation(userAadObjectId: string): Promise<StoredConversation | undefined> {
    return this.conversationsStore.personalConversation(userAadObjectId);
  }

  conversation(key: string): Promise<StoredConversation | undefined> {
    return this.conversationsStore.conversation(key);
  }

  conversations(): Promise<StoredConversation[]> {
    return this.conversationsStore.conversations();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
