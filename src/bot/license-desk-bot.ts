import {
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
} from 'botbuilder';
import { z } from 'zod';
import { isGraphRequestError } from '../graph/errors';
import type { Logger } from '../logging';
import type { LicenseLookup, LicenseQueries } from '../services/license-queries';
import type { ConversationReferenceStore } from '../store/conversation-references';
import { BUDGET_USAGE, MAX_COMMAND_LENGTH, normaliseText, parseCommand, REQUEST_USAGE, type Mention, type UserRef } from './command-parser';
import { renderCard, type CardName } from './render';
import { turnOf } from './turn';
import { licenseCardView } from './views/license-view';
import { errorView, helpView, messageFrom, welcomeView } from './views/simple-views';
import { localeOf, messagesOf, type Messages } from './i18n';
import { errorResponse, type RequestHandlers } from './request-handlers';
import type { ReportHandlers } from './report-handlers';
import type { SearchHandlers } from './search-handlers';
import type { ConversationHandlers } from './conversation-handlers';
import type { LicenseAnswers, PersonLookup } from '../services/license-answers';
import { ambiguousPersonView } from './views/answer-views';
import type { AlertHandlers } from './alert-handlers';
import type { BudgetHandlers } from './budget-handlers';
import type { BatchCsvHandlers } from './batch-csv-handlers';
import type { TemporaryHandlers } from './temporary-handlers';

const HANDLED_INVOKES = new Set(['adaptiveCard/action', 'application/search']);

/** The adaptiveCard/action invoke value as Teams sends it; only the shape is checked here, the rules come later. */
const CardActionInvoke = z.object({
  action: z.object({ type: z.literal('Action.Execute'), verb: z.string().min(1).max(100), data: z.unknown().optional() }).passthrough(),
  trigger: z.enum(['manual', 'automatic']).optional(),
}).passthrough();

export interface LicenseDeskBotDeps {
  licenses: LicenseQueries;
  requests: RequestHandlers;
  reports: ReportHandlers;
  search: SearchHandlers;
  conversation: ConversationHandlers;
  answers: LicenseAnswers;
  alerts: AlertHandlers;
  conversations: ConversationReferenceStore;
  logger: Logger;
  budgets?: BudgetHandlers;
  batchCsv?: BatchCsvHandlers;
  temporary?: TemporaryHandlers;
}

const REFERENCE_REFRESH_MS = 10 * 60_000;

export class LicenseDeskBot extends TeamsActivityHandler {
  private readonly recentlySaved = new Map<string, { fingerprint: string; at: number }>();

