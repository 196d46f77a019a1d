/** The recipient's language is stored with their conversation; databases from before languages keep working (English). */
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/store/sqlite-database';
import { SqliteConversationStore } from '../../../src/store/sqlite-conversation-store';

describe('i18n: the locale stored with a conversation', () => {
  it('an old database gains the column; its rows read without a locale; new writes keep it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ld-locale-'));
    try {
      const file = join(dir, 'old.db');
      const old = new Database(file);
      old.exec(`CREATE TABLE conversations (key TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, conversation_id TEXT NOT NULL, conversation_type TEXT NOT NULL,
        user_aad_object_id TEXT, user_mri TEXT, reference TEXT NOT NULL, updated_at TEXT NOT NULL)`);
      old.prepare("INSERT INTO conversations VALUES ('t_a', 't', 'a', 'personal', 'user-1', '29:1', '{}', '2026-01-01T00:00:00Z')").run();
      old.close();

      const db = openDatabase(file);
      const store = new SqliteConversationStore(db);
      const before = await store.personalConversation('user-1');
      assert.equal(before?.locale, undefined, 'old rows have no locale (English)');
      await store.upsertConversation({ ...before!, locale: 'fr', updatedAt: '2026-02-01T00:00:00Z' });
      assert.equal((await store.personalConversation('user-1'))?.locale, 'fr');
      await store.upsertConversation({ ...before!, locale: undefined, updatedAt: '2026-03-01T00:00:00Z' });
      assert.equal((await store.conversation('t_a'))?.locale, undefined);
      db.close();
      openDatabase(file).close(); // migrating twice is a no-op
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
