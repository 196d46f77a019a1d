/**
 * View models of the answer card (cards/answer.json) for questions in people's words: "do I have X", "why can't
 * I …", "my mailbox is full", "E3 vs E5", seats. Pure: the service's data + a Messages in, the card's data out.
 */
import type { UserSummary } from '../../graph/types';
import type { FeatureAnswer, FeatureOption, FeatureReason } from '../../licensing/feature-check';
import type { FeatureId } from '../../licensing/feature-ids';
import type { MailboxFacts } from '../../licensing/mailbox-facts';
import type { ProductComparison } from '../../licensing/compare-products';
import type { MailboxUsageResult, TenantProduct } from '../../services/license-answers';
import { phraseLines, tierName, type MessageKey, type Messages } from '../i18n';

export type AnswerColor = 'Default' | 'Good' | 'Warning' | 'Attention' | 'Accent';

export interface AnswerAction {
  title: string;
  verb: string;
  data: Record<string, unknown>;
}

export interface AnswerView {
  lang: string;
  fallback: string;
  title: string;
  subtitle: string;
  text: string;
  /** A line after the sections (e.g. that no product here gives it, after saying why they lack it). */
  note: string;
  color: AnswerColor;
  facts: Array<{ label: string; value: string }>;
  sections: Array<{ heading: string; lines: string[] }>;
  optionsHeading: string;
  options: Array<{ name: string; detail: string; button: string; verb: string; data: Record<string, unknown> }>;
  footer: string;
  actions: AnswerAction[];
}

/** Whom the answer is about, as the card names them. */
export interface AnswerSubject {
  self: boolean;
  name: string;
  /** What the request form's "For" field gets: "me" or the person's UPN. */
  requestTarget: string;
}

/** The verb of an option's "Request" button: opens a pre-filled request form (nothing is sent without a click). */
export const REQUEST_PREFILL_VERB = 'ask.request';
/** "Did you mean …" buttons answer the same text as the chosen intent. */
export const ASK_INTENT_VERB = 'ask.intent';
/** Opens the empty request form. */
export const OPEN_FORM_VERB = 'ask.form';

/** Options shown on a card; the rest are counted in the footer. */
const MAX_OPTIONS = 4;

export function answerView(m: Messages, fields: Partial<AnswerView> & { title: string }): AnswerView {
  return {
    lang: m.language,
    fallback: fields.fallback ?? [fields.title, fields.text].filter(Boolean).join(': '),
    subtitle: '',
    text: '',
    note: '',
    color: 'Default',
    facts: [],
    sections: [],
    optionsHeading: '',
    options: [],
    footer: '',
    actions: [],
    ...fields,
  };
}

export function featureName(m: Messages, feature: FeatureId): string {
  const key = `feature.${feature}`;
  return m.has(key) ? m.t(key) : feature;
}

function optionDetail(m: Messages, option: FeatureOption): string {
  const parts: string[] = [];
  parts.push(option.price === 'unknown' ? m.t('answer.option.price-unknown') : m.t('answer.option.price', { price: m.money(option.price.monthly, option.price.currency) }));
  parts.push(option.free > 0 ? m.t('answer.option.free', { count: option.free }) : m.t('answer.option.no-free'));
  parts.push(m.t(option.kind === 'add-on' ? 'answer.option.add-on' : 'answer.option.suite'));
  if (option.needs?.length) parts.push(m.t('answer.option.needs', { features: m.list(option.needs.map((f) => featureName(m, f))) }));
  return parts.join(' · ');
}

