import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { Logger } from '../logging';
import type { ConversationReferenceStore, StoredConversation } from '../store/conversation-references';

/**
 * Runs `work` in a stored conversation (a proactive send or edit) and returns what it returns. A 403/404 from the
 * Bot Connector means the person removed the bot or the conversation is gone: its reference is forgotten, so it is
 * not tried again. Never throws: a proactive message that cannot be delivered is logged and answered undefined.
 */
export async function inConversation<T>(
  deps: { adapter: CloudAdapter; botAppId: string; conversations: ConversationReferenceStore; logger: Logger },
  conversation: StoredConversation,
  work: (ctx: TurnContext) => Promise<T | undefined>,
  what = 'proactive message',
): Promise<T | undefined> {
  let result: T | undefined;
  try {
    await deps.adapter.continueConversationAsync(deps.botAppId, conversation.reference as never, async (ctx) => {
      result = await work(ctx);
    });
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 403 || status === 404) {
      await deps.conversations.removeConversation(conversation.key);
      deps.logger.warn({ conversation: conversation.key, status }, 'conversation no longer reachable; reference removed');
    } else {
      deps.logger.warn({ conversation: conversation.key, err: (error as Error).message }, `${what} failed`);
    }
    return undefined;
  }
  return result;
}
