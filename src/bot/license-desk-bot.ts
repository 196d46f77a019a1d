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
import { MAX_COMMAND_LENGTH, parseCommand, type Mention, type UserRef } from './command-parser';
import { renderCard, type CardName } from './render';
import { turnOf } from './turn';
import { licenseCardView } from './views/license-view';
import { errorView, helpView, messageView, welcomeView } from './views/simple-views';
import { errorResponse, type RequestHandlers } from './request-handlers';
import type { ReportHandlers } from './report-handlers';
import type { AlertHandlers } from './alert-handlers';

const HANDLED_INVOKES = new Set(['adaptiveCard/action']);

/** The adaptiveCard/action invoke value as Teams sends it; only the shape is checked here, the rules come later. */
const CardActionInvoke = z.object({
  action: z.object({ type: z.literal('Action.Execute'), verb: z.string().min(1).max(100), data: z.unknown().optional() }).passthrough(),
  trigger: z.enum(['manual', 'automatic']).optional(),
}).passthrough();

export interface LicenseDeskBotDeps {
  licenses: LicenseQueries;
  requests: RequestHandlers;
  reports: ReportHandlers;
  alerts: AlertHandlers;
  conversations: ConversationReferenceStore;
  logger: Logger;
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
      await this.sendCard(context, 'welcome', welcomeView());
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
        await this.sendCard(context, 'welcome', welcomeView());
      }
      await next();
    });
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (!activity.text && activity.value) {
      // A card's Action.Submit posts its data without text: treat like the command it carries.
      await this.sendCard(context, 'help', helpView());
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
        return this.sendCard(context, 'help', helpView());
      case 'request':
        return this.guard(context, () => this.deps.requests.submitFromText(context, command));
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
        return this.sendCard(context, 'help', helpView('Send me a command, for example "my license".'));
      case 'too-long':
        return this.sendCard(context, 'message', messageView('That message is too long', `Commands are short: at most ${MAX_COMMAND_LENGTH} characters. Yours had ${command.length}.`, { color: 'Warning' }));
      case 'invalid':
        return this.sendCard(context, 'message', messageView(command.reason, `Usage: ${command.usage}`, { color: 'Warning' }));
      case 'unknown':
        return this.sendCard(context, 'help', helpView(`I did not understand "${command.text.slice(0, 100)}". Here is what I can do:`));
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
    if (!actorId) {
      await this.sendCard(context, 'message', messageView('I cannot tell who you are', 'This message carries no Microsoft Entra ID user, so I cannot look up licenses. Use License Desk from Microsoft Teams.', { color: 'Warning' }));
      return;
    }
    try {
      let lookup: LicenseLookup;
      if (target.kind === 'self') {
        lookup = await this.deps.licenses.mine(actorId);
      } else {
        const query = target.kind === 'address' ? target.value : await this.aadObjectIdOfMention(context, target.mention);
        if (!query) {
          await this.sendCard(context, 'message', messageView('I could not identify that person', `Teams did not tell me who ${target.kind === 'mention' ? target.mention.name : 'that'} is. Try their email address.`, { color: 'Warning' }));
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

  private async sendLookup(context: TurnContext, lookup: LicenseLookup): Promise<void> {
    switch (lookup.kind) {
      case 'ok':
        await this.sendCard(context, 'license', licenseCardView(lookup.resolution, { self: lookup.self, groupNames: lookup.groupNames, readAt: lookup.readAt }));
        return;
      case 'not-found':
        await this.sendCard(context, 'message', messageView('No such user', `I found nobody with the address ${lookup.query} in this organization.`, { color: 'Warning' }));
        return;
      case 'refused':
        turnOf(context, this.deps.logger).logger.warn({ actor: turnOf(context, this.deps.logger).actor?.aadObjectId }, 'refused: license lookup of another user');
        await this.sendCard(context, 'message', messageView('That is not yours to see', "Only a person's managers and the license approvers can see their licenses. Ask them, or ask about your own with \"my license\".", { color: 'Warning' }));
        return;
    }
  }

  private async sendFailure(context: TurnContext, error: unknown): Promise<void> {
    const { correlationId, logger } = turnOf(context, this.deps.logger);
    if (isGraphRequestError(error, 'not-found')) {
      logger.warn({ err: error.message, graphRequestId: error.requestId }, 'user not found in Graph');
      await this.sendCard(context, 'message', messageView('You are not in the directory', 'Microsoft Graph does not know your account in this organization, so I cannot show licenses.', { color: 'Warning', footer: `Reference: ${correlationId}` }));
      return;
    }
    logger.error({ err: error instanceof Error ? { message: error.message, name: error.name, stack: error.stack } : error, graphRequestId: isGraphRequestError(error) ? error.requestId : undefined }, 'license lookup failed');
    const text = isGraphRequestError(error, 'throttled')
      ? 'Microsoft Graph is busy right now. Please try again in a minute.'
      : isGraphRequestError(error)
        ? 'I could not read licenses from Microsoft Graph just now. Please try again in a minute; if it keeps happening, give this reference to your admin.'
        : undefined;
    await this.sendCard(context, 'error', errorView(correlationId, text));
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
      if (verb.startsWith('alert.')) return await this.deps.alerts.onAction(context, verb, invokeValue.action?.data);
      return await this.deps.requests.onAction(context, verb, invokeValue.action?.data);
    } catch (error) {
      const { correlationId, logger } = turnOf(context, this.deps.logger);
      logger.error({ err: (error as Error).message, verb: verb.slice(0, 50), graphRequestId: isGraphRequestError(error) ? error.requestId : undefined }, 'card action failed');
      const status = isGraphRequestError(error, 'throttled') ? 503 : 500;
      return errorResponse(status, 'ActionFailed', `That did not work; please try again. Reference: ${correlationId}`);
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
    return super.onInvokeActivity(context);
  }
}
