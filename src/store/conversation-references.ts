/** Where the bot can write later (proactive messages): one entry per conversation it is installed in. */
export interface StoredConversation {
  /** `${tenantId}_${conversationId}`. */
  key: string;
  tenantId: string;
  conversationId: string;
  conversationType: 'personal' | 'groupChat' | 'channel';
  /** For personal chats: the user's Entra object id and Teams id (MRI). */
  userAadObjectId?: string;
  userMri?: string;
  /**
   * The person's language (en, de, fr, es) as their Teams client last said, for proactive messages to them.
   * Absent for channels and group chats (many readers) and in entries stored before languages existed: English.
   */
  locale?: string;
  /** botbuilder's ConversationReference, stored as JSON. */
  reference: Record<string, unknown>;
  updatedAt: string;
}

export interface ConversationReferenceStore {
  upsertConversation(entry: StoredConversation): Promise<void>;
  removeConversation(key: string): Promise<void>;
  personalConversation(userAadObjectId: string): Promise<StoredConversation | undefined>;
  conversation(key: string): Promise<StoredConversation | undefined>;
  conversations(): Promise<StoredConversation[]>;
}
