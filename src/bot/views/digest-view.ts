/** The weekly digest card's view model (cards/digest.json). Pure; worded in the reader's language (digest.*). */
import type { DigestLine, DigestMetric } from '../../alerts/digest';
import type { WeeklyDigest } from '../../services/alert-notifier';
import { messagesFor, type MessageKey, type Messages } from '../i18n';
import { reportHeadline, seatLines } from './report-view';

export interface DigestView {
  lang: string;
  title: string;
  subtitle: string;
  headline: string;
  lines: Array<{ label: string; value: string }>;
  seats: string[];
  footer: string;
  /** The card's fixed labels in the reader's language. */
  t: { seats: string };
}

const LABEL: Record<DigestMetric, MessageKey> = {
  monthlyWaste: 'digest.metric.monthly-waste',
  redundantLicenses: 'digest.metric.redundant-licenses',
  groupErrors: 'digest.metric.group-errors',
  inactiveAccounts: 'digest.metric.inactive-accounts',
  inactiveMonthlyCost: 'digest.metric.inactive-monthly-cost',
  seatsNearExhaustion: 'digest.metric.seats-near-exhaustion',
  openIncidents: 'digest.metric.open-incidents',
  licensedUsers: 'digest.metric.licensed-users',
  users: 'digest.metric.users',
};

const MONEY: ReadonlySet<DigestMetric> = new Set(['monthlyWaste', 'inactiveMonthlyCost']);

/** The report's weekly history (issue 17): all waste per month (free seats, unused, redundant, overlapping) over the weeks. */
function trendLine(digest: WeeklyDigest, m: Messages): Array<{ label: string; value: string }> {
  const points = (digest.trend ?? []).slice(-8);
  if (points.length < 2) return [];
  const currency = digest.figures.currency;
  return [{ label: m.t('digest.trend.label', { weeks: points.length }), value: points.map((p) => `${p.label} ${m.money(p.wasteMonthly, currency)}`).join(' → ') }];
}

export function digestView(digest: WeeklyDigest, m: Messages = messagesFor('en')): DigestView {
  const currency = digest.figures.currency;
  const amount = (metric: DigestMetric, n: number) => (MONEY.has(metric) ? m.money(n, currency) : m.number(n));
  const lineOf = (l: DigestLine) => {
    const value = MONEY.has(l.metric) ? m.t('digest.value.per-month', { amount: amount(l.metric, l.value) }) : amount(l.metric, l.value);
    if (l.change === null) return { label: m.t(LABEL[l.metric]), value };
    if (l.change === 0) return { label: m.t(LABEL[l.metric]), value: m.t('digest.value.no-change', { value }) };
    // A sign, the amount and an arrow (▲ worse, ▼ better) read the same in every language.
    const arrow = l.direction === 'lower-is-better' ? (l.change > 0 ? ' ▲' : ' ▼') : '';
    return { label: m.t(LABEL[l.metric]), value: `${value} (${l.change > 0 ? '+' : '−'}${amount(l.metric, Math.abs(l.change))}${arrow})` };
  };
  const at = m.date(digest.figures.at, 'isoDate');
  return {
    lang: m.language,
    title: m.t('digest.title'),
    subtitle: digest.previousAt ? m.t('digest.subtitle.compared', { at, previous: m.date(digest.previousAt, 'isoDate') }) : m.t('digest.subtitle.first', { at }),
    headline: reportHeadline(m, digest.report),
    lines: [...digest.lines.map(lineOf), ...trendLine(digest, m)],
    seats: seatLines(m, digest.report).slice(0, 5),
    footer: m.t('digest.footer'),
    t: { seats: m.t('digest.heading.seats') },
  };
}
