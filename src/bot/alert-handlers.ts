import { CardFactory, MessageFactory, type AdaptiveCardInvokeResponse, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import { ALERT_KINDS, parseAlertKind } from '../alerts/kinds';
import { INCIDENT_ID } from '../alerts/incident-id';
import type { Incident } from '../alerts/types';
import type { Logger } from '../logging';
import type { AlertService } from '../services/alert-service';
import { ProactiveAlertNotifier } from './alert-notifier';
import { messagesOf, type Messages } from './i18n';
import { renderCard } from './render';
import { cardResponse, errorResponse } from './request-handlers';
import { turnOf } from './turn';
import { alertsListView, KIND } from './views/alerts-list-view';
import { messageFrom } from './views/simple-views';

/** What an alert card action may carry: only the incident id; everything else comes from the store. */
const IncidentData = z.object({ incidentId: z.string().regex(INCIDENT_ID) });

export interface AlertHandlersDeps {
  alerts: AlertService;
  /** The request form, pre-filled, in the clicker's language (RequestHandlers.formCardFor). */
  requestForm: (values: { target: string; product: string; reason: string }, m: Messages) => Promise<Record<string, unknown>>;
  logger: Logger;
}

const notApprover = (m: Messages) => messageFrom(m, 'alert.not-approver', {}, { color: 'Warning' });

/**
 * The pre-filled request's reason, re-said from the incident in the clicker's language (the service's text is
 * English); it names the incident so the approver can find it.
 */
function restoreReason(m: Messages, incident: Incident, fallback: string): string {
  const c = incident.cause;
  if (c.code !== 'mailbox-disconnected') return fallback;
  return m.t('alert.restore-reason', { changed: m.date(c.changedAt, 'isoDate'), initiator: c.initiator, deleted: m.date(c.deletedAfter, 'isoDate'), id: incident.id });
}

/** Chat and card handling for the tenant watcher's alerts; the rules live in AlertService. */
export class AlertHandlers {
  constructor(private readonly deps: AlertHandlersDeps) {}

  /** `alerts`: the open incidents (approvers, personal chat). */
  async list(context: TurnContext): Promise<void> {
    const turn = turnOf(context, this.deps.logger);
    const m = messagesOf(context);
    if (!turn.actor) return this.reply(context, messageFrom(m, 'message.no-user', {}, { color: 'Warning' }));
    const outcome = await this.deps.alerts.list(turn.actor);
    if (outcome.kind === 'not-approver') {
      turn.logger.warn({ actor: turn.actor.aadObjectId }, 'refused: alerts listed by a non-approver');
      return this.reply(context, notApprover(m));
    }
    if (turn.conversationType !== 'personal') return this.reply(context, messageFrom(m, 'alert.personal-only', {}, { color: 'Warning' }));
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(renderCard('alerts', alertsListView(outcome.incidents, outcome.preferences, m)))));
  }

  /** `alerts off <kind>` / `alerts on <kind>`. */
  async switchKind(context: TurnContext, kindText: string, on: boolean): Promise<void> {
    const turn = turnOf(context, this.deps.logger);
    const m = messagesOf(context);
    if (!turn.actor) return this.reply(context, messageFrom(m, 'message.no-user', {}, { color: 'Warning' }));
    const kind = parseAlertKind(kindText);
    if (!kind) {
      // The kinds are listed as command words: the parser reads English commands.
      return this.reply(context, messageFrom(m, 'alert.switch.unknown', { kind: kindText.slice(0, 40), kinds: ALERT_KINDS.join(', ') }, { color: 'Warning', footer: m.t('alert.switch.usage', { on: on ? 'on' : 'off' }) }));
    }
    const outcome = await this.deps.alerts.switchKind(turn.actor, kind, on);
    if (outcome.kind === 'not-approver') return this.reply(context, notApprover(m));
    const off = outcome.preferences.off;
    const footer = off.length ? m.t('alert.switch.footer.off', { kinds: m.list(off.map((k) => m.t(KIND[k]))) }) : m.t('alert.switch.footer.all');
    await this.reply(context, messageFrom(m, on ? 'alert.switch.on' : 'alert.switch.off', { kind: m.t(KIND[kind]) }, { color: 'Good', footer }));
  }

  /** Card actions whose verb starts with `alert.`. */
  async onAction(context: TurnContext, verb: string, data: unknown): Promise<AdaptiveCardInvokeResponse> {
    const turn = turnOf(context, this.deps.logger);
    const { actor, logger: log } = turn;
    // The clicker's language: the invoke answers with the card as they see it.
    const m = messagesOf(context);
    if (!actor) return errorResponse(401, 'NoUser', m.t('error.action.no-user'));
    const parsed = IncidentData.safeParse(data);
    if (!parsed.success) {
      log.warn({ verb: verb.slice(0, 50) }, 'refused: alert action without a valid incident id');
      return errorResponse(400, 'BadRequest', m.t('alert.error.no-incident-id'));
    }
    const id = parsed.data.incidentId;
    const notFound = () => errorResponse(404, 'NotFound', m.t('alert.error.not-found', { id }));
    const card = (incident: Incident, notice?: string) => cardResponse(ProactiveAlertNotifier.card(incident, notice, m));
    switch (verb) {
      case 'alert.open': {
        const found = await this.deps.alerts.incidentFor(actor, id);
        if (found.kind === 'not-approver') return this.refused(m, log, actor.aadObjectId, verb);
        if (found.kind === 'not-found') return notFound();
        return card(found.incident);
      }
      case 'alert.reprocess': {
        const outcome = await this.deps.alerts.reprocess(actor, id);
        if (outcome.kind === 'not-approver') return this.refused(m, log, actor.aadObjectId, verb);
        if (outcome.kind === 'not-found') return notFound();
        if (outcome.kind === 'not-applicable') return card(outcome.incident, m.t(outcome.incident.status === 'open' ? 'alert.notice.nothing-to-reprocess' : 'alert.notice.resolved'));
        log.info({ incident: id, users: outcome.users }, 'reprocess started');
        return card(outcome.incident, outcome.users ? m.t('alert.notice.reprocessing', { count: outcome.users }) : m.t('alert.notice.nobody'));
      }
      case 'alert.requestLicense': {
        const outcome = await this.deps.alerts.restoreRequest(actor, id);
        if (outcome.kind === 'not-approver') return this.refused(m, log, actor.aadObjectId, verb);
        if (outcome.kind === 'not-found') return notFound();
        if (outcome.kind === 'not-applicable') return card(outcome.incident, m.t('alert.notice.no-license'));
        return cardResponse(await this.deps.requestForm({ target: outcome.target, product: outcome.product, reason: restoreReason(m, outcome.incident, outcome.reason) }, m));
      }
      default:
        log.warn({ verb: verb.slice(0, 50) }, 'refused: unknown alert action');
        return errorResponse(400, 'UnknownAction', m.t('error.action.unknown', { verb: verb.slice(0, 50) }));
    }
  }

  private refused(m: Messages, log: Logger, actor: string, verb: string): AdaptiveCardInvokeResponse {
    log.warn({ actor, verb }, 'refused: alert action by a non-approver');
    return cardResponse(renderCard('message', notApprover(m)));
  }

  private async reply(context: TurnContext, view: object): Promise<void> {
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(renderCard('message', view))));
  }
}
