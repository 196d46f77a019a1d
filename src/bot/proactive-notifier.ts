import { CardFactory, MessageFactory, type CloudAdapter, type TurnContext } from 'botbuilder';
import type { Logger } from '../logging';
import type { Notice, RequestNotifier } from '../services/request-notifier';
import type { CardLocation, LicenseRequest } from '../requests/request';
import type { ConversationReferenceStore, StoredConversation } from '../store/conversation-references';
import { inConversation } from './proactive-send';
import { renderCard } from './render';
import { messagesFor, type MessageKey, type Messages } from './i18n';
import { messageView } from './views/simple-views';
import { failureText, requestCardView, type RequestViewer } from './views/request-view';
import { batchCardView } from './views/batch-view';

export interface NotifierOptions {
  botAppId: string;
  /** Conversation id of a Teams channel where every request card is also posted (the bot must be in that team). */
  approvalChannelId?: string;
  /** MRIs of the approvers, for the channel card's refresh (≤ 60). */
  approverMris?: () => Promise<string[]>;
}

/** Titles of the buttons services put under a notice, by verb (the services name the verb, the bot words it). */
const ACTION_TITLES: Record<string, MessageKey> = {
  'temporary.extend': 'temporary.action.extend',
  'temporary.revert': 'temporary.action.revert-anyway',
  'temporary.keep': 'temporary.action.keep',
  'batch.csv': 'batch.action.download',
};
const INPUT_LABELS: Record<string, MessageKey> = { duration: 'temporary.input.extend' };

function viewerFor(location: CardLocation): RequestViewer {
  return location.role === 'approver' ? 'approver' : location.role === 'requester' ? 'requester' : 'readonly';
}

/** Proactive messages and card edits through the Bot Connector, for the request flow. */
export class ProactiveNotifier implements RequestNotifier {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly conversations: ConversationReferenceStore,
    private readonly logger: Logger,
    private readonly options: NotifierOptions,
  ) {}

  /** The request card as `viewer` sees it, in their language; refresh goes to the people of that conversation. */
  static card(request: LicenseRequest, viewer: RequestViewer, refreshUserIds: string[], m: Messages = messagesFor('en')): Record<string, unknown> {
    if (request.batch) return renderCard('batch-request', batchCardView(request, viewer, refreshUserIds, m));
    return renderCard('request', requestCardView(request, viewer, refreshUserIds, m));
  }

  /**
   * The language of a stored conversation: the person's own in a personal chat; channels and group chats are
   * read by many, so they get the default (English), as are entries saved before languages were stored.
   */
  private static messagesOf(conversation: StoredConversation): Messages {
    return messagesFor(conversation.conversationType === 'personal' ? conversation.locale : undefined);
  }

  async postRequestCard(request: LicenseRequest, role: 'approver' | 'requester', aadObjectId: string): Promise<CardLocation | undefined> {
    const conversation = await this.conversations.personalConversation(aadObjectId);
    if (!conversation) return undefined;
    const card = ProactiveNotifier.card(request, role, conversation.userMri ? [conversation.userMri] : [], ProactiveNotifier.messagesOf(conversation));
    const activityId = await this.send(conversation, async (ctx) => (await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card))))?.id);
    return activityId ? { conversationKey: conversation.key, activityId, role, aadObjectId } : undefined;
  }

  async postChannelCard(request: LicenseRequest): Promise<CardLocation | undefined> {
    if (!this.options.approvalChannelId) return undefined;
    const channel = (await this.conversations.conversations()).find((c) => c.conversationId === this.options.approvalChannelId);
    if (!channel) {
      this.logger.warn({ channel: this.options.approvalChannelId }, 'approval channel not known: add the bot to that team first');
      return undefined;
    }
    const mris = ((await this.options.approverMris?.()) ?? []).slice(0, 60);
    const card = ProactiveNotifier.card(request, 'readonly', mris, ProactiveNotifier.messagesOf(channel));
    const activityId = await this.send(channel, async (ctx) => (await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card))))?.id);
    return activityId ? { conversationKey: channel.key, activityId, role: 'channel' } : undefined;
  }

  async updateRequestCards(request: LicenseRequest): Promise<void> {
    const mris = request.cards.some((c) => c.role === 'channel') ? ((await this.options.approverMris?.()) ?? []).slice(0, 60) : [];
    for (const location of request.cards) {
      const conversation = await this.conversations.conversation(location.conversationKey);
      if (!conversation) continue;
      const refresh = location.role === 'channel' ? mris : conversation.userMri ? [conversation.userMri] : [];
      const card = ProactiveNotifier.card(request, viewerFor(location), request.status === 'pending' ? refresh : [], ProactiveNotifier.messagesOf(conversation));
      await this.send(conversation, async (ctx) => {
        await ctx.updateActivity({ id: location.activityId, type: 'message', attachments: [CardFactory.adaptiveCard(card)] });
        return location.activityId;
      });
    }
  }

  async tell(aadObjectId: string, notice: Notice, request?: LicenseRequest): Promise<boolean> {
    const conversation = await this.conversations.personalConversation(aadObjectId);
    if (!conversation) return false;
    const m = ProactiveNotifier.messagesOf(conversation);
    const values = { ...notice.values };
    // A failure is re-said from the request itself, so it reads in the recipient's language too.
    if (request?.execution?.failure && 'reason' in values) values.reason = failureText(m, request.execution.failure);
    const title = m.t(`${notice.key}.title` as MessageKey, values);
    const text = m.t(`${notice.key}.text` as MessageKey, values);
    const card = renderCard(
      'message',
      messageView(title, text, {
        lang: m.language,
        footer: request ? m.t('notify.footer', { id: request.id }) : '',
        actions: (notice.actions ?? []).map((a) => ({ title: m.t(ACTION_TITLES[a.verb] ?? (a.key as MessageKey)), verb: a.verb, data: a.data })),
        ...(notice.input ? { input: { id: notice.input.id, label: m.t(INPUT_LABELS[notice.input.id] ?? (notice.input.key as MessageKey)), value: notice.input.value } } : {}),
      }),
    );
    return Boolean(await this.send(conversation, async (ctx) => (await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card))))?.id));
  }

  async reachablePeople(): Promise<string[]> {
    return (await this.conversations.conversations()).filter((c) => c.conversationType === 'personal' && c.userAadObjectId).map((c) => c.userAadObjectId!);
  }

  private send(conversation: StoredConversation, work: (ctx: TurnContext) => Promise<string | undefined>): Promise<string | undefined> {
    return inConversation({ adapter: this.adapter, botAppId: this.options.botAppId, conversations: this.conversations, logger: this.logger }, conversation, work, 'proactive message');
  }
}
