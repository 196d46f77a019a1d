/**
 * The report summary card's view model (cards/report.json). Pure: a TenantReport and a link in, strings out.
 * The findings are worded here from the report's numbers, in the reader's language; in English they read
 * exactly as `summarizeReport` (which the CLI prints) — a test holds the two together. The CSV stays English.
 */
import type { TrendPoint } from '../../report/history';
import { groupErrorsByKind } from '../../report/summary';
import type { TenantReport } from '../../report/types';
import { messagesFor, type Messages } from '../i18n';
import { reportBillingView, type ReportBillingView } from './report-billing-view';

export interface ReportCardView {
  lang: string;
  title: string;
  subtitle: string;
  headline: string;
  headlineColor: 'Attention' | 'Good';
  findings: Array<{ label: string; value: string; detail: string; color: 'Attention' | 'Warning' | 'Good' }>;
  hasNotes: boolean;
  notes: string[];
  /** Empty when no link is offered (the card then only has "New download link"). */
  downloadUrl: string;
  reportId: string;
  linkActionTitle: string;
  footer: string;
  /** The bill: spend, charts with fallbacks, overlapping suites, renewals (report-billing-view.ts). */
  billing: ReportBillingView;
  /** Empty when the billing CSV is not offered (its rows were not kept). */
  billingUrl: string;
  billingFooter: string;
  /** Set for the scheduled (monthly) report: a line above the title. */
  intro: string;
  t: { download: string; downloadBilling: string };
}

export interface ReportCardExtras {
  /** The one-time link to the per-user billing CSV. */
  billingLink?: ReportLink | null;
  /** Weekly points, oldest first (src/report/history.ts). */
  trend?: readonly TrendPoint[];
  /** The scheduled report: its period ("2026-12") and whether it goes to a channel. */
  scheduled?: { period: string; channel: boolean };
}

export interface ReportLink {
  url: string;
  expiresAt: Date;
}

const MAX_NOTES = 3;
const MAX_DETAIL = 200;
const TOP = 3;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

type Finding = ReportCardView['findings'][number];

/** "Microsoft 365 E5: 0 of 2 free" for the products near exhaustion, fewest free first (the weekly digest shows them too). */
export function seatLines(m: Messages, report: TenantReport): string[] {
  const n = (v: number) => m.number(v);
  return report.skus
    .filter((s) => s.nearExhaustion)
    .sort((a, b) => a.freeAfterPending - b.freeAfterPending)
    .map((s) => {
      const values = { product: s.displayName, free: n(Math.max(0, s.free)), total: n(s.enabled), requested: s.pendingRequests };
      return report.pendingRequestsJoined && s.pendingRequests ? m.t('report.seats.item.requested', values) : m.t('report.seats.item', values);
    });
}

/** The report's one-line verdict (also the weekly digest's headline). */
export function reportHeadline(m: Messages, report: TenantReport): string {
  const t = report.totals;
  return t.redundantLicenses ? m.t('report.headline.waste', { cost: m.money(t.monthlyWaste, t.currency), count: t.redundantLicenses }) : m.t('report.headline.clean');
}

function findings(m: Messages, report: TenantReport): Finding[] {
  const t = report.totals;
  const money = (n: number) => m.money(n, t.currency);
  const n = (v: number) => m.number(v);
  const out: Finding[] = [];

  const redundantTop = report.redundant
    .slice(0, TOP)
    .map((r) => (r.monthlyCost === null ? m.t('report.redundant.item', { user: r.user, product: r.product }) : m.t('report.redundant.item.cost', { user: r.user, product: r.product, cost: money(r.monthlyCost) })));
  out.push({
    label: m.t('report.redundant.label'),
    value: t.redundantLicenses ? m.t('report.value.count-cost', { count: n(t.redundantLicenses), cost: money(t.monthlyWaste) }) : m.t('report.value.none'),
    detail: redundantTop.length ? `${redundantTop.join('; ')}${t.redundantLicenses > TOP ? '; …' : ''}` : '',
    color: t.redundantLicenses ? 'Attention' : 'Good',
  });

  const byError = groupErrorsByKind(report);
  out.push({
    label: m.t('report.group-errors.label'),
    value: t.groupErrors ? n(t.groupErrors) : m.t('report.value.none'),
    detail: [...byError]
      .sort((a, b) => b[1].count - a[1].count)
      .slice(0, TOP)
      .map(([error, { count, groups }]) => {
        const names = [...groups].slice(0, 2).join(', ') + (groups.size > 2 ? ', …' : '');
        return groups.size ? m.t('report.group-errors.item.groups', { count, error, groups: names }) : m.t('report.group-errors.item', { count, error });
      })
      .join('; '),
    color: t.groupErrors ? 'Attention' : 'Good',
  });

  const inactiveParts = [
    t.disabledLicensed ? m.t('report.inactive.disabled', { count: n(t.disabledLicensed) }) : '',
    t.neverSignedIn ? m.t('report.inactive.never', { count: n(t.neverSignedIn) }) : '',
    t.notSignedInRecently ? m.t('report.inactive.idle', { count: n(t.notSignedInRecently), days: report.inactiveDays }) : '',
  ].filter(Boolean);
  const parts = inactiveParts.join(', ');
  out.push({
    label: m.t('report.inactive.label'),
    value: t.inactiveAccounts ? m.t('report.value.count-cost', { count: n(t.inactiveAccounts), cost: money(t.inactiveMonthlyCost) }) : m.t('report.value.none'),
    detail: report.signInDataAvailable ? parts : inactiveParts.length ? m.t('report.inactive.no-sign-in-data.after', { parts }) : m.t('report.inactive.no-sign-in-data'),
    color: t.inactiveAccounts ? 'Warning' : 'Good',
  });

  const seatsNear = report.skus.filter((s) => s.nearExhaustion);
  const seats = seatLines(m, report);
  out.push({
    label: m.t('report.seats.label'),
    value: seatsNear.length ? m.t('report.seats.value', { count: seatsNear.length }) : m.t('report.value.none'),
    detail: seats.slice(0, TOP).join('; '),
    color: seatsNear.length ? 'Warning' : 'Good',
  });

  if (t.noUsageLocation) {
    const licensed = report.noUsageLocation.filter((x) => x.licensed).length;
    out.push({
      label: m.t('report.usage-location.label'),
      value: m.t('report.usage-location.value', { count: t.noUsageLocation }),
      detail: licensed ? m.t('report.usage-location.detail.licensed', { count: n(licensed) }) : m.t('report.usage-location.detail'),
      color: 'Warning',
    });
  }
  if (report.budgets?.length) {
    const over = report.budgets.filter((b) => b.over).length;
    out.push({
      label: m.t('report.budgets.label'),
      value: m.t('report.budgets.value', { count: report.budgets.length, over }),
      detail: report.budgets
        .slice(0, TOP)
        .map((b) => m.t('report.budgets.item', { scope: b.scope === 'group' ? m.t('budget.scope.group', { name: b.name }) : b.name, used: n(b.used), limit: n(b.limit), product: b.product }))
        .join('; '),
      color: over ? 'Attention' : 'Good',
    });
  }
  return out.map((f) => ({ ...f, detail: clip(f.detail, MAX_DETAIL) }));
}

