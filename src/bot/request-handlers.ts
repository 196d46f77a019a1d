import { CardFactory, MessageFactory, TeamsInfo, TurnContext, type AdaptiveCardInvokeResponse } from 'botbuilder';
import { z } from 'zod';
import type { Logger } from '../logging';
import type { Approvers } from '../services/approvers';
import type { ApproverReach, DecisionOutcome, RequestService, SubmitInput, SubmitOutcome, TargetInput } from '../services/request-service';
import type { BatchRequestService, BatchSubmitOutcome } from '../services/batch-requests';
import type { PersonInput, PeopleInput } from '../services/people-resolver';
import { parseDuration, type LicenseDuration } from '../requests/duration';
import { sameId, type LicenseRequest, type Person } from '../requests/request';
import { MAX_REASON_LENGTH, parsePeople, type PeopleRef, type PersonRef, type UserRef } from './command-parser';
import { ProactiveNotifier } from './proactive-notifier';
import { renderCard } from './render';
import { turnOf, type Actor, type Turn } from './turn';
import { messagesFor, messagesOf, type MessageKey, type Messages } from './i18n';
import { requestCardView, requestStatusText, refusalText, withNotice, type RequestViewer } from './views/request-view';
import { messageFrom, messageView } from './views/simple-views';
import { batchCardView } from './views/batch-view';
import { temporaryFact } from './views/temporary-text';

const CARD = 'application/vnd.microsoft.card.adaptive';

/** What an Action.Execute may carry. Only the request id is ever used to find state; the rest is input. */
const RequestIdData = z.object({ requestId: z.string().regex(/^REQ-[A-Z0-9]{4,12}$/i), comment: z.string().max(500).optional() });
const FormData = z.object({
  target: z.string().trim().max(4000),
  people: z.string().trim().max(40_000),
  duration: z.string().trim().max(40).optional(),
  product: z.string().trim().min(1, 'Pick a product').max(200),
  replacing: z.string().trim().max(200).optional(),
  reason: z.string().trim().max(MAX_REASON_LENGTH, `The reason can have at most ${MAX_REASON_LENGTH} characters`).optional(),
  confirmedNoMailbox: z.boolean().optional(),
});

/** The form's fields; `duration` is text such as "30 days" or "2027-03-31" (empty: permanent). */
/** `notice` is a plain (not an error) line above the fields, e.g. "I filled this in from your message". */
export type FormValues = Partial<Record<'target' | 'product' | 'replacing' | 'reason' | 'duration' | 'people' | 'notice', string>>;

