import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Opens (and migrates) the embedded database. `:memory:` for tests. */
export function openDatabase(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS conversations (
      key TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      conversation_type TEXT NOT NULL,
      user_aad_object_id TEXT,
      user_mri TEXT,
      reference TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS conversations_by_user ON conversations (user_aad_object_id, conversation_type);
    CREATE TABLE IF NOT EXISTS requests (
      id TEXT PRIMARY KEY,
      status TEXT NOT NULL,
      requester_id TEXT NOT NULL,
      target_id TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      version INTEGER NOT NULL,
      data TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS requests_by_status ON requests (status, expires_at);
    CREATE INDEX IF NOT EXISTS requests_by_requester ON requests (requester_id, created_at);
    CREATE TABLE IF NOT EXISTS audit (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      request_id TEXT NOT NULL,
      at TEXT NOT NULL,
      entry TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS audit_by_request ON audit (request_id, seq);
  `);
  // Added with languages: databases created before get the column; their rows read as English.
  const columns = db.prepare('PRAGMA table_info(conversations)').all() as Array<{ name: string }>;
  if (!columns.some((c) => c.name === 'locale')) db.exec('ALTER TABLE conversations ADD COLUMN locale TEXT');
  return db;
}
