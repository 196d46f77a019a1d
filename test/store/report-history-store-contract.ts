/** The ReportHistoryStore contract: every backend (SQLite, Azure Table Storage) must pass it. */
import assert from 'node:assert/strict';
import type { ReportSnapshot } from '../../src/report/history';
import type { ReportHistoryStore } from '../../src/store/report-history-store';

export function sampleSnapshot(week: string, over: Partial<ReportSnapshot> = {}): ReportSnapshot {
  return {
    week,
    takenAt: `2026-11-23T12:00:00.000Z`,
    currency: 'EUR',
    users: 100,
    licensedUsers: 90,
    seats: [{ sku: 'SPE_E3', product: 'Microsoft 365 E3 — Großkunde ünïcode', bought: 100, assigned: 90, free: 10, inactive: 4 }],
    waste: { 'free-seats': 360, disabled: 36, inactive: 72, redundant: 6, overlapping: 22 },
    wasteMonthly: 496,
    spend: { boughtMonthly: 3600, assignedMonthly: 3240, boughtSeats: 100, assignedSeats: 90 },
    ...over,
  };
}

export function reportHistoryStoreContract(name: string, open: () => Promise<ReportHistoryStore>): void {
  describe(`ReportHistoryStore contract: ${name}`, function () {
    this.timeout(30_000);
    let store: ReportHistoryStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => store.close());

    it('stores a snapshot per week and reads it back exactly (non-ASCII too)', async () => {
      const s = sampleSnapshot('2026-W48');
      await store.saveSnapshot(s);
      assert.deepEqual(await store.snapshot('2026-W48'), s);
      assert.equal(await store.snapshot('2026-W47'), undefined);
    });

    it('a later snapshot of the same week replaces an earlier one; an earlier one never replaces a later one', async () => {
      await store.saveSnapshot(sampleSnapshot('2026-W48', { takenAt: '2026-11-24T00:00:00.000Z', wasteMonthly: 2 }));
      await store.saveSnapshot(sampleSnapshot('2026-W48', { takenAt: '2026-11-23T00:00:00.000Z', wasteMonthly: 1 }));
      assert.equal((await store.snapshot('2026-W48'))?.wasteMonthly, 2);
      await store.saveSnapshot(sampleSnapshot('2026-W48', { takenAt: '2026-11-25T00:00:00.000Z', wasteMonthly: 3 }));
      assert.equal((await store.snapshot('2026-W48'))?.wasteMonthly, 3);
    });

    it('lists the newest weeks, oldest first, across a year boundary', async () => {
      for (const week of ['2026-W52', '2027-W01', '2026-W50', '2026-W51', '2026-W53', '2027-W02']) await store.saveSnapshot(sampleSnapshot(week));
      assert.deepEqual((await store.snapshots(4)).map((s) => s.week), ['2026-W52', '2026-W53', '2027-W01', '2027-W02']);
      assert.equal((await store.snapshots(100)).length, 6);
      assert.deepEqual(await store.snapshots(0), []);
    });

    it('a scheduled run is claimed once per period, whoever asks; concurrent claims: exactly one wins', async () => {
      assert.equal(await store.scheduledRun('2026-12'), undefined);
      assert.equal(await store.claimScheduledRun('2026-12', 'a', new Date('2026-12-01T07:00:00Z')), true);
      assert.deepEqual(await store.scheduledRun('2026-12'), { holder: 'a', at: '2026-12-01T07:00:00.000Z' });
      assert.equal(await store.claimScheduledRun('2026-12', 'a', new Date('2026-12-01T07:05:00Z')), false);
      assert.equal(await store.claimScheduledRun('2026-12', 'b', new Date('2026-12-01T07:05:00Z')), false);
      const results = await Promise.all(['x', 'y', 'z', 'w'].map((h) => store.claimScheduledRun('2027-01', h, new Date('2027-01-01T07:00:00Z'))));
      assert.equal(results.filter(Boolean).length, 1);
    });
  });
}
