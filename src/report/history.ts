/**
 * License history (issue 17): Microsoft keeps none, so License Desk stores one snapshot per ISO week — seats per
 * product, waste by reason, spend — and draws the trend from them ("W41 … W48"). Pure: the store is in src/store.
 */
import type { WasteReason } from './billing-types';
import type { TenantReport } from './types';

export interface SnapshotSeats {
  sku: string;
  product: string;
  bought: number;
  assigned: number;
  free: number;
  inactive: number;
}

export interface ReportSnapshot {
  /** ISO week, e.g. "2026-W48" (sorts as text). */
  week: string;
  takenAt: string;
  currency: string;
  users: number;
  licensedUsers: number;
  /** Products with bought or assigned seats. */
  seats: SnapshotSeats[];
  /** Monthly waste per reason (priced licenses). */
  waste: Record<WasteReason, number>;
  wasteMonthly: number;
  spend: { boughtMonthly: number; assignedMonthly: number; boughtSeats: number; assignedSeats: number };
}

export interface TrendPoint {
  week: string;
  /** "W48": a category label, not a date (a date turns the line chart's axis into a time axis). */
  label: string;
  wasteMonthly: number;
  assignedMonthly: number;
  boughtMonthly: number;
  assignedSeats: number;
  boughtSeats: number;
}

/** ISO 8601 week of a date (UTC): weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export const weekLabel = (week: string) => week.slice(week.indexOf('-') + 1);

export function snapshotOf(report: TenantReport): ReportSnapshot {
  const b = report.billing;
  const waste = { 'free-seats': 0, disabled: 0, inactive: 0, redundant: 0, overlapping: 0 } as Record<WasteReason, number>;
  for (const line of b.waste.lines) waste[line.reason] = line.monthly;
  return {
    week: isoWeek(new Date(report.generatedAt)),
    takenAt: report.generatedAt,
    currency: b.currency,
    users: report.totals.users,
    licensedUsers: report.totals.licensedUsers,
    seats: b.products.filter((p) => p.bought > 0 || p.assigned > 0).map((p) => ({ sku: p.sku, product: p.product, bought: p.bought, assigned: p.assigned, free: p.free, inactive: p.inactive })),
    waste,
    wasteMonthly: b.waste.monthly,
    spend: { boughtMonthly: b.totals.boughtMonthly, assignedMonthly: b.totals.assignedMonthly, boughtSeats: b.totals.boughtSeats, assignedSeats: b.totals.assignedSeats },
  };
}

/** The last `weeks` weekly points, oldest first, in the newest snapshot's currency (money in another is not comparable). */
export function trendOf(snapshots: readonly ReportSnapshot[], weeks = 8): TrendPoint[] {
  const byWeek = new Map<string, ReportSnapshot>();
  for (const s of snapshots) {
    const seen = byWeek.get(s.week);
    if (!seen || seen.takenAt < s.takenAt) byWeek.set(s.week, s);
  }
  const sorted = [...byWeek.values()].sort((a, b) => a.week.localeCompare(b.week));
  const currency = sorted.at(-1)?.currency;
  return sorted
    .filter((s) => s.currency === currency)
    .slice(-weeks)
    .map((s) => ({
      week: s.week,
      label: weekLabel(s.week),
      wasteMonthly: s.wasteMonthly,
      assignedMonthly: s.spend.assignedMonthly,
      boughtMonthly: s.spend.boughtMonthly,
      assignedSeats: s.spend.assignedSeats,
      boughtSeats: s.spend.boughtSeats,
    }));
}
