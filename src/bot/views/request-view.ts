import type { Refusal } from '../../requests/preflight';
import type { LicenseRequest } from '../../requests/request';
import { messagesFor, phraseLines, phraseText, type Messages } from '../i18n';
import { budgetFacts, overBudgetNotices, temporaryFact } from './temporary-text';

export type RequestViewer = 'approver' | 'requester' | 'readonly';

export interface RequestCardView {
  lang: string;
  id: string;
  title: string;
  status: string;
  statusColor: 'Default' | 'Good' | 'Warning' | 'Attention' | 'Accent';
  facts: Array<{ title: string; value: string }>;
  gains: string[];
  losses: string[];
  hasGains: boolean;
  hasLosses: boolean;
  notices: string[];
  hasNotices: boolean;
  canDecide: boolean;
  canCancel: boolean;
  refreshUserIds: string[];
  fallbackText: string;
  /** The card's fixed labels in the reader's language. */
  t: { refresh: string; gains: string; losses: string; comment: string; commentPlaceholder: string; approve: string; reject: string; cancel: string };
}

/** An executor failure in the reader's language: its phrase, or Graph's reason by kind, else the stored English. */
export function failureText(m: Messages, failure: NonNullable<LicenseRequest['execution']>['failure']): string {
  if (!failure) return m.t('request.failure.unknown');
  if (failure.phrase) return phraseText(m, failure.phrase, failure.message);
  const graphKey = `graph.reason.${failure.kind}`;
  // Only when the stored text is exactly Graph's plain reason (no ids appended) is the translation the same statement.
  if (m.has(graphKey) && messagesFor('en').t(graphKey) === failure.message) return m.t(graphKey);
  return failure.message;
}

export function statusOf(m: Messages, r: LicenseRequest): { status: string; color: RequestCardView['statusColor'] } {
  const by = r.decision?.policy ? m.t('request.by-policy') : String(r.decision?.by.name);
  switch (r.status) {
    case 'pending':
      return { status: m.t('request.status.pending', { expires: m.date(r.expiresAt, 'day') }), color: 'Accent' };
    case 'approved':
      return { status: m.t('request.status.approved', { by, at: m.date(r.decision!.at, 'dateTime') }), color: 'Good' };
    case 'executing':
      return { status: m.t('request.status.executing', { by }), color: 'Good' };
    case 'completed':
      return {
        status: m.t('request.status.completed', { by, at: m.date(r.execution?.finishedAt ?? r.updatedAt, 'dateTime'), verified: r.execution?.verified === false ? 'no' : 'yes' }),
        color: 'Good',
      };
    case 'failed':
      return { status: m.t('request.status.failed', { reason: failureText(m, r.execution?.failure) }), color: 'Attention' };
    case 'rejected':
      return {
        status: r.decision?.comment
          ? m.t('request.status.rejected.comment', { by, at: m.date(r.decision!.at, 'dateTime'), comment: r.decision.comment })
          : m.t('request.status.rejected', { by, at: m.date(r.decision!.at, 'dateTime') }),
        color: 'Attention',
      };
    case 'cancelled':
      return { status: m.t('request.status.cancelled', { by: r.cancelledBy?.name ?? r.requester.name, at: m.date(r.updatedAt, 'dateTime') }), color: 'Warning' };
    case 'expired':
      return { status: m.t('request.status.expired', { expires: m.date(r.expiresAt, 'day') }), color: 'Warning' };
  }
}

/** The status line alone (the requests list shows it under each request). */
export function requestStatusText(r: LicenseRequest, m: Messages = messagesFor('en')): string {
  return statusOf(m, r).status;
}

export function requestCardView(r: LicenseRequest, viewer: RequestViewer, refreshUserIds: string[] = [], m: Messages = messagesFor('en')): RequestCardView {
  const { status, color } = statusOf(m, r);
  const s = r.summary;
  const mailbox =
    s.mailboxUsedGB !== undefined
      ? m.t('request.fact.mailbox.used', { from: s.quotaFromGB, to: s.quotaToGB, used: s.mailboxUsedGB })
      : m.t('request.fact.mailbox.value', { from: s.quotaFromGB, to: s.quotaToGB });
  const cost = s.monthlyCostChange === null ? m.t('request.fact.cost.unknown') : m.t('request.fact.cost.value', { amount: m.signedMoney(s.monthlyCostChange, s.currency) });
  const facts = [
    { title: m.t('request.fact.for'), value: r.target.name },
    { title: m.t('request.fact.asked-by'), value: r.requester.name },
    { title: m.t('request.fact.add'), value: r.add.displayName },
    ...(r.remove ? [{ title: m.t('request.fact.remove'), value: r.remove.displayName }] : []),
    { title: m.t('request.fact.mailbox'), value: mailbox },
    { title: m.t('request.fact.cost'), value: cost },
    { title: m.t('request.fact.free-seats'), value: m.t('request.fact.free-seats.value', { count: s.seatsFreeAtRequest }) },
    ...(r.reason ? [{ title: m.t('request.fact.reason'), value: r.reason }] : []),
    ...(temporaryFact(m, r) ? [temporaryFact(m, r)!] : []),
    ...budgetFacts(m, r.budgets),
  ];
  const gains = phraseLines(m, s.phrases?.gains, s.gains);
  const losses = phraseLines(m, s.phrases?.losses, s.losses);
  const notices = [...(viewer === 'approver' ? overBudgetNotices(m, r.budgets) : []), ...phraseLines(m, s.phrases?.notices, s.notices ?? [])];
  const canDecide = viewer === 'approver' && r.status === 'pending';
  const canCancel = viewer === 'requester' && r.status === 'pending';
  return {
    lang: m.language,
    id: r.id,
    title: r.extension ? m.t('request.title.extension', { id: r.id, of: r.extension.of }) : m.t(r.remove ? 'request.title.change' : 'request.title.add', { id: r.id }),
    status,
    statusColor: color,
    facts,
    gains,
    losses,
    hasGains: gains.length > 0,
    hasLosses: losses.length > 0,
    notices,
    hasNotices: notices.length > 0,
    canDecide,
    canCancel,
    refreshUserIds,
    fallbackText: m.t('request.fallback', { id: r.id, product: r.add.displayName, target: r.target.name, status }),
    t: {
      refresh: m.t('request.action.refresh'),
      gains: m.t('request.heading.gains'),
      losses: m.t('request.heading.losses'),
      comment: m.t('request.input.comment'),
      commentPlaceholder: m.t('request.input.comment.placeholder'),
      approve: m.t('request.action.approve'),
      reject: m.t('request.action.reject'),
      cancel: m.t('request.action.cancel'),
    },
  };
}

