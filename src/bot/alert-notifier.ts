import { CardFactory, MessageFactory, type CloudAdapter, type TurnContext } from 'botbuilder';
import type { AlertCardLocation, Incident } from '../alerts/types';
import type { Logger } from '../logging';
import type { AlertNotifier, WeeklyDigest } from '../services/alert-notifier';
import type { ConversationReferenceStore, StoredConversation } from '../store/conversation-references';
import { messagesFor, type Messages } from './i18n';
import { inConversation } from './proactive-send';
import { renderCard } from './render';
import { alertCardView } from './views/alert-view';
import { digestView } from './views/digest-view';

export interface AlertNotifierOptions {
  botAppId: string;
  /** Conversation id of the Teams channel that also gets every alert (the bot must be in that team). */
  approvalChannelId?: string;
}

/** Proactive alert cards through the Bot Connector: posted once per approver, edited in place afterwards. */
export class ProactiveAlertNotifier implements AlertNotifier {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly conversations: ConversationReferenceStore,
    private readonly logger: Logger,
    private readonly options: AlertNotifierOptions,
  ) {}

  /** The alert card in `m`'s language (English when not given). */
  static card(incident: Incident, notice?: string, m: Messages = messagesFor('en')): Record<string, unknown> {
    return renderCard('alert', alertCardView(incident, { notice, messages: m }));
  }

  /**
   * The language of a stored conversation, as for request cards: the person's own in a personal chat; channels
   * and group chats are read by many (English), as are conversations stored before languages were.
   */
  private static messagesOf(conversation: StoredConversation): Messages {
    return messagesFor(conversation.conversationType === 'personal' ? conversation.locale : undefined);
  }

  async postIncidentCard(incident: Incident, aadObjectId: string): Promise<AlertCardLocation | undefined> {
    const conversation = await this.conversations.personalConversation(aadObjectId);
    if (!conversation) return undefined;
    const activityId = await this.post(conversation, ProactiveAlertNotifier.card(incident, undefined, ProactiveAlertNotifier.messagesOf(conversation)));
    return activityId ? { conversationKey: conversation.key, activityId, role: 'approver', aadObjectId: aadObjectId.toLowerCase() } : undefined;
  }

  async postChannelIncidentCard(incident: Incident): Promise<AlertCardLocation | undefined> {
    const channel = await this.channel();
    if (!channel) return undefined;
    const activityId = await this.post(channel, ProactiveAlertNotifier.card(incident, undefined, ProactiveAlertNotifier.messagesOf(channel)));
    return activityId ? { conversationKey: channel.key, activityId, role: 'channel' } : undefined;
  }

  async updateIncidentCards(incident: Incident): Promise<void> {
    // Each copy in its reader's language (as stored now: it follows their Teams client); rendered once per language.
    const cards = new Map<string, Record<string, unknown>>();
    for (const location of incident.cards) {
      const conversation = await this.conversations.conversation(location.conversationKey);
      if (!conversation) continue;
      const m = ProactiveAlertNotifier.messagesOf(conversation);
      const card = cards.get(m.language) ?? ProactiveAlertNotifier.card(incident, undefined, m);
      cards.set(m.language, card);
      await this.send(conversation, async (ctx) => {
        await ctx.updateActivity({ id: location.activityId, type: 'message', attachments: [CardFactory.adaptiveCard(card)] });
        return location.activityId;
      });
    }
  }

  async postDigest(digest: WeeklyDigest, aadObjectId?: string): Promise<boolean> {
    const conversation = aadObjectId ? await this.conversations.personalConversation(aadObjectId) : await this.channel();
    if (!conversation) return false;
    return Boolean(await this.post(conversation, renderCard('digest', digestView(digest, ProactiveAlertNotifier.messagesOf(conversation)))));
  }

  async reachablePeople(): Promise<string[]> {
    return (await this.conversations.conversations()).filter((c) => c.conversationType === 'personal' && c.userAadObjectId).map((c) => c.userAadObjectId!);
  }

  async audienceFingerprint(): Promise<string> {
    const all = await this.conversations.conversations();
    return all
      .filter((c) => (c.conversationType === 'personal' && c.userAadObjectId) || c.conversationId === this.options.approvalChannelId)
      .map((c) => c.key)
      .sort()
      .join(',');
  }

  private async channel(): Promise<StoredConversation | undefined> {
    if (!this.options.approvalChannelId) return undefined;
    const channel = (await this.conversations.conversations()).find((c) => c.conversationId === this.options.approvalChannelId);
    if (!channel) this.logger.warn({ channel: this.options.approvalChannelId }, 'approval channel not known: add the bot to that team first');
    return channel;
  }

  private post(conversation: StoredConversation, card: Record<string, unknown>): Promise<string | undefined> {
    return this.send(conversation, async (ctx) => (await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card))))?.id);
  }

  private send(conversation: StoredConversation, work: (ctx: TurnContext) => Promise<string | undefined>): Promise<string | undefined> {
    return inConversation({ adapter: this.adapter, botAppId: this.options.botAppId, conversations: this.conversations, logger: this.logger }, conversation, work, 'proactive alert');
  }
}