  constructor(private readonly deps: LicenseDeskBotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.rememberConversation(context);
      await this.handleMessage(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.rememberConversation(context);
      await this.sendCard(context, 'welcome', welcomeView(messagesOf(context)));
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await this.forgetConversation(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      // Teams sends installationUpdate too, but not every client does: greet once, when the bot itself joins.
      const botJoined = context.activity.membersAdded?.some((m) => m.id === context.activity.recipient?.id);
      if (botJoined && context.activity.conversation?.conversationType !== 'personal') {
        await this.rememberConversation(context);
        // A team or group chat is read by many people: the default language (English), not the installer's.
        await this.sendCard(context, 'welcome', welcomeView());
      }
      await next();
    });
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const m = messagesOf(context);
    if (!activity.text && activity.value) {
      // A card's Action.Submit posts its data without text: treat like the command it carries.
      await this.sendCard(context, 'help', helpView('', undefined, m));
      return;
    }
    const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
    const command = parseCommand(text, this.mentionsOf(context));
    switch (command.kind) {
      case 'my-license':
        return this.answerLicenses(context, { kind: 'self' });
      case 'license':
        return this.answerLicenses(context, command.target);
      case 'help':
        return this.sendCard(context, 'help', helpView(m.t('answer.help.intro'), undefined, m));
      case 'request':
        return this.guard(context, () => this.deps.requests.submitFromText(context, command));
      case 'bulk-request':
        return this.guard(context, () => this.deps.requests.submitBulkFromText(context, command));
      case 'budget':
        return this.guard(context, async () => (this.deps.budgets ? this.deps.budgets.set(context, command.words, command.limit) : this.sendCard(context, 'help', helpView('', undefined, m))));
      case 'budgets':
        return this.guard(context, async () => (this.deps.budgets ? this.deps.budgets.list(context) : this.sendCard(context, 'help', helpView('', undefined, m))));
      case 'request-form':
        return this.guard(context, () => this.deps.requests.showForm(context));
      case 'requests':
        return this.guard(context, () => this.deps.requests.list(context));
      case 'report':
        return this.guard(context, () => this.deps.reports.onCommand(context));
      case 'cancel':
        return this.guard(context, () => this.deps.requests.cancelFromText(context, command.requestId));
      case 'alerts':
        return this.guard(context, () => this.deps.alerts.list(context));
      case 'alerts-switch':
        return this.guard(context, () => this.deps.alerts.switchKind(context, command.alertKind, command.on));
      case 'empty':
        return this.sendCard(context, 'help', helpView(m.t('help.intro.empty'), undefined, m));
      case 'too-long':
        return this.sendCard(context, 'message', messageFrom(m, 'message.too-long', { max: MAX_COMMAND_LENGTH, length: command.length }, { color: 'Warning' }));
      case 'invalid':
        // "license question: do I have Visio?" starts like a command but is a question: answer it when understood.
        return this.guard(context, async () => {
          if (await this.deps.conversation.answerIfUnderstood(context, normaliseText(text))) return;
          await this.sendCard(context, 'message', { ...messageFrom(m, 'message.invalid', { usage: usageText(m, command.usage) }, { color: 'Warning' }), title: invalidReason(m, command) });
        });
      case 'unknown':
        return this.guard(context, () => this.deps.conversation.onText(context, command.text));
    }
  }

