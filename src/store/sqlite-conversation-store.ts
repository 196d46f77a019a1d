import type Database from 'better-sqlite3';
import type { ConversationReferenceStore, StoredConversation } from './conversation-references';

interface Row {
  key: string;
  tenant_id: string;
  conversation_id: string;
  conversation_type: StoredConversation['conversationType'];
  user_aad_object_id: string | null;
  user_mri: string | null;
  locale: string | null;
  reference: string;
  updated_at: string;
}

const fromRow = (r: Row): StoredConversation => ({
  key: r.key,
  tenantId: r.tenant_id,
  conversationId: r.conversation_id,
  conversationType: r.conversation_type,
  userAadObjectId: r.user_aad_object_id ?? undefined,
  userMri: r.user_mri ?? undefined,
  ...(r.locale ? { locale: r.locale } : {}),
  reference: JSON.parse(r.reference),
  updatedAt: r.updated_at,
});

export class SqliteConversationStore implements ConversationReferenceStore {
  private readonly upsert;
  private readonly remove;
  private readonly byUser;
  private readonly all;
  private readonly byKey;

  constructor(db: Database.Database) {
    this.upsert = db.prepare(`
      INSERT INTO conversations (key, tenant_id, conversation_id, conversation_type, user_aad_object_id, user_mri, locale, reference, updated_at)
      VALUES (@key, @tenantId, @conversationId, @conversationType, @userAadObjectId, @userMri, @locale, @reference, @updatedAt)
      ON CONFLICT(key) DO UPDATE SET reference = excluded.reference, updated_at = excluded.updated_at,
        user_aad_object_id = excluded.user_aad_object_id, user_mri = excluded.user_mri, conversation_type = excluded.conversation_type,
        locale = excluded.locale`);
    this.remove = db.prepare('DELETE FROM conversations WHERE key = ?');
    this.byUser = db.prepare(
      "SELECT * FROM conversations WHERE lower(user_aad_object_id) = lower(?) AND conversation_type = 'personal' ORDER BY updated_at DESC LIMIT 1",
    );
    this.all = db.prepare('SELECT * FROM conversations ORDER BY key');
    this.byKey = db.prepare('SELECT * FROM conversations WHERE key = ?');
  }

  async upsertConversation(entry: StoredConversation): Promise<void> {
    this.upsert.run({ ...entry, userAadObjectId: entry.userAadObjectId ?? null, userMri: entry.userMri ?? null, locale: entry.locale ?? null, reference: JSON.stringify(entry.reference) });
  }

  async removeConversation(key: string): Promise<void> {
    this.remove.run(key);
  }

  async personalConversation(userAadObjectId: string): Promise<StoredConversation | undefined> {
    const row = this.byUser.get(userAadObjectId) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  async conversation(key: string): Promise<StoredConversation | undefined> {
    const row = this.byKey.get(key) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  async conversations(): Promise<StoredConversation[]> {
    return (this.all.all() as Row[]).map(fromRow);
  }
}
