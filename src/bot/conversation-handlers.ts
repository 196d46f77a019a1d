/**
 * Free text that is not a command: understood (src/conversation), then answered from the tenant's data
 * (LicenseAnswers) in the asker's language. A low-confidence guess is never shown as a fact: it becomes
 * "Did you mean …" buttons; a request in words opens a pre-filled form and is never sent without a click.
 */
import { CardFactory, MessageFactory, type AdaptiveCardInvokeResponse, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { UnderstandingEngine, Understanding, IntentId, PersonMention } from '../conversation';
import { isIntentId } from '../conversation';
import type { Logger } from '../logging';
import type { LicenseAnswers, PersonLookup, Subject } from '../services/license-answers';
import { messagesFor, type MessageKey, type Messages } from './i18n';
import { renderCard, type CardName } from './render';
import { turnOf } from './turn';
import {
  ambiguousPersonView,
  ASK_INTENT_VERB,
  compareView,
  featureAnswerView,
  mailboxView,
  noProductView,
  OPEN_FORM_VERB,
  REQUEST_PREFILL_VERB,
  seatsView,
  type AnswerSubject,
} from './views/answer-views';
import { licenseCardView } from './views/license-view';
import { helpView, messageView, welcomeView } from './views/simple-views';

/** Below this the classifier's top intent is offered as a question, not acted on. */
export const ACT_ABOVE = 0.6;
/** Alternatives shown in "Did you mean …" need at least this score. */
const SUGGEST_ABOVE = 0.08;

/** What the rest of the bot does for intents that have a command of their own. */
export interface ConversationRoutes {
  showForm(context: TurnContext, error?: string, values?: Partial<Record<'target' | 'product' | 'replacing' | 'reason' | 'duration' | 'people' | 'notice', string>>): Promise<void>;
  listRequests(context: TurnContext): Promise<void>;
  report(context: TurnContext): Promise<void>;
  /** The license card of someone else, with the same rules as `license <user>`. */
  sendLookup(context: TurnContext, lookup: PersonLookup, m: Messages): Promise<void>;
}

const IntentData = z.object({ intent: z.string().max(40), text: z.string().max(1000) });
const PrefillData = z.object({
  product: z.string().max(200).optional(),
  target: z.string().max(254).optional(),
  replacing: z.string().max(200).optional(),
  reason: z.string().max(500).optional(),
});

const INTENT_LABEL: Record<IntentId, MessageKey> = {
  'licenses.mine': 'answer.intent.licenses-mine',
  'feature.check': 'answer.intent.feature-check',
  'feature.whynot': 'answer.intent.feature-whynot',
  'mailbox.status': 'answer.intent.mailbox-status',
  'licenses.compare': 'answer.intent.licenses-compare',
  'request.create': 'answer.intent.request-create',
  'requests.status': 'answer.intent.requests-status',
  'process.approver': 'answer.intent.process-approver',
  'process.how': 'answer.intent.process-how',
  'admin.seats': 'answer.intent.admin-seats',
  'admin.redundant': 'answer.intent.admin-redundant',
  'admin.inactive': 'answer.intent.admin-inactive',
  'admin.report': 'answer.intent.admin-report',
  help: 'answer.intent.help',
  greeting: 'answer.intent.greeting',
  thanks: 'answer.intent.thanks',
  None: 'answer.intent.none',
};

export interface ConversationHandlersDeps {
  understanding: UnderstandingEngine;
  answers: LicenseAnswers;
  routes: ConversationRoutes;
  requestExpiryDays: number;
  now?: () => Date;
  logger: Logger;
}

export class ConversationHandlers {
  constructor(private readonly deps: ConversationHandlersDeps) {}

  /** A message that is not a command. */
  async onText(context: TurnContext, text: string): Promise<void> {
    const understanding = await this.understand(context, text);
    const m = messagesFor(understanding.language);
    turnOf(context, this.deps.logger).logger.info(
      { intent: understanding.intent, confidence: Math.round(understanding.confidence * 100) / 100, language: understanding.language },
      'understood',
    );
    if (understanding.intent !== 'None' && understanding.confidence < ACT_ABOVE) return this.didYouMean(context, m, understanding, text);
    await this.answer(context, m, understanding, understanding.intent, text);
  }

  /**
   * Text that looked like a command but did not parse ("license question: do I have Visio?"): answered when it is
   * confidently a question, else false and the caller shows the command's usage.
   */
  async answerIfUnderstood(context: TurnContext, text: string): Promise<boolean> {
    const understanding = await this.understand(context, text);
    if (understanding.intent === 'None' || understanding.confidence < ACT_ABOVE) return false;
    await this.answer(context, messagesFor(understanding.language), understanding, understanding.intent, text);
    return true;
  }

  /** Card buttons of the answers: verbs ask.* */
  async onAction(context: TurnContext, verb: string, data: unknown): Promise<AdaptiveCardInvokeResponse> {
    const turn = turnOf(context, this.deps.logger);
    if (verb === ASK_INTENT_VERB) {
      const parsed = IntentData.safeParse(data);
      if (!parsed.success || !isIntentId(parsed.data.intent)) return invokeError(400, 'BadRequest', 'This button carries no valid question.');
      // The text is the asker's own, re-understood here: only the intent comes from the button.
      const understanding = await this.understand(context, parsed.data.text);
      await this.answer(context, messagesFor(understanding.language), understanding, parsed.data.intent, parsed.data.text);
      return acknowledged(messagesFor(understanding.language).t('answer.acknowledged'));
    }
    if (verb === REQUEST_PREFILL_VERB || verb === OPEN_FORM_VERB) {
      const parsed = PrefillData.safeParse(data ?? {});
      if (!parsed.success) return invokeError(400, 'BadRequest', 'This button carries no valid request.');
      await this.deps.routes.showForm(context, '', verb === OPEN_FORM_VERB ? {} : parsed.data);
      return acknowledged(messagesFor(turn.locale).t('answer.acknowledged'));
    }
    turn.logger.warn({ verb: verb.slice(0, 50) }, 'refused: unknown answer action');
    return invokeError(400, 'UnknownAction', `Unknown action "${verb.slice(0, 50)}".`);
  }

  private async understand(context: TurnContext, text: string): Promise<Understanding> {
    const products = await this.deps.answers.products().catch(() => []);
    return this.deps.understanding.understand(text, context.activity.locale ?? undefined, { products, now: this.deps.now?.() });
  }

  private async answer(context: TurnContext, m: Messages, u: Understanding, intent: IntentId, text: string): Promise<void> {
    const turn = turnOf(context, this.deps.logger);
    const actor = turn.actor;
    const e = u.entities;
    switch (intent) {
      case 'greeting':
        return this.send(context, 'help', welcomeView(m));
      case 'help':
        return this.send(context, 'help', helpView(m.t('answer.help.intro'), undefined, m));
      case 'thanks':
        return this.send(context, 'message', messageView(m.t('answer.thanks.title'), m.t('answer.thanks.text'), { lang: m.language }));
      case 'None':
        return this.send(context, 'help', helpView(m.t('answer.none.intro'), undefined, m));
      case 'requests.status':
        return this.deps.routes.listRequests(context);
      case 'admin.report':
      case 'admin.redundant':
      case 'admin.inactive':
        return this.deps.routes.report(context);
      case 'process.how':
        return this.send(context, 'message', messageView(m.t('answer.process.how.title'), m.t('answer.process.how.text'), {
          lang: m.language,
          items: [m.t('answer.process.how.step1'), m.t('answer.process.how.step2'), m.t('answer.process.how.step3', { days: this.deps.requestExpiryDays }), m.t('answer.process.how.step4')],
          actions: [{ title: m.t('answer.open-form'), verb: OPEN_FORM_VERB, data: {} }],
        }));
      case 'process.approver': {
        const { configured, names, total } = await this.deps.answers.approverNames();
        if (!configured) return this.send(context, 'message', messageView(m.t('message.no-approver-group.title'), m.t('message.no-approver-group.text'), { lang: m.language, color: 'Warning' }));
        const more = total - names.length;
        return this.send(context, 'message', messageView(m.t('answer.process.approver.title'), m.t('answer.process.approver.text', { names: m.list(names), more }), {
          lang: m.language,
          footer: m.t('answer.process.approver.footer'),
          actions: [{ title: m.t('answer.open-form'), verb: OPEN_FORM_VERB, data: {} }],
        }));
      }
    }
    if (!actor) return this.send(context, 'message', messageView(m.t('message.no-user.title'), m.t('message.no-user.text'), { lang: m.language, color: 'Warning' }));
    const subject = subjectOf(e.people);
    switch (intent) {
      case 'licenses.mine': {
        const lookup = await this.deps.answers.lookup(actor.aadObjectId, subject);
        if (lookup.kind === 'ok') return this.send(context, 'license', licenseCardView(lookup.resolution, { self: lookup.self, groupNames: lookup.groupNames, readAt: lookup.readAt, messages: m }));
        return this.personProblem(context, m, lookup);
      }
      case 'feature.check':
      case 'feature.whynot': {
        const feature = e.features[0]?.feature;
        // "Do I have E5?": a product, not a feature — what it would change for them answers it.
        if (!feature && e.products.length > 0) return this.answer(context, m, u, 'licenses.compare', text);
        if (!feature) return this.didYouMean(context, m, u, text, m.t('answer.feature.which'));
        const outcome = await this.deps.answers.feature(actor.aadObjectId, subject, feature);
        if (outcome.kind !== 'answer') return this.personProblem(context, m, outcome);
        const { lookup, answer } = outcome;
        return this.send(context, 'answer', featureAnswerView(m, {
          answer,
          subject: this.answerSubject(m, lookup),
          productNames: new Map(lookup.resolution.skus.map((s) => [s.skuPartNumber, s.displayName])),
          groupNames: lookup.groupNames,
          whyNot: intent === 'feature.whynot',
        }));
      }
      case 'mailbox.status': {
        const outcome = await this.deps.answers.mailbox(actor.aadObjectId, subject);
        if (outcome.kind !== 'answer') return this.personProblem(context, m, outcome);
        return this.send(context, 'answer', mailboxView(m, { facts: outcome.facts, usage: outcome.usage, subject: this.answerSubject(m, outcome.lookup) }));
      }
      case 'licenses.compare': {
        const outcome = await this.deps.answers.compare(actor.aadObjectId, subject, e.products.map((p) => p.skuPartNumber));
        if (outcome.kind === 'no-product') return this.send(context, 'answer', noProductView(m, e.products[0]?.text, outcome.products));
        if (outcome.kind !== 'answer') return this.personProblem(context, m, outcome);
        return this.send(context, 'answer', compareView(m, { comparison: outcome.comparison, target: outcome.target, replacing: outcome.replacing, subject: this.answerSubject(m, outcome.lookup) }));
      }
      case 'admin.seats': {
        const seats = await this.deps.answers.seats(actor.aadObjectId);
        if (seats.kind === 'not-approver') return this.send(context, 'message', messageView(m.t('answer.seats.approvers-only.title'), m.t('answer.seats.approvers-only.text'), { lang: m.language, color: 'Warning' }));
        return this.send(context, 'answer', seatsView(m, seats.products, e.products.map((p) => p.skuPartNumber)));
      }
      case 'request.create':
        return this.prefilledRequest(context, m, u, text);
    }
  }

  /** "I need Visio for a few weeks", "give Megan Bowen Power BI Pro": the request form, filled in from the words. */
  private async prefilledRequest(context: TurnContext, m: Messages, u: Understanding, text: string): Promise<void> {
    const e = u.entities;
    const actor = turnOf(context, this.deps.logger).actor!;
    const person = e.people[0];
    let target = 'me';
    let error = '';
    if (person?.kind === 'address') target = person.value;
    // The form's typed field reads the command's words in every language ("my team", names, addresses).
    if (person?.kind === 'team') target = 'my team';
    let people = '';
    if (person?.kind === 'name') {
      const lookup = await this.deps.answers.lookup(actor.aadObjectId, { kind: 'name', value: person.value });
      if (lookup.kind === 'ok') {
        target = lookup.user.userPrincipalName ?? lookup.user.id;
        people = lookup.user.id; // pre-selects them in Teams' people picker
      }
      else if (lookup.kind === 'ambiguous') {
        target = '';
        error = m.t('answer.request.ambiguous', { query: lookup.query, people: lookup.candidates.map((c) => c.userPrincipalName ?? c.displayName ?? c.id).join(', ') });
      } else if (lookup.kind === 'refused') {
        target = '';
        error = m.t('answer.request.not-allowed', { name: lookup.targetName });
      } else {
        target = '';
        error = m.t('answer.request.not-found', { query: person.value });
      }
    }
    let product = e.products.find((p) => p.skuPartNumber !== e.replacing?.skuPartNumber)?.skuPartNumber ?? '';
    const tenantProducts = await this.deps.answers.products();
    if (product && !tenantProducts.some((p) => p.skuPartNumber === product)) product = '';
    if (!product && e.features[0]) {
      // "I need Project": the cheapest product in this tenant that gives it (the form lets them change it).
      const outcome = await this.deps.answers.feature(actor.aadObjectId, { kind: 'self' }, e.features[0].feature).catch(() => undefined);
      if (outcome?.kind === 'answer') product = outcome.answer.options.find((o) => o.action === 'assign')?.skuPartNumber ?? '';
    }
    const values = {
      target,
      people,
      product,
      replacing: e.replacing?.skuPartNumber ?? '',
      reason: (e.reason ?? text).slice(0, 500),
      // The form's duration field reads the command's words ("21 days", "2027-03-31") in every language.
      duration: e.duration ? (e.duration.kind === 'until' ? e.duration.date : `${e.duration.days} days`) : '',
    };
    await this.deps.routes.showForm(context, error, { ...values, notice: error ? '' : m.t('answer.request.check') });
  }

  private answerSubject(m: Messages, lookup: Extract<PersonLookup, { kind: 'ok' }>): AnswerSubject {
    const name = lookup.user.displayName ?? lookup.user.userPrincipalName ?? m.t('common.that-person');
    return { self: lookup.self, name, requestTarget: lookup.self ? 'me' : (lookup.user.userPrincipalName ?? lookup.user.id) };
  }

  private async personProblem(context: TurnContext, m: Messages, lookup: Exclude<PersonLookup, { kind: 'ok' }>): Promise<void> {
    if (lookup.kind === 'ambiguous') return this.send(context, 'answer', ambiguousPersonView(m, lookup.query, lookup.candidates));
    return this.deps.routes.sendLookup(context, lookup, m);
  }

  private async didYouMean(context: TurnContext, m: Messages, u: Understanding, text: string, intro?: string): Promise<void> {
    const candidates = [{ intent: u.intent, score: u.confidence }, ...u.alternatives]
      .filter((c, i, all) => c.intent !== 'None' && c.score >= SUGGEST_ABOVE && all.findIndex((x) => x.intent === c.intent) === i)
      .slice(0, 3);
    if (candidates.length === 0 || (intro && candidates.length === 1 && candidates[0].intent === u.intent)) {
      return this.send(context, 'help', helpView(intro ?? m.t('help.intro.unknown', { text: text.slice(0, 100) }), undefined, m));
    }
    await this.send(context, 'message', messageView(m.t('answer.did-you-mean.title'), intro ?? m.t('answer.did-you-mean.text'), {
      lang: m.language,
      actions: candidates.map((c) => ({ title: m.t(INTENT_LABEL[c.intent]), verb: ASK_INTENT_VERB, data: { intent: c.intent, text: text.slice(0, 1000) } })),
    }));
  }

  private async send(context: TurnContext, name: CardName, view: object): Promise<void> {
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(renderCard(name, view))));
  }
}

function subjectOf(people: readonly PersonMention[]): Subject {
  const person = people.find((p) => p.kind !== 'self');
  if (person?.kind === 'address') return { kind: 'address', value: person.value };
  if (person?.kind === 'name') return { kind: 'name', value: person.value };
  return { kind: 'self' };
}

function acknowledged(text: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text as unknown as Record<string, unknown> };
}

function invokeError(statusCode: number, code: string, message: string): AdaptiveCardInvokeResponse {
  return { statusCode, type: 'application/vnd.microsoft.error', value: { code, message } as unknown as Record<string, unknown> };
}