/**
 * The report's caveats come as English sentences (they are also in the CLI and CSV); the ones we know are
 * re-said from the report's data in the reader's language, anything else stays as it is.
 */
function notes(m: Messages, report: TenantReport): string[] {
  const en = messagesFor('en');
  const known: Array<[string, string]> = [];
  const say = (key: Parameters<Messages['t']>[0], values?: Record<string, string | number>) => known.push([en.t(key, values), m.t(key, values)]);
  say('report.note.no-sign-in-data');
  say('report.note.group-names');
  say('report.note.no-request-store');
  say('report.note.subscriptions');
  const mismatched = report.skus.filter((s) => s.consumedMismatch);
  if (mismatched.length) {
    const enList = mismatched.map((s) => en.t('report.note.seat-mismatch.item', { sku: s.skuPartNumber, graph: s.consumed, counted: s.consumedCounted })).join(', ');
    const list = m.list(mismatched.map((s) => m.t('report.note.seat-mismatch.item', { sku: s.skuPartNumber, graph: s.consumed, counted: s.consumedCounted })));
    known.push([en.t('report.note.seat-mismatch', { skus: enList }), m.t('report.note.seat-mismatch', { skus: list })]);
  }
  const unpriced = [...report.totals.unpricedSkus].sort();
  if (unpriced.length) known.push([en.t('report.note.unpriced', { skus: unpriced.join(', ') }), m.t('report.note.unpriced', { skus: m.list(unpriced) })]);
  const translated = new Map(known);
  return report.notes.map((note) => translated.get(note) ?? note);
}

export function reportCardView(report: TenantReport, reportId: string, link: ReportLink | null, m: Messages = messagesFor('en'), extras: ReportCardExtras = {}): ReportCardView {
  const t = report.totals;
  const shown = notes(m, report).slice(0, MAX_NOTES).map((x) => clip(x, MAX_DETAIL));
  const generated = new Date(report.generatedAt);
  const billing = reportBillingView(report, extras.trend ?? [], m);
  // Overlapping suites (issue 17) as one more finding line, after the others.
  const overlap: Finding = { label: billing.overlap.label, value: billing.overlap.value, detail: clip(billing.overlap.detail, MAX_DETAIL), color: billing.overlap.color };
  return {
    lang: m.language,
    title: extras.scheduled ? m.t('report.scheduled.title') : m.t('report.title'),
    subtitle: m.t('report.subtitle', { users: t.users, licensed: t.licensedUsers, day: m.date(generated, 'date'), time: m.date(generated, 'time') }),
    headline: reportHeadline(m, report),
    headlineColor: t.redundantLicenses ? 'Attention' : 'Good',
    findings: [...findings(m, report), overlap],
    hasNotes: shown.length > 0,
    notes: shown,
    downloadUrl: link?.url ?? '',
    reportId,
    linkActionTitle: link ? m.t('report.action.new-link') : m.t('report.action.get-link'),
    footer: link ? m.t('report.footer.link', { until: m.date(link.expiresAt, 'time') }) : m.t('report.footer'),
    billing,
    billingUrl: extras.billingLink?.url ?? '',
    billingFooter: extras.billingLink ? m.t('report.footer.billing') : '',
    intro: extras.scheduled ? `${m.t('report.scheduled.intro', { period: extras.scheduled.period })}${extras.scheduled.channel ? ` ${m.t('report.scheduled.channel')}` : ''}` : '',
    t: { download: m.t('report.action.download'), downloadBilling: m.t('report.action.download-billing') },
  };
}
