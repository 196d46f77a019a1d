import { CardFactory, MessageFactory, type AdaptiveCardInvokeResponse, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import { ALERT_KINDS, parseAlertKind } from '../alerts/kinds';
import { INCIDENT_ID } from '../alerts/incident-id';
import type { Logger } from '../logging';
import type { AlertService } from '../services/alert-service';
import { ProactiveAlertNotifier } from './alert-notifier';
import { renderCard } from './render';
import { cardResponse, errorResponse } from './request-handlers';
import { turnOf } from './turn';
import { alertsListView } from './views/alerts-list-view';
import { messageView } from './views/simple-views';

/** What an alert card action may carry: only the incident id; everything else comes from the store. */
const IncidentData = z.object({ incidentId: z.string().regex(INCIDENT_ID) });

export interface AlertHandlersDeps {
  alerts: AlertService;
  /** The request form, pre-filled (RequestHandlers.formCardFor). */
  requestForm: (values: { target: string; product: string; reason: string }) => Promise<Record<string, unknown>>;
  logger: Logger;
}

const NOT_APPROVER = messageView('Alerts are for license approvers', 'They name people and their licenses, so only members of the license approvers group get them. Ask one of them.', { color: 'Warning' });

/** Chat and card handling for the tenant watcher's alerts; the rules live in AlertService. */
export class AlertHandlers {
  constructor(private readonly deps: AlertHandlersDeps) {}

  /** `alerts`: the open incidents (approvers, personal chat). */
  async list(context: TurnContext): Promise<void> {
    const turn = turnOf(context, this.deps.logger);
    if (!turn.actor) return this.reply(context, messageView('I cannot tell who you are', 'This message carries no Microsoft Entra ID user.', { color: 'Warning' }));
    const outcome = await this.deps.alerts.list(turn.actor);
    if (outcome.kind === 'not-approver') {
      turn.logger.warn({ actor: turn.actor.aadObjectId }, 'refused: alerts listed by a non-approver');
      return this.reply(context, NOT_APPROVER);
    }
    if (turn.conversationType !== 'personal') {
      return this.reply(context, messageView('Ask me in our personal chat', 'Alerts name people and their licenses, so I list them only in your personal chat with License Desk.', { color: 'Warning' }));
    }
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(renderCard('alerts', alertsListView(outcome.incidents, outcome.preferences)))));
  }

  /** `alerts off <kind>` / `alerts on <kind>`. */
  async switchKind(context: TurnContext, kindText: string, on: boolean): Promise<void> {
    const turn = turnOf(context, this.deps.logger);
    if (!turn.actor) return this.reply(context, messageView('I cannot tell who you are', 'This message carries no Microsoft Entra ID user.', { color: 'Warning' }));
    const kind = parseAlertKind(kindText);
    if (!kind) {
      return this.reply(context, messageView(`No alert kind "${kindText.slice(0, 40)}"`, `Say one of: ${ALERT_KINDS.join(', ')}.`, { color: 'Warning', footer: `Usage: alerts ${on ? 'on' : 'off'} ‹kind›` }));
    }
    const outcome = await this.deps.alerts.switchKind(turn.actor, kind, on);
    if (outcome.kind === 'not-approver') return this.reply(context, NOT_APPROVER);
    const off = outcome.preferences.off;
    await this.reply(
      context,
      messageView(on ? `${kind} alerts are on` : `${kind} alerts are off`, on ? `You get ${kind} alerts again, starting with the open ones.` : `You no longer get ${kind} alerts. Cards already sent stay up to date.`, {
        color: 'Good',
        footer: off.length ? `Switched off: ${off.join(', ')}.` : 'You get every kind of alert.',
      }),
    );
  }

  /** Card actions whose verb starts with `alert.`. */
  async onAction(context: TurnContext, verb: string, data: unknown): Promise<AdaptiveCardInvokeResponse> {
    const turn = turnOf(context, this.deps.logger);
    const { actor, logger: log } = turn;
    if (!actor) return errorResponse(401, 'NoUser', 'This action carries no Microsoft Entra ID user.');
    const parsed = IncidentData.safeParse(data);
    if (!parsed.success) {
      log.warn({ verb: verb.slice(0, 50) }, 'refused: alert action without a valid incident id');
      return errorResponse(400, 'BadRequest', 'This card action has no valid incident id.');
    }
    const id = parsed.data.incidentId;
    switch (verb) {
      case 'alert.open': {
        const found = await this.deps.alerts.incidentFor(actor, id);
        if (found.kind === 'not-approver') return this.refused(log, actor.aadObjectId, verb);
        if (found.kind === 'not-found') return errorResponse(404, 'NotFound', `Alert ${id} does not exist.`);
        return cardResponse(ProactiveAlertNotifier.card(found.incident));
      }
      case 'alert.reprocess': {
        const outcome = await this.deps.alerts.reprocess(actor, id);
        if (outcome.kind === 'not-approver') return this.refused(log, actor.aadObjectId, verb);
        if (outcome.kind === 'not-found') return errorResponse(404, 'NotFound', `Alert ${id} does not exist.`);
        if (outcome.kind === 'not-applicable') return cardResponse(ProactiveAlertNotifier.card(outcome.incident, outcome.incident.status === 'open' ? 'There is nothing to reprocess for this alert.' : 'This alert is resolved: nothing to reprocess.'));
        log.info({ incident: id, users: outcome.users }, 'reprocess started');
        return cardResponse(ProactiveAlertNotifier.card(outcome.incident, outcome.users ? `Reprocessing ${outcome.users} ${outcome.users === 1 ? 'user' : 'users'} now. This card updates when the errors clear.` : 'Graph lists nobody with errors in this group any more: the alert resolves on the next check.'));
      }
      case 'alert.requestLicense': {
        const outcome = await this.deps.alerts.restoreRequest(actor, id);
        if (outcome.kind === 'not-approver') return this.refused(log, actor.aadObjectId, verb);
        if (outcome.kind === 'not-found') return errorResponse(404, 'NotFound', `Alert ${id} does not exist.`);
        if (outcome.kind === 'not-applicable') return cardResponse(ProactiveAlertNotifier.card(outcome.incident, 'This alert has no license to restore.'));
        return cardResponse(await this.deps.requestForm({ target: outcome.target, product: outcome.product, reason: outcome.reason }));
      }
      default:
        log.warn({ verb: verb.slice(0, 50) }, 'refused: unknown alert action');
        return errorResponse(400, 'UnknownAction', `Unknown action "${verb.slice(0, 50)}".`);
    }
  }

  private refused(log: Logger, actor: string, verb: string): AdaptiveCardInvokeResponse {
    log.warn({ actor, verb }, 'refused: alert action by a non-approver');
    return cardResponse(renderCard('message', NOT_APPROVER));
  }

  private async reply(context: TurnContext, view: object): Promise<void> {
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(renderCard('message', view))));
  }
}
