/**
 * The alert card's view model (cards/alert.json): an incident's codes and parameters turned into plain words, in
 * the reader's language. Pure. Every code maps to a catalog key in a literal table (alert.* in locales/).
 */
import type { AffectedPerson, Cause, CauseCode, Fix, HistoryEntry, Incident, SeatCandidate, Severity } from '../../alerts/types';
import { messagesFor, type Language, type MessageKey, type Messages } from '../i18n';

export interface AlertCardView {
  lang: string;
  incidentId: string;
  title: string;
  titleColor: 'Attention' | 'Warning' | 'Default' | 'Good';
  status: string;
  statusColor: 'Attention' | 'Warning' | 'Default' | 'Good';
  summary: string;
  facts: Array<{ title: string; value: string }>;
  peopleTitle: string;
  people: string[];
  hasPeople: boolean;
  fixes: string[];
  hasFixes: boolean;
  history: string[];
  notice: string;
  canReprocess: boolean;
  canRequestLicense: boolean;
  fallbackText: string;
  /** The card's fixed labels in the reader's language. */
  t: { whatToDo: string; history: string; reprocess: string; requestLicense: string };
}

const COLOR: Record<Severity, AlertCardView['titleColor']> = { high: 'Attention', medium: 'Warning', low: 'Default' };

/** "High" as a fact value; "high" inside a sentence (history, the alerts list). */
export const SEVERITY: Record<Severity, MessageKey> = { high: 'alert.severity.high', medium: 'alert.severity.medium', low: 'alert.severity.low' };
export const SEVERITY_INLINE: Record<Severity, MessageKey> = { high: 'alert.severity.inline.high', medium: 'alert.severity.inline.medium', low: 'alert.severity.inline.low' };

const TITLE: Record<CauseCode, MessageKey> = {
  'group-license-error': 'alert.title.group-license-error',
  'seats-exhausted': 'alert.title.seats-exhausted',
  'seats-low': 'alert.title.seats-low',
  'seats-over': 'alert.title.seats-over',
  'units-warning': 'alert.title.units-warning',
  'units-suspended': 'alert.title.units-suspended',
  'units-locked-out': 'alert.title.units-locked-out',
  'subscription-ending': 'alert.title.subscription-ending',
  'subscription-status': 'alert.title.subscription-status',
  'mailbox-disconnected': 'alert.title.mailbox-disconnected',
  'watch-off': 'alert.title.watch-off',
};

/** Entra's group-licensing error codes (not ours: any string may come); unknown ones get `alert.group-error.unknown`. */
const GROUP_ERROR: Record<string, MessageKey> = {
  CountViolation: 'alert.group-error.count-violation',
  MutuallyExclusiveViolation: 'alert.group-error.mutually-exclusive',
  DependencyViolation: 'alert.group-error.dependency',
  ProhibitedInUsageLocationViolation: 'alert.group-error.usage-location',
  UniquenessViolation: 'alert.group-error.uniqueness',
  Other: 'alert.group-error.other',
};

const FIX: Record<Fix['code'], MessageKey> = {
  'free-seats': 'alert.fix.free-seats',
  'buy-seats': 'alert.fix.buy-seats',
  'remove-from-group': 'alert.fix.remove-from-group',
  'remove-conflicting-license': 'alert.fix.remove-conflicting-license',
  'add-dependency': 'alert.fix.add-dependency',
  'set-usage-location': 'alert.fix.set-usage-location',
  'fix-proxy-address': 'alert.fix.fix-proxy-address',
  reprocess: 'alert.fix.reprocess',
  'over-allocation-grace': 'alert.fix.over-allocation-grace',
  'renew-subscription': 'alert.fix.renew-subscription',
  'reactivate-subscription': 'alert.fix.reactivate-subscription',
  'restore-license': 'alert.fix.restore-license',
  'grant-permission': 'alert.fix.grant-permission',
};

