/**
 * The bill on the report card (issue 17): spend facts and Teams' native charts — seats per product (in use /
 * inactive / free), waste by reason, the trend over weeks, cost per department — each with a heading TextBlock
 * (Teams does not draw chart titles) and a fallback TextBlock with the same numbers (Teams mobile draws no charts);
 * overlapping suites; renewals with free seats called out. Pure: the report, the trend and Messages in, strings and
 * numbers out. At most 8 items per chart; everything else is in the CSVs.
 */
import type { AllocationBucket, WasteReason } from '../../report/billing-types';
import type { TrendPoint } from '../../report/history';
import type { TenantReport } from '../../report/types';
import type { MessageKey } from '../i18n/catalogs';
import type { Messages } from '../i18n';

export const MAX_CHART_ITEMS = 8;
const TOP_PEOPLE = 3;
const MAX_RENEWAL_LINES = 4;
const MAX_ADDS = 3;

export interface ChartBlock<T> {
  heading: string;
  /** For screen readers (aria-label); not drawn. */
  title: string;
  data: T[];
  fallback: string;
}

export interface ReportBillingView {
  spend: { heading: string; facts: Array<{ title: string; value: string }> };
  seats: ChartBlock<{ title: string; data: Array<{ legend: string; value: number; color: string }> }> & { show: boolean };
  waste: ChartBlock<{ x: string; y: number; color: string }> & { show: boolean; none: string; hasNone: boolean; people: string[] };
  trend: ChartBlock<{ legend: string; color: string; values: Array<{ x: string; y: number }> }> & { show: boolean; yAxisTitle: string; waiting: string; hasWaiting: boolean };
  cost: ChartBlock<{ x: string; y: number }> & { show: boolean };
  overlap: { label: string; value: string; detail: string; color: 'Attention' | 'Good' };
  renewals: { heading: string; lines: string[]; color: 'Warning' | 'Default' };
}

const REASON_KEY: Record<WasteReason, MessageKey> = {
  'free-seats': 'report.bill.waste.reason.free-seats',
  disabled: 'report.bill.waste.reason.disabled',
  inactive: 'report.bill.waste.reason.inactive',
  redundant: 'report.bill.waste.reason.redundant',
  overlapping: 'report.bill.waste.reason.overlapping',
};
const REASON_COLOR: Record<WasteReason, string> = {
  'free-seats': 'neutral',
  disabled: 'attention',
  inactive: 'warning',
  redundant: 'categoricalPurple',
  overlapping: 'categoricalMarigold',
};

/** Chart values are drawn unformatted: whole currency units read best; the fallback text has the exact amounts. */
const whole = (n: number) => Math.round(n);

function costBars(buckets: readonly AllocationBucket[], m: Messages): Array<{ name: string; monthly: number }> {
  const none = buckets.find((b) => b.key === null);
  const named = buckets.filter((b) => b.key !== null);
  const room = MAX_CHART_ITEMS - (none ? 1 : 0);
  const shown = named.length > room ? named.slice(0, room - 1) : named;
  const rest = named.slice(shown.length);
  const bars = shown.map((b) => ({ name: b.key!, monthly: b.monthly }));
  if (rest.length) bars.push({ name: m.t('report.bill.cost.others', { count: rest.length }), monthly: Math.round(rest.reduce((t, b) => t + b.monthly * 100, 0)) / 100 });
  if (none) bars.push({ name: m.t('report.bill.cost.none-set'), monthly: none.monthly });
  return bars;
}

