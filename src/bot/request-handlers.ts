import { CardFactory, MessageFactory, TeamsInfo, TurnContext, type AdaptiveCardInvokeResponse } from 'botbuilder';
import { z } from 'zod';
import type { Logger } from '../logging';
import type { Approvers } from '../services/approvers';
import type { DecisionOutcome, RequestService, SubmitInput, SubmitOutcome, TargetInput } from '../services/request-service';
import { sameId, type LicenseRequest, type Person } from '../requests/request';
import { MAX_REASON_LENGTH, parseUserRef, REQUEST_USAGE, type UserRef } from './command-parser';
import { ProactiveNotifier } from './proactive-notifier';
import { renderCard } from './render';
import { turnOf, type Actor, type Turn } from './turn';
import { requestCardView, refusalText, type RequestViewer } from './views/request-view';
import { messageView } from './views/simple-views';

const CARD = 'application/vnd.microsoft.card.adaptive';

/** What an Action.Execute may carry. Only the request id is ever used to find state; the rest is input. */
const RequestIdData = z.object({ requestId: z.string().regex(/^REQ-[A-Z0-9]{4,12}$/i), comment: z.string().max(500).optional() });
const FormData = z.object({
  target: z.string().trim().min(1, 'Say who it is for').max(254),
  product: z.string().trim().min(1, 'Pick a product').max(200),
  replacing: z.string().trim().max(200).optional(),
  reason: z.string().trim().max(MAX_REASON_LENGTH, `The reason can have at most ${MAX_REASON_LENGTH} characters`).optional(),
  confirmedNoMailbox: z.boolean().optional(),
});

export function cardResponse(card: Record<string, unknown>): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: CARD, value: card };
}

export function errorResponse(statusCode: number, code: string, message: string): AdaptiveCardInvokeResponse {
  return { statusCode, type: 'application/vnd.microsoft.error', value: { code, message } as unknown as Record<string, unknown> };
}

/** Chat and card handling for license requests; the rules live in RequestService. */
export class RequestHandlers {
  constructor(
    private readonly requests: RequestService,
    private readonly approvers: Pick<Approvers, 'isApprover'>,
    private readonly logger: Logger,
  ) {}

  // ---- text commands ----

  async submitFromText(context: TurnContext, command: { product: string; target: UserRef; replacing?: string; reason?: string }): Promise<void> {
    const { actor } = turnOf(context, this.logger);
    if (!actor) return this.reply(context, messageView('I cannot tell who you are', 'This message carries no Microsoft Entra ID user.', { color: 'Warning' }));
    const target = await this.targetOf(context, command.target);
    if (!target) return this.reply(context, messageView('I could not identify that person', 'Try their email address.', { color: 'Warning' }));
    const input: SubmitInput = { product: command.product, target, replacing: command.replacing, reason: command.reason };
    await this.answerSubmit(context, actor, await this.requests.submit(actor, input));
  }