export interface RequestHandlerOptions {
  batches?: BatchRequestService;
  now?: () => Date;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
    private readonly options: RequestHandlerOptions = {},
  ) {}

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  /** "30 days" / "until 2027-03-31" → a duration; an error key when it does not read. */
  private durationOf(m: Messages, text: string | undefined): { duration?: LicenseDuration; error?: string } {
    if (!text) return {};
    const parsed = parseDuration(text, this.now());
    if (parsed.ok) return { duration: parsed.duration };
    const key: MessageKey = parsed.code === 'past' ? 'form.error.duration-past' : parsed.code === 'too-long' ? 'form.error.duration-too-long' : 'form.error.duration';
    return { error: m.t(key, { text: parsed.text }) };
  }

  // ---- text commands ----

  async submitFromText(context: TurnContext, command: { product: string; target: UserRef; replacing?: string; reason?: string; duration?: string }): Promise<void> {
    const { actor } = turnOf(context, this.logger);
    const m = messagesOf(context);
    if (!actor) return this.reply(context, messageFrom(m, 'message.no-user', {}, { color: 'Warning' }));
    const target = await this.targetOf(context, command.target);
    if (!target) return this.reply(context, messageFrom(m, 'message.unidentified', {}, { color: 'Warning' }));
    const { duration, error } = this.durationOf(m, command.duration);
    if (error) return this.reply(context, messageView(error, m.t('help.usage.request.full'), { lang: m.language, color: 'Warning' }));
    const input: SubmitInput = { product: command.product, target, replacing: command.replacing, reason: command.reason, ...(duration ? { duration } : {}) };
    await this.answerSubmit(context, actor, await this.requests.submit(actor, input));
  }

  /** Several people (a list, a group's members, my team), or one person named by display name. */
  async submitBulkFromText(context: TurnContext, command: { product: string; people: PeopleRef; replacing?: string; reason?: string; duration?: string }): Promise<void> {
    const { actor } = turnOf(context, this.logger);
    const m = messagesOf(context);
    if (!actor) return this.reply(context, messageFrom(m, 'message.no-user', {}, { color: 'Warning' }));
    const { duration, error } = this.durationOf(m, command.duration);
    if (error) return this.reply(context, messageView(error, m.t('help.usage.request.full'), { lang: m.language, color: 'Warning' }));
    const people = await this.peopleOf(context, command.people);
    if (!people) return this.reply(context, messageFrom(m, 'message.unidentified', {}, { color: 'Warning' }));
    if (people.kind === 'people' && people.people.length === 1) {
      const input: SubmitInput = { product: command.product, target: people.people[0], replacing: command.replacing, reason: command.reason, ...(duration ? { duration } : {}) };
      return this.answerSubmit(context, actor, await this.requests.submit(actor, input));
    }
    if (!this.options.batches) return this.reply(context, messageFrom(m, 'message.unidentified', {}, { color: 'Warning' }));
    const outcome = await this.options.batches.submit(actor, { product: command.product, people, replacing: command.replacing, reason: command.reason, ...(duration ? { duration } : {}) });
    await this.answerBatch(context, actor, outcome);
  }

  async showForm(context: TurnContext, error = '', values: FormValues = {}): Promise<void> {
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(await this.formCard(messagesOf(context), error, values))));
  }

  async list(context: TurnContext): Promise<void> {
    const { actor } = turnOf(context, this.logger);
    const m = messagesOf(context);
    if (!actor) return this.reply(context, messageFrom(m, 'message.no-user', {}, { color: 'Warning' }));
    const { mine, pending, isApprover } = await this.requests.listFor(actor);
    // A temporary change shows its end (or its revert) next to the status.
    const row = (r: LicenseRequest) => ({ id: r.id, line: m.t('requests.row', { product: r.add.displayName, target: r.target.name }), status: [requestStatusText(r, m), temporaryFact(m, r)?.value].filter(Boolean).join(' · ') });
    const t = {
      fallback: m.t('requests.fallback'),
      title: m.t('requests.title'),
      empty: m.t('requests.empty'),
      waiting: m.t('requests.waiting'),
      nothingWaiting: m.t('requests.nothing-waiting'),
    };
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(renderCard('requests', { lang: m.language, t, mine: mine.map(row), pending: pending.map(row), isApprover }))));
  }

  async cancelFromText(context: TurnContext, requestId: string): Promise<void> {
    const { actor } = turnOf(context, this.logger);
    if (!actor) return;
    const outcome = await this.requests.cancel(actor, requestId);
    await this.reply(context, this.outcomeMessage(messagesOf(context), outcome));
  }

  // ---- card actions (adaptiveCard/action) ----

  async onAction(context: TurnContext, verb: string, data: unknown): Promise<AdaptiveCardInvokeResponse> {
    const turn = turnOf(context, this.logger);
    const { actor, logger: log } = turn;
    const m = messagesOf(context);
    if (!actor) return errorResponse(401, 'NoUser', m.t('error.action.no-user'));
    if (verb === 'request.submit' || verb === 'request.confirmNoMailbox') return this.submitFromCard(context, turn, actor, data, verb === 'request.confirmNoMailbox');
    const parsed = RequestIdData.safeParse(data);
    if (!parsed.success) {
      log.warn({ verb }, 'refused: card action without a valid request id');
      return errorResponse(400, 'BadRequest', m.t('error.action.no-request-id'));
    }
    const requestId = parsed.data.requestId.toUpperCase();
    switch (verb) {
      case 'request.refresh':
      case 'request.open': {
        const request = await this.requests.get(requestId);
        if (!request) return errorResponse(404, 'NotFound', m.t('error.action.no-such-request', { id: requestId }));
        const viewer = await this.viewerOf(actor, request);
        if (verb === 'request.open' && turn.replyToId && turn.conversationKey) {
          // The list card turns into this request's card: keep it current like the other copies.
          await this.requests.recordCard(request.id, { conversationKey: turn.conversationKey, activityId: turn.replyToId, role: viewer === 'approver' ? 'approver' : viewer === 'requester' ? 'requester' : 'channel', aadObjectId: actor.aadObjectId });
        }
        return cardResponse(ProactiveNotifier.card(request, viewer, request.status === 'pending' ? [actor.mri] : [], m));
      }
      case 'request.approve':
      case 'request.reject': {
        const outcome = await this.requests.decide(actor, requestId, verb === 'request.approve' ? 'approved' : 'rejected', parsed.data.comment);
        return this.decisionResponse(context, turn, actor, outcome);
      }
      case 'request.cancel':
        return this.decisionResponse(context, turn, actor, await this.requests.cancel(actor, requestId));
      default:
        log.warn({ verb: verb.slice(0, 50) }, 'refused: unknown card action');
        return errorResponse(400, 'UnknownAction', m.t('error.action.unknown', { verb: verb.slice(0, 50) }));
    }
  }

  private async decisionResponse(context: TurnContext, turn: Turn, actor: Actor, outcome: DecisionOutcome): Promise<AdaptiveCardInvokeResponse> {
    const m = messagesOf(context);
    if (outcome.kind === 'not-found') return errorResponse(404, 'NotFound', m.t('error.action.request-gone'));
    const request = outcome.request;
    const viewer = await this.viewerOf(actor, request);
    const card = ProactiveNotifier.card(request, viewer, request.status === 'pending' ? [actor.mri] : [], m);
    if (request.batch && (outcome.kind === 'no-seat' || (outcome.kind === 'refused' && ['not-approver', 'own-request', 'not-requester'].includes(outcome.reason)))) {
      // The batch card with the reason on top (no seat for anyone, not yours to decide…).
      const why =
        outcome.kind === 'no-seat'
          ? m.t('request.notice.no-seat', { product: request.add.displayName, consumed: outcome.seats.consumed, total: outcome.seats.total, until: m.date(request.expiresAt, 'isoDate') })
          : m.t(outcome.reason === 'own-request' ? 'request.notice.own-request' : outcome.reason === 'not-requester' ? 'request.notice.not-requester' : 'request.notice.not-approver');
      const view = batchCardView(request, outcome.kind === 'no-seat' ? viewer : 'readonly', outcome.kind === 'no-seat' ? [actor.mri] : [], m);
      return cardResponse(renderCard('batch-request', { ...view, notices: [why, ...view.notices], hasNotices: true }));
    }
    if (outcome.kind === 'no-seat') {
      const notice = m.t('request.notice.no-seat', { product: request.add.displayName, consumed: outcome.seats.consumed, total: outcome.seats.total, until: m.date(request.expiresAt, 'isoDate') });
      const view = requestCardView(withNotice(request, notice, m), viewer, [actor.mri], m);
      return cardResponse(renderCard('request', view));
    }
    if (outcome.kind === 'refused') {
      turn.logger.warn({ requestId: request.id, reason: outcome.reason }, 'refused: request action');
      if (outcome.reason === 'not-approver' || outcome.reason === 'own-request' || outcome.reason === 'not-requester') {
        const why = m.t(outcome.reason === 'own-request' ? 'request.notice.own-request' : outcome.reason === 'not-requester' ? 'request.notice.not-requester' : 'request.notice.not-approver');
        const view = requestCardView(withNotice(request, why, m), 'readonly', [], m);
        return cardResponse(renderCard('request', view));
      }
    }
    // Decided (by this click or an earlier one): the clicker sees the current outcome.
    return cardResponse(card);
  }

  private async submitFromCard(context: TurnContext, turn: Turn, actor: Actor, data: unknown, confirmed: boolean): Promise<AdaptiveCardInvokeResponse> {
    const m = messagesOf(context);
    const raw = (data ?? {}) as Record<string, unknown>;
    const values = { target: str(raw.target), people: str(raw.people), product: str(raw.product), replacing: str(raw.replacing), reason: str(raw.reason), duration: str(raw.duration) };
    const parsed = FormData.safeParse({ ...values, replacing: values.replacing || undefined, reason: values.reason || undefined, duration: values.duration || undefined, confirmedNoMailbox: confirmed || raw.confirmedNoMailbox === true });
    if (!parsed.success) return cardResponse(await this.formCard(m, parsed.error.issues.map((i) => formIssue(m, i.path[0], i.message)).join('; '), values));
    const { duration, error: durationError } = this.durationOf(m, parsed.data.duration);
    if (durationError) return cardResponse(await this.formCard(m, durationError, values));
    // The people picker sends Entra ids, comma-separated; the text field takes what a client without a picker types.
    const picked: PersonInput[] = parsed.data.people.split(',').map((id) => id.trim()).filter((id) => GUID.test(id)).map((aadObjectId) => ({ kind: 'id', aadObjectId }));
    let typed: PersonInput[] = [];
    if (parsed.data.target) {
      const ref = parsePeople(parsed.data.target, []);
      if ('error' in ref) return cardResponse(await this.formCard(m, m.has(ref.code) ? m.t(ref.code, ref.values) : ref.error, values));
      const people = await this.peopleOf(context, ref.kind === 'people' || ref.kind === 'group' || ref.kind === 'team' ? ref : { kind: 'people', refs: [ref] });
      if (!people) return cardResponse(await this.formCard(m, m.t('form.error.unidentified'), values));
      if (people.kind !== 'people') {
        if (picked.length > 0) return cardResponse(await this.formCard(m, m.t('form.error.group-and-people'), values));
        return this.batchFromCard(context, turn, actor, { product: parsed.data.product, people, replacing: parsed.data.replacing, reason: parsed.data.reason, ...(duration ? { duration } : {}) }, values);
      }
      typed = people.people;
    }
    const everyone = [...picked, ...typed];
    if (everyone.length === 0) return cardResponse(await this.formCard(m, m.t('form.error.target'), values));
    if (everyone.length > 1) return this.batchFromCard(context, turn, actor, { product: parsed.data.product, people: { kind: 'people', people: everyone }, replacing: parsed.data.replacing, reason: parsed.data.reason, ...(duration ? { duration } : {}) }, values);
    const input: SubmitInput = { product: parsed.data.product, target: everyone[0], replacing: parsed.data.replacing, reason: parsed.data.reason, confirmedNoMailbox: parsed.data.confirmedNoMailbox, ...(duration ? { duration } : {}) };
    const outcome = await this.requests.submit(actor, input);
    if (outcome.kind === 'created') {
      if (turn.replyToId && turn.conversationKey) {
        await this.requests.recordCard(outcome.request.id, { conversationKey: turn.conversationKey, activityId: turn.replyToId, role: 'requester', aadObjectId: actor.aadObjectId });
      }
      return cardResponse(ProactiveNotifier.card(outcome.request, 'requester', [actor.mri], m));
    }
    if (outcome.kind === 'refused' && outcome.refusal.kind === 'no-mailbox-left') {
      return cardResponse(renderCard('message', this.submitMessage(m, outcome)));
    }
    const message = this.submitMessage(m, outcome);
    return cardResponse(await this.formCard(m, m.t('form.error.refused', { title: message.title, text: message.text, items: message.items.join('; ') }).trim(), values));
  }

  private async batchFromCard(context: TurnContext, turn: Turn, actor: Actor, input: Parameters<BatchRequestService['submit']>[1], values: FormValues): Promise<AdaptiveCardInvokeResponse> {
    const m = messagesOf(context);
    if (!this.options.batches) return cardResponse(await this.formCard(m, m.t('form.error.target'), values));
    const outcome = await this.options.batches.submit(actor, input);
    if (outcome.kind !== 'created') {
      const message = this.batchMessage(m, outcome);
      return cardResponse(await this.formCard(m, m.t('form.error.refused', { title: message.title, text: message.text, items: message.items.join('; ') }).trim(), values));
    }
    if (turn.replyToId && turn.conversationKey) {
      await this.requests.recordCard(outcome.request.id, { conversationKey: turn.conversationKey, activityId: turn.replyToId, role: 'requester', aadObjectId: actor.aadObjectId });
    }
    return cardResponse(ProactiveNotifier.card(outcome.request, 'requester', [actor.mri], m));
  }

  private async answerBatch(context: TurnContext, actor: Actor, outcome: BatchSubmitOutcome): Promise<void> {
    const m = messagesOf(context);
    if (outcome.kind !== 'created') return this.reply(context, this.batchMessage(m, outcome));
    const card = ProactiveNotifier.card(outcome.request, 'requester', [actor.mri], m);
    const sent = await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    const { conversationKey } = turnOf(context, this.logger);
    if (sent?.id && conversationKey) await this.requests.recordCard(outcome.request.id, { conversationKey, activityId: sent.id, role: 'requester', aadObjectId: actor.aadObjectId });
    if (outcome.request.status === 'pending') await this.replyReach(context, outcome.reach);
  }

  private batchMessage(m: Messages, outcome: Exclude<BatchSubmitOutcome, { kind: 'created' }>) {
    switch (outcome.kind) {
      case 'refused': {
        const { title, text, items } = refusalText(outcome.refusal, '', m);
        return messageView(title, text, { lang: m.language, items, color: 'Warning', footer: m.t('common.usage', { usage: m.t('help.usage.request.full') }) });
      }
      case 'group-not-found':
        return messageFrom(m, 'message.no-such-group', { query: outcome.query }, { color: 'Warning' });
      case 'nobody':
        return messageFrom(m, 'message.nobody-in-batch', {}, { color: 'Warning' });
      case 'too-many':
        return messageFrom(m, 'message.batch-too-large', { count: outcome.count, max: outcome.max }, { color: 'Warning' });
      case 'no-approver-group':
        return messageFrom(m, 'message.no-approver-group', {}, { color: 'Warning' });
    }
  }

  /** Nobody could be sent the approval card: say why, and who can approve (never the requester themselves). */
  private async replyReach(context: TurnContext, reach: ApproverReach): Promise<void> {
    if (reach.notified > 0) return;
    const m = messagesOf(context);
    if (reach.requesterIsApprover) {
      const view = reach.otherApprovers.length > 0
        ? messageFrom(m, 'message.no-approver-reachable.self', { others: m.list(reach.otherApprovers) }, { color: 'Warning' })
        : messageFrom(m, 'message.no-approver-reachable.alone', {}, { color: 'Warning' });
      return this.reply(context, view);
    }
    const others = reach.otherApprovers.length > 0 ? m.t('message.no-approver-reachable.who', { others: m.list(reach.otherApprovers) }) : '';
    return this.reply(context, { ...messageFrom(m, 'message.no-approver-reachable', {}, { color: 'Warning' }), footer: others });
  }

  private async answerSubmit(context: TurnContext, actor: Actor, outcome: SubmitOutcome): Promise<void> {
    const m = messagesOf(context);
    if (outcome.kind !== 'created') return this.reply(context, this.submitMessage(m, outcome));
    const card = ProactiveNotifier.card(outcome.request, 'requester', [actor.mri], m);
    const sent = await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    const { conversationKey } = turnOf(context, this.logger);
    if (sent?.id && conversationKey) {
      await this.requests.recordCard(outcome.request.id, { conversationKey, activityId: sent.id, role: 'requester', aadObjectId: actor.aadObjectId });
    }
    if (outcome.request.status === 'pending') await this.replyReach(context, outcome.reach);
  }

  private submitMessage(m: Messages, outcome: Exclude<SubmitOutcome, { kind: 'created' }>) {
    switch (outcome.kind) {
      case 'target-not-found':
        // The service says 'you' when the requester themselves was not found.
        if (outcome.query !== 'you' && !outcome.query.includes('@') && !/^[0-9a-f-]{36}$/i.test(outcome.query)) {
          return messageFrom(m, 'message.no-such-person', { query: outcome.query }, { color: 'Warning' });
        }
        return messageFrom(m, 'message.no-such-user', { query: outcome.query === 'you' ? m.t('common.you') : outcome.query }, { color: 'Warning' });
      case 'target-ambiguous':
        return messageFrom(m, 'message.ambiguous-user', { query: outcome.query }, {
          color: 'Warning',
          items: outcome.candidates.map((c) => [c.displayName, c.userPrincipalName].filter(Boolean).join(' · ')),
        });
      case 'not-allowed':
        return messageFrom(m, 'message.not-allowed', { target: outcome.targetName === 'that person' ? m.t('common.that-person') : outcome.targetName }, { color: 'Warning' });
      case 'no-approver-group':
        return messageFrom(m, 'message.no-approver-group', {}, { color: 'Warning' });
      case 'refused': {
        const { title, text, items } = refusalText(outcome.refusal, outcome.targetName, m);
        const actions =
          outcome.refusal.kind === 'no-mailbox-left'
            ? [{ title: m.t('refusal.no-mailbox-left.confirm'), verb: 'request.confirmNoMailbox', data: { ...formValues(outcome.input), confirmedNoMailbox: true } }]
            : [];
        const usage = outcome.refusal.kind === 'unknown-product' || outcome.refusal.kind === 'ambiguous-product' ? m.t('common.usage', { usage: m.t('help.usage.request.full') }) : '';
        return messageView(title, text, { lang: m.language, items, color: 'Warning', footer: usage, actions });
      }
    }
  }

  private outcomeMessage(m: Messages, outcome: DecisionOutcome) {
    if (outcome.kind === 'not-found') return messageFrom(m, 'message.no-such-request', {}, { color: 'Warning' });
    if (outcome.kind === 'decided') {
      return messageView(m.t('message.request-status.title', { id: outcome.request.id, status: outcome.request.status }), requestStatusText(outcome.request, m), { lang: m.language, color: 'Good' });
    }
    if (outcome.kind === 'refused') {
      const why = outcome.reason === 'not-requester' ? m.t('message.cannot-cancel.not-requester') : m.t('message.cannot-cancel.not-pending', { status: outcome.request.status });
      return messageView(m.t('message.cannot-cancel.title', { id: outcome.request.id }), why, { lang: m.language, color: 'Warning' });
    }
    return messageFrom(m, 'message.no-seat-now', {}, { color: 'Warning' });
  }

  private async viewerOf(actor: Person, request: LicenseRequest): Promise<RequestViewer> {
    if (sameId(actor.aadObjectId, request.requester.aadObjectId)) return 'requester';
    if (request.status === 'pending' && (await this.approvers.isApprover(actor.aadObjectId))) return 'approver';
    return 'readonly';
  }

  private async peopleOf(context: TurnContext, ref: PeopleRef): Promise<PeopleInput | undefined> {
    if (ref.kind !== 'people') return ref.kind === 'group' ? { kind: 'group', group: ref.name } : { kind: 'team' };
    const people: PersonInput[] = [];
    for (const r of ref.refs) {
      const one = await this.personOf(context, r);
      if (!one) return undefined;
      people.push(one);
    }
    return { kind: 'people', people };
  }

  private async personOf(context: TurnContext, ref: PersonRef): Promise<PersonInput | undefined> {
    if (ref.kind === 'name') return { kind: 'name', value: ref.value };
    return this.targetOf(context, ref);
  }

  private async targetOf(context: TurnContext, ref: UserRef): Promise<TargetInput | undefined> {
    if (ref.kind === 'self') return { kind: 'self' };
    if (ref.kind === 'address') return { kind: 'address', value: ref.value };
    if (ref.kind === 'name') return { kind: 'name', value: ref.value };
    if (ref.mention.aadObjectId) return { kind: 'id', aadObjectId: ref.mention.aadObjectId };
    try {
      const member = await TeamsInfo.getMember(context, ref.mention.id);
      return member.aadObjectId ? { kind: 'id', aadObjectId: member.aadObjectId } : undefined;
    } catch {
      return undefined;
    }
  }

  /** The request form pre-filled (e.g. from an alert's "Request a license"). */
  formCardFor(values: FormValues, m: Messages = messagesFor('en')): Promise<Record<string, unknown>> {
    return this.formCard(m, '', values);
  }

  private async formCard(m: Messages, error: string, values: FormValues): Promise<Record<string, unknown>> {
    const products = await this.requests.products();
    return renderCard('request-form', {
      lang: m.language,
      t: {
        fallback: m.t('form.fallback', { usage: m.t('help.usage.request.full') }),
        title: m.t('form.title'),
        people: m.t('form.people.label'),
        peoplePlaceholder: m.t('form.people.placeholder'),
        target: m.t('form.target.label'),
        targetPlaceholder: m.t('form.target.placeholder'),
        duration: m.t('form.duration.label'),
        durationPlaceholder: m.t('form.duration.placeholder'),
        product: m.t('form.product.label'),
        productError: m.t('form.error.product'),
        replacing: m.t('form.replacing.label'),
        reason: m.t('form.reason.label'),
        send: m.t('form.action.send'),
      },
      error,
      notice: values.notice ?? '',
      target: values.target ?? '',
      people: values.people ?? '',
      duration: values.duration ?? '',
      product: values.product ?? '',
      replacing: values.replacing ?? '',
      reason: values.reason ?? '',
      products: products.map((p) => ({ title: m.t('form.product.choice', { name: p.displayName, free: p.free }), value: p.skuPartNumber })),
      replaceable: products.map((p) => ({ title: p.displayName, value: p.skuPartNumber })),
    });
  }

  private async reply(context: TurnContext, view: object): Promise<void> {
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(renderCard('message', view))));
  }
}

/** The form's validation messages in the reader's language, by field (zod's own messages are English). */
function formIssue(m: Messages, field: PropertyKey | undefined, english: string): string {
  const keys: Record<string, MessageKey> = { target: 'form.error.target', product: 'form.error.product', reason: 'form.error.reason-too-long' };
  const key = typeof field === 'string' ? keys[field] : undefined;
  return key ? m.t(key, { max: MAX_REASON_LENGTH }) : english;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function formValues(input: SubmitInput): Record<string, string> {
  const target = input.target.kind === 'self' ? 'me' : input.target.kind === 'address' || input.target.kind === 'name' ? input.target.value : input.target.aadObjectId;
  const duration = input.duration ? (input.duration.kind === 'until' ? input.duration.at : `${input.duration.amount} ${input.duration.unit}s`) : '';
  return { target, product: input.product, replacing: input.replacing ?? '', reason: input.reason ?? '', duration };
}