export function reportBillingView(report: TenantReport, trend: readonly TrendPoint[], m: Messages): ReportBillingView {
  const b = report.billing;
  const currency = b.currency;
  const money = (n: number) => m.money(n, currency);
  const n = (v: number) => m.number(v);
  const t = b.totals;

  // Spend
  const facts = [
    { title: m.t('report.bill.spend.bought'), value: m.t('report.bill.spend.bought.value', { cost: money(t.boughtMonthly), seats: t.boughtSeats }) },
    {
      title: m.t('report.bill.spend.assigned'),
      value: m.t('report.bill.spend.assigned.value', { cost: money(t.assignedMonthly), share: m.number(t.assignedShare ?? 0, { style: 'percent', maximumFractionDigits: 0 }) }),
    },
    { title: m.t('report.bill.spend.free'), value: m.t('report.bill.spend.per-month', { cost: money(t.freeMonthly) }) },
  ];
  if (t.averagePerLicensedUser !== null) facts.push({ title: m.t('report.bill.spend.per-user'), value: m.t('report.bill.spend.per-month', { cost: money(t.averagePerLicensedUser) }) });
  if (t.unpricedProducts.length) facts.push({ title: m.t('report.bill.spend.unpriced'), value: m.t('report.bill.spend.unpriced.value', { skus: m.list(t.unpricedProducts.slice(0, 5)), more: Math.max(0, t.unpricedProducts.length - 5) }) });

  // Seats per product: the most expensive products in use (bought or assigned), at most 8.
  const products = b.products.filter((p) => p.bought > 0 || p.assigned > 0).slice(0, MAX_CHART_ITEMS);
  const legends = { inUse: m.t('report.bill.seats.in-use'), inactive: m.t('report.bill.seats.inactive'), free: m.t('report.bill.seats.free') };
  const seats = {
    show: products.length > 0,
    heading: m.t('report.bill.seats.heading'),
    title: m.t('report.bill.seats.title'),
    data: products.map((p) => ({
      title: p.product,
      data: [
        { legend: legends.inUse, value: p.inUse, color: 'categoricalBlue' },
        { legend: legends.inactive, value: p.inactive, color: 'warning' },
        { legend: legends.free, value: p.free, color: 'neutral' },
      ],
    })),
    fallback: products.map((p) => m.t('report.bill.seats.fallback-item', { product: p.product, assigned: n(p.assigned), bought: n(p.bought), inactive: n(p.inactive), free: n(p.free) })).join('\n\n'),
  };

  // Waste by reason (each license once).
  const lines = b.waste.lines.filter((l) => l.monthly > 0 || l.licenses > 0);
  const people = b.waste.lines
    .filter((l) => l.top.length > 0)
    .map((l) => m.t('report.bill.waste.people', { reason: m.t(REASON_KEY[l.reason]), names: m.list(l.top.slice(0, TOP_PEOPLE).map((p) => p.user)), more: Math.max(0, l.people - TOP_PEOPLE) }));
  const unpricedWaste = b.waste.unpriced > 0 ? [m.t('report.bill.waste.unpriced', { count: b.waste.unpriced })] : [];
  const waste = {
    show: lines.some((l) => l.monthly > 0),
    hasNone: !lines.some((l) => l.monthly > 0),
    none: m.t('report.bill.waste.none'),
    heading: m.t('report.bill.waste.heading', { cost: money(b.waste.monthly) }),
    title: m.t('report.bill.waste.title'),
    data: lines.filter((l) => l.monthly > 0).map((l) => ({ x: m.t(REASON_KEY[l.reason]), y: whole(l.monthly), color: REASON_COLOR[l.reason] })),
    fallback: lines.filter((l) => l.monthly > 0).map((l) => m.t('report.bill.waste.fallback-item', { reason: m.t(REASON_KEY[l.reason]), cost: money(l.monthly) })).join(' · '),
    people: [...people, ...unpricedWaste],
  };

  // Trend over weeks: needs two snapshots.
  const points = trend.slice(-MAX_CHART_ITEMS);
  const series = m.t('report.bill.trend.series');
  const trendBlock = {
    show: points.length >= 2,
    hasWaiting: points.length < 2,
    waiting: m.t('report.bill.trend.waiting'),
    heading: m.t('report.bill.trend.heading', { weeks: points.length }),
    title: m.t('report.bill.trend.heading', { weeks: points.length }),
    yAxisTitle: m.t('report.bill.trend.axis', { currency }),
    data: [{ legend: series, color: 'attention', values: points.map((p) => ({ x: p.label, y: whole(p.wasteMonthly) })) }],
    fallback: points.map((p) => m.t('report.bill.trend.fallback-item', { week: p.label, cost: money(p.wasteMonthly) })).join(' → '),
  };

  // Cost per department.
  const bars = costBars(b.allocation.department, m);
  const cost = {
    show: bars.length > 0,
    heading: m.t('report.bill.cost.heading'),
    title: m.t('report.bill.cost.heading'),
    data: bars.map((x) => ({ x: x.name, y: whole(x.monthly) })),
    fallback: bars.map((x) => m.t('report.bill.cost.fallback-item', { name: x.name, cost: money(x.monthly) })).join(' · '),
  };

  // Overlapping suites.
  const o = b.overlapping;
  const overlapCost = o.reduce((sum, x) => sum + Math.round((x.monthlyCost ?? 0) * 100), 0) / 100;
  const overlap = {
    label: m.t('report.bill.overlap.label'),
    value: o.length ? m.t('report.value.count-cost', { count: n(o.length), cost: money(overlapCost) }) : m.t('report.value.none'),
    detail:
      o
        .slice(0, TOP_PEOPLE)
        .map((x) => {
          const adds = x.adds.length ? m.list([...x.adds.slice(0, MAX_ADDS), ...(x.adds.length > MAX_ADDS ? [m.t('report.bill.overlap.more', { count: x.adds.length - MAX_ADDS })] : [])]) : m.t('report.value.none');
          return x.monthlyCost === null
            ? m.t('report.bill.overlap.item', { user: x.user, product: x.product, kept: x.keptProduct, adds })
            : m.t('report.bill.overlap.item.cost', { user: x.user, product: x.product, kept: x.keptProduct, adds, cost: money(x.monthlyCost) });
        })
        .join('; ') + (o.length > TOP_PEOPLE ? '; …' : ''),
    color: (o.length ? 'Attention' : 'Good') as 'Attention' | 'Good',
  };

  // Renewals.
  const renewalLines: string[] = [];
  for (const r of b.renewals.filter((x) => x.callout !== null).slice(0, MAX_RENEWAL_LINES)) {
    const date = r.nextLifecycleDateTime ? m.date(r.nextLifecycleDateTime, 'date') : '—';
    const days = r.daysToRenewal ?? 0;
    if (r.callout === 'not-active') renewalLines.push(m.t('report.bill.renewals.not-active', { product: r.product, status: r.status, date }));
    else if (r.callout === 'free-before-renewal') {
      renewalLines.push(
        r.freeMonthly === null
          ? m.t('report.bill.renewals.free', { product: r.product, date, days, free: r.freeSeats })
          : m.t('report.bill.renewals.free.cost', { product: r.product, date, days, free: r.freeSeats, cost: money(r.freeMonthly) }),
      );
    } else renewalLines.push(m.t('report.bill.renewals.ends', { product: r.product, date, days }));
  }
  if (!b.renewalsRead) renewalLines.push(m.t('report.note.subscriptions'));
  else if (renewalLines.length === 0) {
    renewalLines.push(m.t('report.bill.renewals.none', { days: b.renewalWindowDays }));
    const next = b.renewals.find((r) => r.nextLifecycleDateTime && r.status.toLowerCase() === 'enabled');
    if (next) renewalLines.push(m.t('report.bill.renewals.next', { product: next.product, date: m.date(next.nextLifecycleDateTime!, 'date') }));
  }
  const renewals = { heading: m.t('report.bill.renewals.heading'), lines: renewalLines, color: (b.renewals.some((r) => r.callout !== null) ? 'Warning' : 'Default') as 'Warning' | 'Default' };

  return { spend: { heading: m.t('report.bill.spend.heading'), facts }, seats, waste, trend: trendBlock, cost, overlap, renewals };
}