const CANDIDATE: Record<SeatCandidate['reason'], MessageKey> = {
  redundant: 'alert.candidate.redundant',
  disabled: 'alert.candidate.disabled',
  'never-signed-in': 'alert.candidate.never-signed-in',
  inactive: 'alert.candidate.inactive',
};

/** Subscription states as ICU select options (the catalog words them). */
const STATUS_OPTION = { Warning: 'warning', Suspended: 'suspended', LockedOut: 'lockedout' } as const;

/**
 * "A, B and C": the card's sentences have always joined names with "and" (no Oxford comma, hence en-GB), while
 * Messages.list is the short unit list other cards use. One formatter per language, built once.
 */
const andLists = new Map<Language, Intl.ListFormat>();
export function andList(m: Messages, items: readonly string[]): string {
  let f = andLists.get(m.language);
  if (!f) andLists.set(m.language, (f = new Intl.ListFormat(m.language === 'en' ? 'en-GB' : m.language, { type: 'conjunction' })));
  return f.format(items);
}

/** A moment as the cards show it: "23 Nov 2026, 10:00 UTC" / "23.11.2026, 10:00 UTC". */
export function atText(m: Messages, iso: string): string {
  return m.t('alert.at', { day: m.date(iso, 'date'), time: m.date(iso, 'time') });
}

export function alertTitle(cause: Cause, m: Messages = messagesFor('en')): string {
  const key = TITLE[cause.code];
  switch (cause.code) {
    case 'group-license-error':
      return m.t(key, { product: cause.product, group: cause.groupName });
    case 'seats-exhausted':
    case 'seats-over':
      return m.t(key, { product: cause.product });
    case 'seats-low':
      return m.t(key, { product: cause.product, free: cause.free, enabled: cause.enabled });
    case 'units-warning':
    case 'units-suspended':
    case 'units-locked-out':
      return m.t(key, { product: cause.product, units: cause.units });
    case 'subscription-ending':
      return m.t(key, { product: cause.product, trial: cause.isTrial ? 'yes' : 'no', days: Math.max(0, cause.daysLeft) });
    case 'subscription-status':
      return m.t(key, { product: cause.product, status: STATUS_OPTION[cause.status] });
    case 'mailbox-disconnected':
      return m.t(key, { user: cause.user });
    case 'watch-off':
      return m.t(key, { watch: cause.watch });
  }
}

function groupErrorText(m: Messages, error: string, product: string): string {
  return Object.prototype.hasOwnProperty.call(GROUP_ERROR, error) ? m.t(GROUP_ERROR[error], { product }) : m.t('alert.group-error.unknown', { error, product });
}

function summaryOf(m: Messages, incident: Incident): string {
  const c = incident.cause;
  switch (c.code) {
    case 'group-license-error': {
      const values = { count: incident.affectedCount, group: c.groupName, product: c.product, why: groupErrorText(m, c.error, c.product) };
      if (c.error !== 'CountViolation' || c.seatsShort === undefined) return m.t('alert.summary.group-license-error', values);
      const short = c.seatsShort > 0 ? m.t('alert.summary.seats-short', { count: c.seatsShort, free: c.free ?? 0 }) : m.t('alert.summary.seats-free-now', { free: c.free ?? 0 });
      return m.t('alert.summary.group-license-error.short', { ...values, short });
    }
    case 'seats-exhausted': {
      const values = { enabled: c.enabled, requests: c.waitingRequests, members: c.waitingMembers };
      if (c.waitingRequests && c.waitingMembers) return m.t('alert.summary.seats-exhausted.both', values);
      return m.t(c.waitingRequests ? 'alert.summary.seats-exhausted.requests' : 'alert.summary.seats-exhausted.members', values);
    }
    case 'seats-low':
      return m.t('alert.summary.seats-low', { consumed: c.consumed, enabled: c.enabled, pending: c.pendingRequests, full: c.free === 0 ? 'yes' : 'no' });
    case 'seats-over':
      return m.t('alert.summary.seats-over', { consumed: c.consumed, enabled: c.enabled, over: c.consumed - c.enabled });
    case 'units-warning':
      return m.t('alert.summary.units-warning');
    case 'units-suspended':
      return m.t('alert.summary.units-suspended');
    case 'units-locked-out':
      return m.t('alert.summary.units-locked-out');
    case 'subscription-ending':
      return m.t('alert.summary.subscription-ending', { day: m.date(c.at, 'date'), holders: c.holders, product: c.product });
    case 'subscription-status': {
      const values = { status: STATUS_OPTION[c.status], holders: c.holders, product: c.product };
      return c.at ? m.t('alert.summary.subscription-status.next', { ...values, day: m.date(c.at, 'date') }) : m.t('alert.summary.subscription-status', values);
    }
    case 'mailbox-disconnected': {
      const values = { initiator: c.initiator, user: c.user, at: atText(m, c.changedAt), deleted: m.date(c.deletedAfter, 'date') };
      return c.removed.length
        ? m.t('alert.summary.mailbox-disconnected.removed', { ...values, products: andList(m, c.removed.map((r) => r.product)) })
        : m.t('alert.summary.mailbox-disconnected', values);
    }
    case 'watch-off': {
      // Graph's status and error code are technical identifiers: shown as they came.
      const status = c.status ? `${c.status}${c.graphCode ? ` ${c.graphCode}` : ''}` : '';
      const values = { watch: c.watch, permission: c.permission };
      return status ? m.t('alert.summary.watch-off.status', { ...values, status }) : m.t('alert.summary.watch-off', values);
    }
  }
}