  async showForm(context: TurnContext, error = '', values: Partial<Record<'target' | 'product' | 'replacing' | 'reason', string>> = {}): Promise<void> {
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(await this.formCard(error, values))));
  }

  async list(context: TurnContext): Promise<void> {
    const { actor } = turnOf(context, this.logger);
    if (!actor) return this.reply(context, messageView('I cannot tell who you are', 'This message carries no Microsoft Entra ID user.', { color: 'Warning' }));
    const { mine, pending, isApprover } = await this.requests.listFor(actor);
    const row = (r: LicenseRequest) => ({ id: r.id, product: r.add.displayName, target: r.target.name, status: requestCardView(r, 'readonly').status });
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(renderCard('requests', { mine: mine.map(row), pending: pending.map(row), isApprover }))));
  }

  async cancelFromText(context: TurnContext, requestId: string): Promise<void> {
    const { actor } = turnOf(context, this.logger);
    if (!actor) return;
    const outcome = await this.requests.cancel(actor, requestId);
    await this.reply(context, this.outcomeMessage(outcome, 'cancel'));
  }

  // ---- card actions (adaptiveCard/action) ----

  async onAction(context: TurnContext, verb: string, data: unknown): Promise<AdaptiveCardInvokeResponse> {
    const turn = turnOf(context, this.logger);
    const { actor, logger: log } = turn;
    if (!actor) return errorResponse(401, 'NoUser', 'This action carries no Microsoft Entra ID user.');
    if (verb === 'request.submit' || verb === 'request.confirmNoMailbox') return this.submitFromCard(context, turn, actor, data, verb === 'request.confirmNoMailbox');
    const parsed = RequestIdData.safeParse(data);
    if (!parsed.success) {
      log.warn({ verb }, 'refused: card action without a valid request id');
      return errorResponse(400, 'BadRequest', 'This card action has no valid request id.');
    }
    const requestId = parsed.data.requestId.toUpperCase();
    switch (verb) {
      case 'request.refresh':
      case 'request.open': {
        const request = await this.requests.get(requestId);
        if (!request) return errorResponse(404, 'NotFound', `Request ${requestId} does not exist.`);
        const viewer = await this.viewerOf(actor, request);
        if (verb === 'request.open' && turn.replyToId && turn.conversationKey) {
          // The list card turns into this request's card: keep it current like the other copies.
          await this.requests.recordCard(request.id, { conversationKey: turn.conversationKey, activityId: turn.replyToId, role: viewer === 'approver' ? 'approver' : viewer === 'requester' ? 'requester' : 'channel', aadObjectId: actor.aadObjectId });
        }
        return cardResponse(ProactiveNotifier.card(request, viewer, request.status === 'pending' ? [actor.mri] : []));
      }
      case 'request.approve':
      case 'request.reject': {
        const outcome = await this.requests.decide(actor, requestId, verb === 'request.approve' ? 'approved' : 'rejected', parsed.data.comment);
        return this.decisionResponse(turn, actor, outcome);
      }
      case 'request.cancel':
        return this.decisionResponse(turn, actor, await this.requests.cancel(actor, requestId));
      default:
        log.warn({ verb: verb.slice(0, 50) }, 'refused: unknown card action');
        return errorResponse(400, 'UnknownAction', `Unknown action "${verb.slice(0, 50)}".`);
    }
  }

  private async decisionResponse(turn: Turn, actor: Actor, outcome: DecisionOutcome): Promise<AdaptiveCardInvokeResponse> {
    if (outcome.kind === 'not-found') return errorResponse(404, 'NotFound', 'That request does not exist.');
    const request = outcome.request;
    const viewer = await this.viewerOf(actor, request);
    const card = ProactiveNotifier.card(request, viewer, request.status === 'pending' ? [actor.mri] : []);
    if (outcome.kind === 'no-seat') {
      const notice = `No free ${request.add.displayName} seat: ${outcome.seats.consumed} of ${outcome.seats.total} in use. Buy or free one, then approve; the request stays open until ${request.expiresAt.slice(0, 10)}.`;
      const view = requestCardView({ ...request, summary: { ...request.summary, notices: [notice, ...(request.summary.notices ?? [])] } }, viewer, [actor.mri]);
      return cardResponse(renderCard('request', view));
    }
    if (outcome.kind === 'refused') {
      turn.logger.warn({ requestId: request.id, reason: outcome.reason }, 'refused: request action');
      if (outcome.reason === 'not-approver' || outcome.reason === 'own-request' || outcome.reason === 'not-requester') {
        const why = outcome.reason === 'own-request' ? 'You cannot approve your own request.' : outcome.reason === 'not-requester' ? 'Only the requester can cancel it.' : 'Only license approvers can decide.';
        const view = requestCardView({ ...request, summary: { ...request.summary, notices: [why, ...(request.summary.notices ?? [])] } }, 'readonly');
        return cardResponse(renderCard('request', view));
      }
    }
    // Decided (by this click or an earlier one): the clicker sees the current outcome.
    return cardResponse(card);
  }

  private async submitFromCard(context: TurnContext, turn: Turn, actor: Actor, data: unknown, confirmed: boolean): Promise<AdaptiveCardInvokeResponse> {
    const raw = (data ?? {}) as Record<string, unknown>;
    const values = { target: str(raw.target), product: str(raw.product), replacing: str(raw.replacing), reason: str(raw.reason) };
    const parsed = FormData.safeParse({ ...values, replacing: values.replacing || undefined, reason: values.reason || undefined, confirmedNoMailbox: confirmed || raw.confirmedNoMailbox === true });
    if (!parsed.success) return cardResponse(await this.formCard(parsed.error.issues.map((i) => i.message).join('; '), values));
    const ref = parseUserRef(parsed.data.target, []);
    if ('error' in ref) return cardResponse(await this.formCard(ref.error, values));
    const target = await this.targetOf(context, ref);
    if (!target) return cardResponse(await this.formCard('I could not identify that person.', values));
    const input: SubmitInput = { product: parsed.data.product, target, replacing: parsed.data.replacing, reason: parsed.data.reason, confirmedNoMailbox: parsed.data.confirmedNoMailbox };
    const outcome = await this.requests.submit(actor, input);
    if (outcome.kind === 'created') {
      if (turn.replyToId && turn.conversationKey) {
        await this.requests.recordCard(outcome.request.id, { conversationKey: turn.conversationKey, activityId: turn.replyToId, role: 'requester', aadObjectId: actor.aadObjectId });
      }
      return cardResponse(ProactiveNotifier.card(outcome.request, 'requester', [actor.mri]));
    }
    if (outcome.kind === 'refused' && outcome.refusal.kind === 'no-mailbox-left') {
      return cardResponse(renderCard('message', this.submitMessage(outcome)));
    }
    const message = this.submitMessage(outcome);
    return cardResponse(await this.formCard(`${message.title}. ${message.text} ${message.items.join('; ')}`.trim(), values));
  }

  private async answerSubmit(context: TurnContext, actor: Actor, outcome: SubmitOutcome): Promise<void> {
    if (outcome.kind !== 'created') return this.reply(context, this.submitMessage(outcome));
    const card = ProactiveNotifier.card(outcome.request, 'requester', [actor.mri]);
    const sent = await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    const { conversationKey } = turnOf(context, this.logger);
    if (sent?.id && conversationKey) {
      await this.requests.recordCard(outcome.request.id, { conversationKey, activityId: sent.id, role: 'requester', aadObjectId: actor.aadObjectId });
    }
    if (outcome.approversNotified === 0) {
      await this.reply(context, messageView('No approver can see it yet', 'None of the license approvers has License Desk installed, so nobody was notified. Ask an approver to open License Desk in Teams and type "requests".', { color: 'Warning' }));
    }
  }

  private submitMessage(outcome: Exclude<SubmitOutcome, { kind: 'created' }>) {
    switch (outcome.kind) {
      case 'target-not-found':
        return messageView('No such user', `I found nobody with the address ${outcome.query} in this organization.`, { color: 'Warning' });
      case 'not-allowed':
        return messageView('You cannot ask for them', `Only ${outcome.targetName} themselves, their managers and the license approvers can request licenses for them.`, { color: 'Warning' });
      case 'no-approver-group':
        return messageView('Requests are not set up', 'An admin must set APPROVER_GROUP_ID (the Entra group of license approvers) first.', { color: 'Warning' });
      case 'refused': {
        const { title, text, items } = refusalText(outcome.refusal, outcome.targetName);
        const actions =
          outcome.refusal.kind === 'no-mailbox-left'
            ? [{ title: 'Request anyway: no mailbox', verb: 'request.confirmNoMailbox', data: { ...formValues(outcome.input), confirmedNoMailbox: true } }]
            : [];
        return messageView(title, text, { items, color: 'Warning', footer: outcome.refusal.kind === 'unknown-product' || outcome.refusal.kind === 'ambiguous-product' ? `Usage: ${REQUEST_USAGE}` : '', actions });
      }
    }
  }

  private outcomeMessage(outcome: DecisionOutcome, action: string) {
    if (outcome.kind === 'not-found') return messageView('No such request', 'Check the id with "requests".', { color: 'Warning' });
    if (outcome.kind === 'decided') return messageView(`Request ${outcome.request.id} ${outcome.request.status}`, requestCardView(outcome.request, 'readonly').status, { color: 'Good' });
    if (outcome.kind === 'refused') {
      const why = outcome.reason === 'not-requester' ? `Only the requester can ${action} it.` : `It is ${outcome.request.status} already.`;
      return messageView(`Cannot ${action} ${outcome.request.id}`, why, { color: 'Warning' });
    }
    return messageView('Not possible now', 'No free seat.', { color: 'Warning' });
  }

  private async viewerOf(actor: Person, request: LicenseRequest): Promise<RequestViewer> {
    if (sameId(actor.aadObjectId, request.requester.aadObjectId)) return 'requester';
    if (request.status === 'pending' && (await this.approvers.isApprover(actor.aadObjectId))) return 'approver';
    return 'readonly';
  }

  private async targetOf(context: TurnContext, ref: UserRef): Promise<TargetInput | undefined> {
    if (ref.kind === 'self') return { kind: 'self' };
    if (ref.kind === 'address') return { kind: 'address', value: ref.value };
    if (ref.mention.aadObjectId) return { kind: 'id', aadObjectId: ref.mention.aadObjectId };
    try {
      const member = await TeamsInfo.getMember(context, ref.mention.id);
      return member.aadObjectId ? { kind: 'id', aadObjectId: member.aadObjectId } : undefined;
    } catch {
      return undefined;
    }
  }

  /** The request form pre-filled (e.g. from an alert's "Request a license"). */
  formCardFor(values: Partial<Record<'target' | 'product' | 'replacing' | 'reason', string>>): Promise<Record<string, unknown>> {
    return this.formCard('', values);
  }

  private async formCard(error: string, values: Partial<Record<'target' | 'product' | 'replacing' | 'reason', string>>): Promise<Record<string, unknown>> {
    const products = await this.requests.products();
    return renderCard('request-form', {
      error,
      target: values.target || 'me',
      product: values.product ?? '',
      replacing: values.replacing ?? '',
      reason: values.reason ?? '',
      products: products.map((p) => ({ title: `${p.displayName} (${p.free} free)`, value: p.skuPartNumber })),
      replaceable: products.map((p) => ({ title: p.displayName, value: p.skuPartNumber })),
    });
  }

  private async reply(context: TurnContext, view: object): Promise<void> {
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(renderCard('message', view))));
  }
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function formValues(input: SubmitInput): Record<string, string> {
  const target = input.target.kind === 'self' ? 'me' : input.target.kind === 'address' ? input.target.value : input.target.aadObjectId;
  return { target, product: input.product, replacing: input.replacing ?? '', reason: input.reason ?? '' };
}