/** The products that would give it, cheapest first, each with a Request button (enable-plan: ask an admin). */
function optionRows(m: Messages, options: readonly FeatureOption[], subject: AnswerSubject): AnswerView['options'] {
  return options.slice(0, MAX_OPTIONS).map((o) => {
    const tier = tierName(m, o.tier);
    const name = o.action === 'enable-plan' ? m.t('answer.option.enable-plan', { product: o.displayName }) : tier && !o.displayName.includes(tier) ? `${o.displayName} (${tier})` : o.displayName;
    const request = o.action === 'assign' && o.free > 0;
    return {
      name,
      detail: o.action === 'enable-plan' ? m.t('answer.option.enable-plan.detail') : optionDetail(m, o),
      button: request ? m.t('answer.option.request') : '',
      verb: REQUEST_PREFILL_VERB,
      data: { product: o.skuPartNumber, target: subject.requestTarget },
    };
  });
}

function moreOptionsFooter(m: Messages, options: readonly FeatureOption[]): string {
  return options.length > MAX_OPTIONS ? m.t('answer.option.more', { count: options.length - MAX_OPTIONS }) : '';
}

const REASON_KEY: Record<FeatureReason['kind'], MessageKey> = {
  'no-plan': 'answer.reason.no-plan',
  'plan-disabled': 'answer.reason.plan-disabled',
  pending: 'answer.reason.pending',
  'assignment-error': 'answer.reason.assignment-error',
  'subscription-suspended': 'answer.reason.subscription-suspended',
  'plan-suspended': 'answer.reason.plan-suspended',
  'lower-tier': 'answer.reason.lower-tier',
};

function reasonLine(m: Messages, reason: FeatureReason, feature: string, product: (part: string) => string, groupName: (id: string) => string): string {
  switch (reason.kind) {
    case 'no-plan':
      return m.t(REASON_KEY[reason.kind], { feature });
    case 'plan-disabled':
    case 'pending':
    case 'plan-suspended':
      return m.t(REASON_KEY[reason.kind], { feature, product: product(reason.skuPartNumber) });
    case 'assignment-error':
      return reason.groupId
        ? m.t('answer.reason.assignment-error.group', { feature, product: product(reason.skuPartNumber), error: reason.error, group: groupName(reason.groupId) })
        : m.t(REASON_KEY[reason.kind], { feature, product: product(reason.skuPartNumber), error: reason.error });
    case 'subscription-suspended':
      return m.t(REASON_KEY[reason.kind], { feature, product: product(reason.skuPartNumber), status: reason.status });
    case 'lower-tier':
      return m.t(REASON_KEY[reason.kind], { feature, product: product(reason.skuPartNumber), tier: tierName(m, reason.tier) });
  }
}

export interface FeatureViewInput {
  answer: FeatureAnswer;
  subject: AnswerSubject;
  /** skuPartNumber → display name for the products the resolution names. */
  productNames: Map<string, string>;
  groupNames: Map<string, string>;
  /** "Why can't I …": a yes says it is not a license problem. */
  whyNot: boolean;
}

export function featureAnswerView(m: Messages, input: FeatureViewInput): AnswerView {
  const { answer, subject } = input;
  const feature = featureName(m, answer.feature);
  const product = (part: string) => input.productNames.get(part) ?? part;
  const group = (id: string) => input.groupNames.get(id) ?? id;
  const who = { feature, name: subject.name };
  if (answer.has) {
    const grants = answer.grantedBy.map((g) => ({
      label: g.displayName,
      value: g.viaGroupId ? m.t('answer.feature.via-group', { group: group(g.viaGroupId) }) : m.t('answer.feature.direct'),
    }));
    const tier = answer.tier ? tierName(m, answer.tier) : '';
    // "Microsoft Teams · Level: Teams" says nothing: show the level only when it adds to the name.
    const level = tier && !feature.toLowerCase().includes(tier.toLowerCase()) ? tier : '';
    const better = optionRows(m, answer.options, subject);
    return answerView(m, {
      title: m.t(subject.self ? 'answer.feature.yes.self' : 'answer.feature.yes.other', who),
      subtitle: level ? m.t('answer.feature.tier', { tier: level }) : '',
      text: input.whyNot ? m.t('answer.feature.whynot-but-has', { feature }) : m.t('answer.feature.granted-by', { products: m.list(answer.grantedBy.map((g) => g.displayName)) }),
      color: 'Good',
      facts: grants,
      optionsHeading: better.length > 0 ? m.t('answer.feature.better-options') : '',
      options: better,
      footer: moreOptionsFooter(m, answer.options),
    });
  }
  const reasons = answer.reasons.map((r) => reasonLine(m, r, feature, product, group));
  const options = optionRows(m, answer.options, subject);
  return answerView(m, {
    title: m.t(subject.self ? 'answer.feature.no.self' : 'answer.feature.no.other', who),
    color: 'Warning',
    sections: reasons.length > 0 ? [{ heading: m.t('answer.feature.why'), lines: reasons }] : [],
    optionsHeading: options.length > 0 ? m.t('answer.feature.options') : '',
    options,
    note: options.length === 0 ? m.t('answer.feature.no-options', { feature }) : '',
    footer: moreOptionsFooter(m, answer.options),
  });
}