function factsOf(m: Messages, incident: Incident): Array<{ title: string; value: string }> {
  const c = incident.cause;
  const fact = (key: MessageKey, value: string) => ({ title: m.t(key), value });
  const facts = [fact('alert.fact.severity', m.t(SEVERITY[incident.severity]))];
  if ('product' in c) facts.push(fact('alert.fact.product', `${c.product} (${c.skuPartNumber})`));
  if (c.code === 'group-license-error') facts.push(fact('alert.fact.group', c.groupName), fact('alert.fact.error', c.error));
  if (c.code === 'mailbox-disconnected') {
    facts.push(fact('alert.fact.user', c.upn ? `${c.user} (${c.upn})` : c.user), fact('alert.fact.changed-by', c.initiator), fact('alert.fact.deleted-after', m.date(c.deletedAfter, 'date')));
    if (c.restore) facts.push(fact('alert.fact.restore', c.restore.product));
  }
  if (c.code === 'watch-off') facts.push(fact('alert.fact.permission', c.permission));
  facts.push(fact('alert.fact.raised', atText(m, incident.raisedAt)));
  return facts;
}

function personLine(m: Messages, p: AffectedPerson): string {
  const who = p.upn ? `${p.name} (${p.upn})` : p.name;
  if (p.note?.code === 'usage-location') return p.note.value ? m.t('alert.person.usage-location', { who, location: p.note.value }) : m.t('alert.person.usage-location.unset', { who });
  if (p.note?.code === 'also-blocked') return m.t('alert.person.also-blocked', { who, products: andList(m, p.note.products) });
  return who;
}

function candidateLine(m: Messages, c: SeatCandidate): string {
  const why =
    c.reason === 'redundant'
      ? m.t(CANDIDATE.redundant, { products: andList(m, c.coveredBy ?? []) })
      : c.reason === 'inactive' && typeof c.days !== 'number'
        ? m.t('alert.candidate.inactive.unknown')
        : m.t(CANDIDATE[c.reason], { days: c.days ?? 0 });
  return `${c.name} (${c.upn}): ${why}`;
}

