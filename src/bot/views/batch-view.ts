import type { SkipCode } from '../../requests/batch';
import type { LicenseRequest } from '../../requests/request';
import { messagesFor, phraseText, type MessageKey, type Messages } from '../i18n';
import { failureText, statusOf, type RequestCardView, type RequestViewer } from './request-view';
import { budgetFacts, overBudgetNotices, temporaryFact } from './temporary-text';

export interface BatchCardView {
  id: string;
  title: string;
  status: string;
  statusColor: RequestCardView['statusColor'];
  facts: Array<{ title: string; value: string }>;
  seatWarning: string;
  hasSeatWarning: boolean;
  readyHeading: string;
  readyNames: string;
  hasReady: boolean;
  skipped: Array<{ heading: string; names: string }>;
  hasSkipped: boolean;
  failures: string[];
  hasFailures: boolean;
  notices: string[];
  hasNotices: boolean;
  canDecide: boolean;
  approveTitle: string;
  canCancel: boolean;
  canDownload: boolean;
  refreshUserIds: string[];
  fallbackText: string;
  t: { refresh: string; skipped: string; failures: string; comment: string; commentPlaceholder: string; reject: string; cancel: string; csv: string };
}

/** Skip reasons as catalog keys (literal, so the catalog checks see them). */
const SKIP: Record<SkipCode, MessageKey> = {
  'not-found': 'batch.skip.not-found',
  ambiguous: 'batch.skip.ambiguous',
  'not-allowed': 'batch.skip.not-allowed',
  'listed-twice': 'batch.skip.listed-twice',
  'already-has': 'batch.skip.already-has',
  'redundant-on-arrival': 'batch.skip.redundant-on-arrival',
  'no-usage-location': 'batch.skip.no-usage-location',
  'replace-not-held': 'batch.skip.replace-not-held',
  'replace-inherited': 'batch.skip.replace-inherited',
  'mailbox-guard': 'batch.skip.mailbox-guard',
  'no-mailbox-left': 'batch.skip.no-mailbox-left',
  duplicate: 'batch.skip.duplicate',
  'not-assignable': 'batch.skip.not-assignable',
  'no-seat': 'batch.skip.no-seat',
};

export function skipReason(m: Messages, code: SkipCode): string {
  return m.t(SKIP[code]);
}

function sourceText(m: Messages, r: LicenseRequest): string {
  const b = r.batch!;
  if (b.source.kind === 'group') return m.t('batch.source.group', { group: b.source.groupName ?? '', count: b.total });
  if (b.source.kind === 'team') return m.t('batch.source.team', { name: r.requester.name, count: b.total });
  return m.t('batch.source.people', { count: b.total });
}

function names(m: Messages, shown: readonly string[], total: number): string {
  const more = total - shown.length;
  return more > 0 ? m.t('batch.names.more', { names: m.list(shown), more }) : m.list(shown);
}

/** The batch's status line: the single request's, with progress while it runs and counts when done. */
function batchStatus(m: Messages, r: LicenseRequest): { status: string; color: RequestCardView['statusColor'] } {
  const b = r.batch!;
  const total = b.approvedCount ?? b.ready;
  const p = b.progress;
  if (r.status === 'executing' || r.status === 'approved') return { status: m.t('batch.status.running', { done: p.done, total, failed: p.failed }), color: 'Accent' };
  if (r.status === 'completed') return { status: m.t('batch.status.completed', { done: p.done, total, failed: p.failed, excluded: p.excluded }), color: p.failed > 0 ? 'Warning' : 'Good' };
  if (r.status === 'cancelled' && b.ready === 0) return { status: m.t('batch.status.nobody'), color: 'Warning' };
  return statusOf(m, r);
}

export function batchCardView(r: LicenseRequest, viewer: RequestViewer, refreshUserIds: string[] = [], m: Messages = messagesFor('en')): BatchCardView {
  const b = r.batch!;
  const { status, color } = batchStatus(m, r);
  const fits = b.seatsNeeded <= b.seatsFree;
  const fitting = b.ready - b.seatsNeeded + Math.min(b.seatsNeeded, b.seatsFree);
  const temporary = temporaryFact(m, r);
  const revert = b.revertProgress;
  const facts = [
    { title: m.t('request.fact.for'), value: sourceText(m, r) },
    { title: m.t('request.fact.asked-by'), value: r.requester.name },
    { title: m.t('request.fact.add'), value: r.add.displayName },
    ...(r.remove ? [{ title: m.t('request.fact.remove'), value: r.remove.displayName }] : []),
    { title: m.t('batch.fact.seats'), value: m.t('batch.seats', { needed: b.seatsNeeded, free: b.seatsFree }) },
    ...(r.summary.monthlyCostChange !== null ? [{ title: m.t('request.fact.cost'), value: m.t('request.fact.cost.value', { amount: m.signedMoney(r.summary.monthlyCostChange, r.summary.currency) }) }] : []),
    ...(r.reason ? [{ title: m.t('request.fact.reason'), value: r.reason }] : []),
    ...(temporary ? [temporary] : []),
    ...(revert ? [{ title: m.t('batch.fact.revert'), value: m.t('batch.revert-progress', { reverted: revert.reverted, total: revert.total, held: revert.held, failed: revert.failed }) }] : []),
    ...budgetFacts(m, r.budgets),
  ];
  const pending = r.status === 'pending';
  const failures = b.failures.map((f) => m.t('batch.failure.line', { name: f.name, reason: f.phrase ? phraseText(m, f.phrase, f.message) : failureText(m, { kind: '', message: f.message }) }));
  const notices = [...(viewer === 'approver' ? overBudgetNotices(m, r.budgets) : [])];
  const finished = r.status === 'completed' || r.status === 'failed';
  return {
    id: r.id,
    title: m.t('batch.title', { id: r.id, product: r.add.displayName, count: b.total }),
    status,
    statusColor: color,
    facts,
    seatWarning: pending && !fits ? m.t('batch.seats.short', { needed: b.seatsNeeded, free: b.seatsFree, fitting }) : '',
    hasSeatWarning: pending && !fits,
    readyHeading: m.t('batch.heading.ready', { count: b.ready }),
    readyNames: names(m, b.readyNames, b.ready),
    hasReady: b.ready > 0,
    skipped: b.skippedGroups.map((g) => ({ heading: m.t('batch.skip.heading', { reason: skipReason(m, g.code), count: g.count }), names: names(m, g.names, g.count) })),
    hasSkipped: b.skippedGroups.length > 0,
    failures,
    hasFailures: failures.length > 0,
    notices,
    hasNotices: notices.length > 0,
    canDecide: viewer === 'approver' && pending && fitting > 0,
    approveTitle: fits ? m.t('batch.action.approve-all', { count: b.ready }) : m.t('batch.action.approve-fitting', { count: fitting }),
    canCancel: viewer === 'requester' && pending,
    canDownload: viewer !== 'readonly' && finished,
    refreshUserIds,
    fallbackText: m.t('batch.fallback', { id: r.id, product: r.add.displayName, count: b.total, status }),
    t: {
      refresh: m.t('request.action.refresh'),
      skipped: m.t('batch.heading.skipped', { count: b.skipped }),
      failures: m.t('batch.heading.failures', { count: b.progress.failed }),
      comment: m.t('request.input.comment'),
      commentPlaceholder: m.t('request.input.comment.placeholder'),
      reject: m.t('request.action.reject'),
      cancel: m.t('request.action.cancel'),
      csv: m.t('batch.action.download'),
    },
  };
}