/** A notice shown on top of a request card (no seat at approval, not yours to decide…). */
export function withNotice(r: LicenseRequest, notice: string, m: Messages): LicenseRequest {
  const s = r.summary;
  const notices = phraseLines(m, s.phrases?.notices, s.notices ?? []);
  return { ...r, summary: { ...s, notices: [notice, ...notices], phrases: s.phrases ? { ...s.phrases, notices: [] } : undefined } };
}

/** Plain words for a refusal: what is wrong and what to do. */
export function refusalText(refusal: Refusal, targetName: string, m: Messages = messagesFor('en')): { title: string; text: string; items: string[] } {
  const list = (products: Array<{ skuPartNumber: string; displayName: string }>) => products.map((p) => m.t('refusal.product-item', { name: p.displayName, sku: p.skuPartNumber }));
  const target = targetName;
  switch (refusal.kind) {
    case 'unknown-product':
      return { title: m.t('refusal.unknown-product.title', { text: refusal.text }), text: refusal.suggestions.length ? m.t('refusal.unknown-product.suggest') : m.t('refusal.unknown-product.none'), items: list(refusal.suggestions) };
    case 'ambiguous-product':
      return { title: m.t('refusal.ambiguous-product.title', { text: refusal.text }), text: m.t('refusal.ambiguous-product.text'), items: list(refusal.candidates) };
    case 'not-assignable':
      return { title: m.t('refusal.not-assignable.title', { product: refusal.product.displayName }), text: m.t('refusal.not-assignable.text', { why: phraseText(m, refusal.whyPhrase, refusal.why) }), items: [] };
    case 'replace-not-held':
      return { title: m.t('refusal.replace-not-held.title', { target, product: refusal.product.displayName }), text: m.t('refusal.replace-not-held.text'), items: list(refusal.held) };
    case 'replace-inherited':
      return {
        title: m.t('refusal.replace-inherited.title', { product: refusal.product.displayName }),
        text: m.t('refusal.replace-inherited.text', { target }),
        items: refusal.groupIds.map((g, i) => m.t('refusal.replace-inherited.group', { group: refusal.groupNames?.[i] ?? g })),
      };
    case 'same-product':
      return { title: m.t('refusal.same-product.title'), text: m.t('refusal.same-product.text'), items: [] };
    case 'already-has':
      return { title: m.t('refusal.already-has.title', { target }), text: m.t('refusal.already-has.text', { product: refusal.product.displayName, covered: m.list(refusal.coveredBy) }), items: [] };
    case 'redundant-on-arrival':
      return {
        title: m.t('refusal.redundant-on-arrival.title', { target, product: refusal.product.displayName }),
        text: refusal.viaGroup ? m.t('refusal.redundant-on-arrival.group', { product: refusal.product.displayName }) : m.t('refusal.redundant-on-arrival.text', { product: refusal.product.displayName, covered: m.list(refusal.coveredBy) }),
        items: [],
      };
    case 'no-usage-location':
      return { title: m.t('refusal.no-usage-location.title', { target }), text: m.t('refusal.no-usage-location.text'), items: [] };
    case 'mailbox-guard':
      return { title: m.t('refusal.mailbox-guard.title'), text: m.t('refusal.mailbox-guard.text', { target }), items: phraseLines(m, refusal.problemPhrases, refusal.problems) };
    case 'no-mailbox-left':
      return { title: m.t('refusal.no-mailbox-left.title', { target }), text: m.t('refusal.no-mailbox-left.text'), items: phraseLines(m, refusal.lossPhrases, refusal.losses) };
    case 'duplicate':
      return { title: m.t('refusal.duplicate.title'), text: m.t('refusal.duplicate.text', { ids: m.list(refusal.requestIds), count: refusal.requestIds.length }), items: [] };
  }
}
