/** The weekly digest card's view model (cards/digest.json). Pure; its English text lives here. */
import type { DigestLine, DigestMetric } from '../../alerts/digest';
import { formatMoney, summarizeReport } from '../../report/summary';
import type { WeeklyDigest } from '../../services/alert-notifier';

export interface DigestView {
  title: string;
  subtitle: string;
  headline: string;
  lines: Array<{ label: string; value: string }>;
  seats: string[];
  footer: string;
}

const LABEL: Record<DigestMetric, string> = {
  monthlyWaste: 'Redundant licenses cost',
  redundantLicenses: 'Redundant licenses',
  groupErrors: 'Group licensing errors',
  inactiveAccounts: 'Licensed but unused accounts',
  inactiveMonthlyCost: 'Unused accounts cost',
  seatsNearExhaustion: 'Products near exhaustion',
  openIncidents: 'Open alerts',
  licensedUsers: 'Licensed users',
  users: 'Users',
};

const MONEY: ReadonlySet<DigestMetric> = new Set(['monthlyWaste', 'inactiveMonthlyCost']);

/** The report's weekly history (issue 17): all waste per month (free seats, unused, redundant, overlapping) over the weeks. */
function trendLine(digest: WeeklyDigest): Array<{ label: string; value: string }> {
  const points = (digest.trend ?? []).slice(-8);
  if (points.length < 2) return [];
  const currency = digest.figures.currency;
  return [{ label: `All waste per month, last ${points.length} weeks`, value: points.map((p) => `${p.label} ${formatMoney(p.wasteMonthly, currency)}`).join(' → ') }];
}

export function digestView(digest: WeeklyDigest): DigestView {
  const currency = digest.figures.currency;
  const show = (metric: DigestMetric, n: number) => (MONEY.has(metric) ? `${formatMoney(n, currency)}/month` : n.toLocaleString('en-US'));
  const lineOf = (l: DigestLine) => {
    const change = l.change === null ? '' : l.change === 0 ? ' (no change)' : ` (${l.change > 0 ? '+' : '−'}${MONEY.has(l.metric) ? formatMoney(Math.abs(l.change), currency) : Math.abs(l.change).toLocaleString('en-US')}${l.direction === 'lower-is-better' ? (l.change > 0 ? ' ▲' : ' ▼') : ''})`;
    return { label: LABEL[l.metric], value: `${show(l.metric, l.value)}${change}` };
  };
  const summary = summarizeReport(digest.report);
  return {
    title: 'Weekly license digest',
    subtitle: `${digest.figures.at.slice(0, 10)}${digest.previousAt ? ` · compared with ${digest.previousAt.slice(0, 10)}` : ' · the first digest: next week shows the change'}`,
    headline: summary.headline,
    lines: [...digest.lines.map(lineOf), ...trendLine(digest)],
    seats: summary.seats.slice(0, 5),
    footer: 'Send "report" for the full report and its CSV, "alerts" for what needs you now, "alerts off digest" to stop this.',
  };
}