  /** Runs a command; Graph and other failures become the friendly error card. */
  private async guard(context: TurnContext, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      await this.sendFailure(context, error);
    }
  }

  private mentionsOf(context: TurnContext): Mention[] {
    const botId = context.activity.recipient?.id;
    return (context.activity.entities ?? [])
      .filter((e) => e.type === 'mention' && e.mentioned?.id && e.mentioned.id !== botId)
      .map((e) => ({ id: e.mentioned.id, name: e.mentioned.name ?? '', aadObjectId: e.mentioned.aadObjectId, text: e.text ?? '' }));
  }

  private async answerLicenses(context: TurnContext, target: UserRef): Promise<void> {
    const actorId = turnOf(context, this.deps.logger).actor?.aadObjectId;
    const m = messagesOf(context);
    if (!actorId) {
      await this.sendCard(context, 'message', messageFrom(m, 'message.no-user.licenses', {}, { color: 'Warning' }));
      return;
    }
    try {
      let lookup: LicenseLookup;
      if (target.kind === 'self') {
        lookup = await this.deps.licenses.mine(actorId);
      } else if (target.kind === 'name') {
        // A display name: the same viewing rules; several matches are listed to pick from.
        const found = await this.deps.answers.lookup(actorId, { kind: 'name', value: target.value });
        if (found.kind === 'ambiguous') {
          await this.sendCard(context, 'answer', ambiguousPersonView(m, found.query, found.candidates));
          return;
        }
        lookup = found;
      } else {
        const query = target.kind === 'address' ? target.value : await this.aadObjectIdOfMention(context, target.mention);
        if (!query) {
          await this.sendCard(context, 'message', target.kind === 'mention' ? messageFrom(m, 'message.unidentified.mention', { name: target.mention.name }, { color: 'Warning' }) : messageFrom(m, 'message.unidentified.that', {}, { color: 'Warning' }));
          return;
        }
        lookup = await this.deps.licenses.of(actorId, query);
      }
      await this.sendLookup(context, lookup);
    } catch (error) {
      await this.sendFailure(context, error);
    }
  }

  private async aadObjectIdOfMention(context: TurnContext, mention: Mention): Promise<string | undefined> {
    if (mention.aadObjectId) return mention.aadObjectId;
    try {
      return (await TeamsInfo.getMember(context, mention.id)).aadObjectId;
    } catch (error) {
      turnOf(context, this.deps.logger).logger.warn({ err: (error as Error).message }, 'could not resolve mention');
      return undefined;
    }
  }

  /** A license lookup's answer card; `m` when the answer's language is not the client's (free text). */
  async sendLookup(context: TurnContext, lookup: PersonLookup, m: Messages = messagesOf(context)): Promise<void> {
    switch (lookup.kind) {
      case 'ambiguous':
        await this.sendCard(context, 'answer', ambiguousPersonView(m, lookup.query, lookup.candidates));
        return;
      case 'ok':
        await this.sendCard(context, 'license', licenseCardView(lookup.resolution, { self: lookup.self, groupNames: lookup.groupNames, readAt: lookup.readAt, messages: m }));
        return;
      case 'not-found':
        await this.sendCard(context, 'message', messageFrom(m, lookup.query.includes('@') ? 'message.no-such-user' : 'message.no-such-person', { query: lookup.query }, { color: 'Warning' }));
        return;
      case 'refused': {
        const turn = turnOf(context, this.deps.logger);
        turn.logger.warn({ actor: turn.actor?.aadObjectId }, 'refused: license lookup of another user');
        await this.sendCard(context, 'message', messageFrom(m, 'message.not-yours', {}, { color: 'Warning' }));
        return;
      }
    }
  }

  private async sendFailure(context: TurnContext, error: unknown): Promise<void> {
    const { correlationId, logger } = turnOf(context, this.deps.logger);
    const m = messagesOf(context);
    if (isGraphRequestError(error, 'not-found')) {
      logger.warn({ err: error.message, graphRequestId: error.requestId }, 'user not found in Graph');
      await this.sendCard(context, 'message', messageFrom(m, 'message.not-in-directory', {}, { color: 'Warning', footer: m.t('common.reference', { id: correlationId }) }));
      return;
    }
    logger.error({ err: error instanceof Error ? { message: error.message, name: error.name, stack: error.stack } : error, graphRequestId: isGraphRequestError(error) ? error.requestId : undefined }, 'license lookup failed');
    const text = isGraphRequestError(error, 'throttled') ? m.t('error.graph-busy') : isGraphRequestError(error) ? m.t('error.graph-unreadable') : undefined;
    await this.sendCard(context, 'error', errorView(correlationId, text, m));
  }

  private async sendCard(context: TurnContext, name: CardName, view: object): Promise<void> {
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(renderCard(name, view))));
  }

  private async rememberConversation(context: TurnContext): Promise<void> {
    const a = context.activity;
    const { tenantId, conversationKey: key, conversationType: type, actor } = turnOf(context, this.deps.logger);
    if (!tenantId || !key) return;
    const reference = TurnContext.getConversationReference(a) as unknown as Record<string, unknown>;
    // activityId changes with every message and is not needed to write to the conversation later.
    const { activityId: _activityId, ...stable } = reference;
    const fingerprint = `${JSON.stringify(stable)}|${actor?.aadObjectId}`;
    const known = this.recentlySaved.get(key);
    // Every message carries the reference; write it only when it changed or was not written for a while
    // (another instance may have removed it on an uninstall), and always on install.
    if (a.type !== 'installationUpdate' && known && known.fingerprint === fingerprint && Date.now() - known.at < REFERENCE_REFRESH_MS) return;
    if (this.recentlySaved.size > 10_000) this.recentlySaved.clear();
    this.recentlySaved.set(key, { fingerprint, at: Date.now() });
    await this.deps.conversations.upsertConversation({
      key,
      tenantId,
      conversationId: a.conversation.id,
      conversationType: type,
      userAadObjectId: type === 'personal' ? actor?.aadObjectId : undefined,
      userMri: type === 'personal' ? a.from?.id : undefined,
      // The person's language, for messages sent to them later (approval cards, outcomes, expiry notices).
      locale: type === 'personal' && a.locale ? localeOf(a.locale) : undefined,
      reference,
      updatedAt: new Date().toISOString(),
    });
  }

  private async forgetConversation(context: TurnContext): Promise<void> {
    const { conversationKey: key } = turnOf(context, this.deps.logger);
    if (!key) return;
    this.recentlySaved.delete(key);
    await this.deps.conversations.removeConversation(key);
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const verb = typeof invokeValue.action?.verb === 'string' ? invokeValue.action.verb : '';
    try {
      if (verb.startsWith('report.')) return await this.deps.reports.onAction(context, verb, invokeValue.action?.data);
      if (verb.startsWith('ask.')) return await this.deps.conversation.onAction(context, verb, invokeValue.action?.data);
      if (verb.startsWith('alert.')) return await this.deps.alerts.onAction(context, verb, invokeValue.action?.data);
      if (verb.startsWith('batch.') && this.deps.batchCsv) return await this.deps.batchCsv.onAction(context, verb, invokeValue.action?.data);
      if (verb.startsWith('temporary.') && this.deps.temporary) return await this.deps.temporary.onAction(context, verb, invokeValue.action?.data);
      return await this.deps.requests.onAction(context, verb, invokeValue.action?.data);
    } catch (error) {
      const { correlationId, logger } = turnOf(context, this.deps.logger);
      logger.error({ err: (error as Error).message, verb: verb.slice(0, 50), graphRequestId: isGraphRequestError(error) ? error.requestId : undefined }, 'card action failed');
      const status = isGraphRequestError(error, 'throttled') ? 503 : 500;
      return errorResponse(status, 'ActionFailed', messagesOf(context).t('error.action-failed', { id: correlationId }));
    }
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (!HANDLED_INVOKES.has(String(context.activity.name))) {
      // Teams sends many invoke kinds (message extensions, task modules, file consent…); License Desk uses none of
      // them, and botbuilder's own handlers throw on malformed values. A clear 400, never a 5xx.
      turnOf(context, this.deps.logger).logger.warn({ name: String(context.activity.name).slice(0, 50) }, 'refused: unhandled invoke');
      return { status: 400, body: { code: 'UnknownInvoke', message: `License Desk does not handle "${String(context.activity.name).slice(0, 50)}".` } };
    }
    if (context.activity.name === 'adaptiveCard/action' && !CardActionInvoke.safeParse(context.activity.value).success) {
      // botbuilder itself would throw on a value without an action: answer as the bad request it is.
      turnOf(context, this.deps.logger).logger.warn({}, 'refused: malformed card action');
      return { status: 400, body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'A card action needs { action: { type: "Action.Execute", verb } }.' } } };
    }
    if (context.activity.name === 'application/search') return this.deps.search.onSearch(context);
    return super.onInvokeActivity(context);
  }
}

/** The parser's usage line with its placeholders in the reader's language. */
function usageText(m: Messages, usage: string): string {
  return usage === REQUEST_USAGE ? m.t('help.usage.request.full') : usage === 'license ‹user›' ? m.t('help.usage.license') : usage === BUDGET_USAGE ? m.t('help.usage.budget') : usage;
}

/** The parser says what is wrong as a code; the English reason is kept for anything it does not code. */
function invalidReason(m: Messages, command: { reason: string; reasonCode?: string; reasonValues?: Record<string, string | number> }): string {
  return command.reasonCode && m.has(command.reasonCode) ? m.t(command.reasonCode, command.reasonValues) : command.reason;
}