export interface MailboxViewInput {
  facts: MailboxFacts;
  usage: MailboxUsageResult;
  subject: AnswerSubject;
}

/** Above this share of the quota the card says "almost full". */
const ALMOST_FULL_PERCENT = 90;

export function mailboxView(m: Messages, input: MailboxViewInput): AnswerView {
  const { facts, usage, subject } = input;
  const title = subject.self ? m.t('answer.mailbox.title.self') : m.t('answer.mailbox.title.other', { name: subject.name });
  const options = optionRows(m, facts.helps, subject);
  if (!facts.hasMailbox) {
    return answerView(m, {
      title,
      text: m.t(subject.self ? 'answer.mailbox.none.self' : 'answer.mailbox.none.other', { name: subject.name }),
      color: 'Warning',
      optionsHeading: options.length > 0 ? m.t('answer.mailbox.get-one') : '',
      options,
    });
  }
  const gb = (value: number) => m.number(value, { maximumFractionDigits: 1 });
  const usedValue =
    facts.usedGB !== undefined
      ? m.t('answer.mailbox.used.value', { used: gb(facts.usedGB), quota: gb(facts.quotaGB), percent: Math.round(facts.percentUsed ?? 0) })
      : usage.kind === 'concealed'
        ? m.t('answer.mailbox.used.concealed')
        : m.t('answer.mailbox.used.unknown');
  const archiveValue =
    facts.archive === 'none'
      ? m.t('answer.mailbox.archive.none')
      : m.t(facts.archive === '50 GB' ? 'answer.mailbox.archive.50' : 'answer.mailbox.archive.auto') +
        (facts.archiveEnabled === undefined ? '' : ` · ${m.t(facts.archiveEnabled ? 'answer.mailbox.on' : 'answer.mailbox.off')}`);
  const almostFull = (facts.percentUsed ?? 0) >= ALMOST_FULL_PERCENT;
  return answerView(m, {
    title,
    subtitle: facts.tier ? m.t('answer.mailbox.plan', { tier: tierName(m, facts.tier) }) : '',
    text: almostFull ? m.t('answer.mailbox.almost-full', { percent: Math.round(facts.percentUsed ?? 0) }) : '',
    color: almostFull ? 'Warning' : 'Default',
    facts: [
      { label: m.t('answer.mailbox.quota'), value: m.t('answer.mailbox.quota.value', { quota: gb(facts.quotaGB) }) },
      { label: m.t('answer.mailbox.used'), value: usedValue },
      { label: m.t('answer.mailbox.archive'), value: archiveValue },
      { label: m.t('answer.mailbox.hold'), value: m.t(facts.litigationHold ? 'answer.mailbox.included' : 'answer.mailbox.not-included') },
      { label: m.t('answer.mailbox.outlook'), value: m.t(facts.outlookDesktop ? 'answer.mailbox.included' : 'answer.mailbox.not-included') },
    ],
    optionsHeading: options.length > 0 ? m.t('answer.mailbox.helps') : '',
    options,
    footer: usage.kind === 'concealed' ? m.t('answer.mailbox.concealed.how') : '',
  });
}