export function fixText(fix: Fix, m: Messages = messagesFor('en')): string {
  const key = FIX[fix.code];
  switch (fix.code) {
    case 'free-seats':
      return m.t(key, { candidates: fix.candidates.map((c) => candidateLine(m, c)).join('; ') });
    case 'buy-seats':
      return m.t(key, { count: fix.count, product: fix.product });
    case 'remove-from-group':
      return m.t(key, { group: fix.groupName });
    case 'remove-conflicting-license':
      return fix.conflicts.length
        ? m.t(key, { conflicts: fix.conflicts.map((c) => m.t('alert.fix.conflict', { plan: c.plan, withPlan: c.withPlan, withProduct: c.withProduct })).join('; ') })
        : m.t('alert.fix.remove-conflicting-license.generic');
    case 'add-dependency':
    case 'renew-subscription':
    case 'reactivate-subscription':
      return m.t(key, { product: fix.product });
    case 'set-usage-location':
      return fix.users.length ? m.t(key, { users: andList(m, fix.users) }) : m.t('alert.fix.set-usage-location.they');
    case 'fix-proxy-address':
    case 'reprocess':
    case 'over-allocation-grace':
      return m.t(key);
    case 'restore-license':
      return m.t(key, { user: fix.user, product: fix.product });
    case 'grant-permission':
      return m.t(key, { permission: fix.permission });
  }
}

function historyLine(m: Messages, h: HistoryEntry): string {
  const people = h.affectedCount ? [m.t('alert.history.people', { count: h.affectedCount })] : [];
  const severity = h.severity ? m.t(SEVERITY_INLINE[h.severity]) : '';
  const at = atText(m, h.at);
  switch (h.event) {
    case 'raised':
      return [at, severity ? m.t('alert.history.raised.severity', { severity }) : m.t('alert.history.raised'), ...people].join(' · ');
    case 'changed':
      return [at, severity ? m.t('alert.history.changed.severity', { severity }) : m.t('alert.history.changed'), ...people].join(' · ');
    case 'reopened':
      return [at, m.t('alert.history.reopened'), ...people].join(' · ');
    case 'resolved':
      return [at, m.t('alert.history.resolved')].join(' · ');
    case 'reprocessed': {
      const values = { by: h.by ?? m.t('alert.history.an-approver'), sent: h.sent ?? 0, failed: h.failed ?? 0 };
      return [at, h.failed ? m.t('alert.history.reprocessed.failed', values) : m.t('alert.history.reprocessed', values)].join(' · ');
    }
  }
}

export function alertCardView(incident: Incident, options: { notice?: string; messages?: Messages } = {}): AlertCardView {
  const m = options.messages ?? messagesFor('en');
  const open = incident.status === 'open';
  const title = alertTitle(incident.cause, m);
  const shownTitle = open ? title : m.t('alert.title.resolved', { title });
  const summary = summaryOf(m, incident);
  const people = incident.affected.map((p) => personLine(m, p));
  const more = incident.affectedCount - incident.affected.length;
  if (more > 0) people.push(m.t('alert.people.more', { count: more }));
  const status = open ? m.t('alert.status.open', { id: incident.id }) : m.t('alert.status.resolved', { at: atText(m, incident.resolvedAt ?? incident.updatedAt), id: incident.id });
  const losing = incident.cause.code === 'subscription-ending' || incident.cause.code === 'subscription-status';
  return {
    lang: m.language,
    incidentId: incident.id,
    title: shownTitle,
    titleColor: open ? COLOR[incident.severity] : 'Good',
    status,
    statusColor: open ? COLOR[incident.severity] : 'Good',
    summary,
    facts: factsOf(m, incident),
    peopleTitle: m.t(losing ? 'alert.people.title.losing' : 'alert.people.title', { count: incident.affectedCount }),
    people,
    hasPeople: people.length > 0,
    fixes: open ? incident.fixes.map((f) => fixText(f, m)) : [],
    hasFixes: open && incident.fixes.length > 0,
    history: incident.history.slice(-6).map((h) => historyLine(m, h)),
    notice: options.notice ?? '',
    canReprocess: open && incident.actions.includes('reprocess'),
    canRequestLicense: open && incident.actions.includes('request-license'),
    fallbackText: `${shownTitle} — ${summary}`,
    t: { whatToDo: m.t('alert.heading.what-to-do'), history: m.t('alert.heading.history'), reprocess: m.t('alert.action.reprocess'), requestLicense: m.t('alert.action.request-license') },
  };
}
