/** Weekly snapshots, the trend, and the report schedule with an injected clock (issue 17). No I/O. */
import assert from 'node:assert/strict';
import { emptyBillingReport } from '../../src/report/billing';
import { isoWeek, snapshotOf, trendOf, type ReportSnapshot } from '../../src/report/history';
import { lastScheduledRun, parseReportSchedule, scheduledRunDue, ScheduleError } from '../../src/report/schedule';
import type { TenantReport } from '../../src/report/types';

const snap = (week: string, waste: number, over: Partial<ReportSnapshot> = {}): ReportSnapshot => ({
  week,
  takenAt: `${week}T`,
  currency: 'USD',
  users: 10,
  licensedUsers: 8,
  seats: [],
  waste: { 'free-seats': waste, disabled: 0, inactive: 0, redundant: 0, overlapping: 0 },
  wasteMonthly: waste,
  spend: { boughtMonthly: 100, assignedMonthly: 80, boughtSeats: 10, assignedSeats: 8 },
  ...over,
});

describe('report history', () => {
  it('ISO weeks: Monday starts a week, week 1 holds the first Thursday (year boundaries)', () => {
    assert.equal(isoWeek(new Date('2026-11-23T12:00:00Z')), '2026-W48');
    assert.equal(isoWeek(new Date('2026-11-22T23:59:59Z')), '2026-W47');
    assert.equal(isoWeek(new Date('2027-01-01T00:00:00Z')), '2026-W53');
    assert.equal(isoWeek(new Date('2025-12-29T00:00:00Z')), '2026-W01');
    assert.equal(isoWeek(new Date('2021-01-03T00:00:00Z')), '2020-W53');
  });

  it('a snapshot keeps seats per product, waste by reason and spend from the report', () => {
    const billing = emptyBillingReport('EUR');
    billing.products = [
      { skuId: 's', sku: 'SPE_E3', product: 'Microsoft 365 E3', bought: 10, assigned: 8, free: 2, inactive: 1, inUse: 7, monthlyPrice: 36, boughtMonthly: 360, assignedMonthly: 288, freeMonthly: 72 },
      { skuId: 't', sku: 'UNUSED', product: 'Unused', bought: 0, assigned: 0, free: 0, inactive: 0, inUse: 0, monthlyPrice: 1, boughtMonthly: 0, assignedMonthly: 0, freeMonthly: 0 },
    ];
    billing.waste.lines[0].monthly = 72;
    billing.waste.monthly = 72;
    billing.totals.boughtMonthly = 360;
    const report = { generatedAt: '2026-11-23T12:00:00.000Z', totals: { users: 12, licensedUsers: 8 }, billing } as unknown as TenantReport;
    const s = snapshotOf(report);
    assert.equal(s.week, '2026-W48');
    assert.deepEqual(s.seats.map((x) => [x.sku, x.bought, x.assigned, x.free, x.inactive]), [['SPE_E3', 10, 8, 2, 1]]);
    assert.equal(s.waste['free-seats'], 72);
    assert.deepEqual([s.currency, s.wasteMonthly, s.spend.boughtMonthly], ['EUR', 72, 360]);
  });

  it('the trend: last 8 weeks, oldest first, one point per week (the latest of a week), labelled W41…W48', () => {
    const weeks = Array.from({ length: 10 }, (_, i) => snap(`2026-W${39 + i}`, 3000 - i * 100));
    weeks.push(snap('2026-W48', 1, { takenAt: '2026-W48T2' }));
    const trend = trendOf(weeks.reverse());
    assert.deepEqual(trend.map((p) => p.label), ['W41', 'W42', 'W43', 'W44', 'W45', 'W46', 'W47', 'W48']);
    assert.equal(trend.at(-1)!.wasteMonthly, 1);
    assert.equal(trend[0].wasteMonthly, 2800);
  });

  it('a change of currency starts the trend afresh (amounts are not comparable)', () => {
    assert.deepEqual(trendOf([snap('2026-W46', 5, { currency: 'EUR' }), snap('2026-W47', 6), snap('2026-W48', 7)]).map((p) => p.label), ['W47', 'W48']);
  });
});

describe('report schedule', () => {
  it('parses monthly (default the 1st at 07:00 UTC), weekly and off; refuses nonsense', () => {
    assert.deepEqual(parseReportSchedule(), { kind: 'monthly', day: 1, hour: 7, minute: 0 });
    assert.deepEqual(parseReportSchedule('monthly:15@18:30'), { kind: 'monthly', day: 15, hour: 18, minute: 30 });
    assert.deepEqual(parseReportSchedule('Weekly:Monday'), { kind: 'weekly', weekday: 1, hour: 7, minute: 0 });
    assert.deepEqual(parseReportSchedule('off'), { kind: 'off' });
    for (const bad of ['daily', 'monthly:32', 'monthly:0', 'weekly:xyz', 'monthly@25:00', 'monthly@7']) assert.throws(() => parseReportSchedule(bad), ScheduleError, bad);
  });

  it('monthly: due from the 1st at 07:00 for two days, keyed by the month; the 31st means the month’s last day', () => {
    const s = parseReportSchedule('monthly');
    assert.equal(scheduledRunDue(s, new Date('2026-12-01T06:59:00Z')), undefined);
    assert.deepEqual(scheduledRunDue(s, new Date('2026-12-01T07:00:00Z')), { period: '2026-12', at: new Date('2026-12-01T07:00:00Z') });
    assert.equal(scheduledRunDue(s, new Date('2026-12-02T23:00:00Z'))?.period, '2026-12');
    assert.equal(scheduledRunDue(s, new Date('2026-12-03T07:00:00Z')), undefined, 'past the catch-up window');
    assert.equal(lastScheduledRun(s, new Date('2026-01-01T00:00:00Z'))?.period, '2025-12');
    assert.deepEqual(lastScheduledRun(parseReportSchedule('monthly:31'), new Date('2027-02-28T08:00:00Z'))?.at, new Date('2027-02-28T07:00:00Z'));
  });

  it('weekly: due on the weekday, keyed by ISO week; off is never due', () => {
    const s = parseReportSchedule('weekly:mon@09:00');
    assert.deepEqual(scheduledRunDue(s, new Date('2026-11-23T09:30:00Z')), { period: '2026-W48', at: new Date('2026-11-23T09:00:00Z') });
    assert.equal(lastScheduledRun(s, new Date('2026-11-23T08:00:00Z'))?.period, '2026-W47');
    assert.equal(scheduledRunDue(s, new Date('2026-11-26T09:30:00Z')), undefined);
    assert.equal(scheduledRunDue(parseReportSchedule('off'), new Date()), undefined);
  });
});
