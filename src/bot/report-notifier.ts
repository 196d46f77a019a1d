import { CardFactory, MessageFactory, type CloudAdapter } from 'botbuilder';
import type { Logger } from '../logging';
import type { ReportNotifier, ScheduledReport } from '../services/report-notifier';
import type { ConversationReferenceStore, StoredConversation } from '../store/conversation-references';
import { messagesFor } from './i18n';
import { ANY_APPROVER, type ReportHandlers } from './report-handlers';
import { inConversation } from './proactive-send';

export interface ReportNotifierOptions {
  botAppId: string;
  /** Conversation id of the Teams channel that also gets the scheduled report (the bot must be in that team). */
  approvalChannelId?: string;
}

/**
 * The scheduled report through the Bot Connector: each approver gets the card in their personal chat, in their own
 * language, with one-time links minted for them; the approval channel gets a copy whose links any approver may renew.
 */
export class ProactiveReportNotifier implements ReportNotifier {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly conversations: ConversationReferenceStore,
    private readonly reports: Pick<ReportHandlers, 'offer' | 'release'>,
    private readonly logger: Logger,
    private readonly options: ReportNotifierOptions,
  ) {}

  async postScheduledReport(report: ScheduledReport, aadObjectId: string): Promise<boolean> {
    const conversation = await this.conversations.personalConversation(aadObjectId);
    if (!conversation) return false;
    const card = this.reports.offer(report.built, aadObjectId.toLowerCase(), messagesFor(conversation.locale), { period: report.period, channel: false });
    return this.send(conversation, card);
  }

  async postScheduledReportToChannel(report: ScheduledReport): Promise<boolean> {
    if (!this.options.approvalChannelId) return false;
    const channel = (await this.conversations.conversations()).find((c) => c.conversationId === this.options.approvalChannelId);
    if (!channel) {
      this.logger.warn({ channel: this.options.approvalChannelId }, 'approval channel not known: add the bot to that team first');
      return false;
    }
    const card = this.reports.offer(report.built, ANY_APPROVER, messagesFor(channel.locale), { period: report.period, channel: true });
    return this.send(channel, card);
  }

  async reachablePeople(): Promise<string[]> {
    return (await this.conversations.conversations()).filter((c) => c.conversationType === 'personal' && c.userAadObjectId).map((c) => c.userAadObjectId!);
  }

  release(report: ScheduledReport): void {
    this.reports.release(report.built);
  }

  private async send(conversation: StoredConversation, card: Record<string, unknown>): Promise<boolean> {
    const sent = await inConversation(
      { adapter: this.adapter, botAppId: this.options.botAppId, conversations: this.conversations, logger: this.logger },
      conversation,
      async (ctx) => {
        await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
        return true;
      },
      'scheduled report',
    );
    return sent === true;
  }
}
