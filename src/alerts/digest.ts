/** The weekly digest: the report's summary figures, and their change since last week's. Pure. */
import type { TenantReport } from '../report/types';
import type { DigestFigures } from './types';

export function digestFigures(report: TenantReport, openIncidents: number, at: Date): DigestFigures {
  const t = report.totals;
  return {
    at: at.toISOString(),
    users: t.users,
    licensedUsers: t.licensedUsers,
    monthlyWaste: Math.round(t.monthlyWaste * 100) / 100,
    currency: t.currency,
    redundantLicenses: t.redundantLicenses,
    groupErrors: t.groupErrors,
    inactiveAccounts: t.inactiveAccounts,
    inactiveMonthlyCost: Math.round(t.inactiveMonthlyCost * 100) / 100,
    seatsNearExhaustion: t.seatsNearExhaustion,
    openIncidents,
  };
}

export type DigestMetric = Exclude<keyof DigestFigures, 'at' | 'currency'>;

export interface DigestLine {
  metric: DigestMetric;
  value: number;
  /** null when there is no earlier digest to compare with. */
  change: number | null;
  /** Whether a rise is bad news (waste, errors) or neither (users). */
  direction: 'lower-is-better' | 'neutral';
}

const ORDER: Array<[DigestMetric, DigestLine['direction']]> = [
  ['monthlyWaste', 'lower-is-better'],
  ['redundantLicenses', 'lower-is-better'],
  ['groupErrors', 'lower-is-better'],
  ['inactiveAccounts', 'lower-is-better'],
  ['inactiveMonthlyCost', 'lower-is-better'],
  ['seatsNearExhaustion', 'lower-is-better'],
  ['openIncidents', 'lower-is-better'],
  ['licensedUsers', 'neutral'],
  ['users', 'neutral'],
];

export function digestLines(current: DigestFigures, previous: DigestFigures | undefined): DigestLine[] {
  return ORDER.map(([metric, direction]) => ({
    metric,
    value: current[metric],
    change: previous && previous.currency === current.currency ? Math.round((current[metric] - previous[metric]) * 100) / 100 : previous && metric !== 'monthlyWaste' && metric !== 'inactiveMonthlyCost' ? current[metric] - previous[metric] : null,
    direction,
  }));
}

/** Due when a period has passed since the last digest (or since the watch first ran, for the first one). */
export function digestDue(now: Date, lastAt: string | undefined, firstRunAt: string, periodDays: number): boolean {
  if (periodDays <= 0) return false;
  const since = Date.parse(lastAt ?? firstRunAt);
  return Number.isFinite(since) && now.getTime() - since >= periodDays * 86_400_000;
}