export interface CompareViewInput {
  comparison: ProductComparison;
  target: TenantProduct;
  replacing?: TenantProduct;
  subject: AnswerSubject;
}

export function compareView(m: Messages, input: CompareViewInput): AnswerView {
  const { comparison: c, target, replacing, subject } = input;
  const gains = phraseLines(m, c.gainPhrases, c.gains);
  const losses = phraseLines(m, c.lossPhrases, c.losses);
  const sections: AnswerView['sections'] = [];
  if (gains.length > 0) sections.push({ heading: m.t('answer.compare.gains'), lines: gains });
  if (losses.length > 0) sections.push({ heading: m.t('answer.compare.losses'), lines: losses });
  const cost = c.monthlyCostChange === null ? m.t('answer.compare.cost.unknown') : m.signedMoney(c.monthlyCostChange, c.currency);
  return answerView(m, {
    title: m.t('answer.compare.title', { product: target.displayName }),
    subtitle: replacing
      ? m.t(subject.self ? 'answer.compare.replacing.self' : 'answer.compare.replacing.other', { product: replacing.displayName, name: subject.name })
      : m.t(subject.self ? 'answer.compare.adding.self' : 'answer.compare.adding.other', { name: subject.name }),
    text: gains.length === 0 && losses.length === 0 ? m.t('answer.compare.nothing') : '',
    facts: [
      { label: m.t('answer.compare.cost'), value: cost },
      { label: m.t('answer.compare.seats'), value: m.t('answer.option.free', { count: target.free }) },
    ],
    sections,
    actions:
      gains.length > 0
        ? [{ title: m.t('answer.compare.request', { product: target.displayName }), verb: REQUEST_PREFILL_VERB, data: { product: target.skuPartNumber, target: subject.requestTarget, replacing: replacing?.skuPartNumber ?? '' } }]
        : [],
  });
}

export function seatsView(m: Messages, products: readonly TenantProduct[], only: readonly string[]): AnswerView {
  const wanted = only.length > 0 ? products.filter((p) => only.some((o) => o.toLowerCase() === p.skuPartNumber.toLowerCase())) : products;
  const shown = wanted.length > 0 ? wanted : products;
  return answerView(m, {
    title: m.t('answer.seats.title'),
    text: only.length > 0 && wanted.length === 0 ? m.t('answer.seats.not-in-tenant') : '',
    facts: shown.map((p) => ({
      label: p.displayName,
      value: m.t('answer.seats.value', { free: p.free, total: p.total, consumed: p.consumed }) + (p.capabilityStatus === 'Enabled' ? '' : ` · ${p.capabilityStatus}`),
    })),
    color: shown.some((p) => p.free <= 0) ? 'Warning' : 'Default',
  });
}

export function ambiguousPersonView(m: Messages, query: string, candidates: readonly UserSummary[]): AnswerView {
  return answerView(m, {
    title: m.t('answer.person.ambiguous.title', { query }),
    text: m.t('answer.person.ambiguous.text'),
    color: 'Warning',
    sections: [{ heading: m.t('answer.person.ambiguous.heading'), lines: candidates.map((c) => [c.displayName, c.userPrincipalName].filter(Boolean).join(' · ')) }],
  });
}

export function noProductView(m: Messages, asked: string | undefined, products: readonly TenantProduct[]): AnswerView {
  return answerView(m, {
    title: asked ? m.t('answer.compare.unknown-product', { product: asked }) : m.t('answer.compare.which-product'),
    text: m.t('answer.compare.example'),
    color: 'Warning',
    sections: [{ heading: m.t('answer.compare.tenant-products'), lines: products.slice(0, 15).map((p) => p.displayName) }],
  });
}
