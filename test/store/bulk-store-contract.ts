import assert from 'node:assert/strict';
import type { BatchItem } from '../../src/requests/batch';
import type { SeatBudget } from '../../src/requests/budget';
import type { BulkStore } from '../../src/store/bulk-store';

export function item(requestId: string, index: number, overrides: Partial<BatchItem> = {}): BatchItem {
  return { requestId, index, person: { aadObjectId: `user-${index}`, name: `Person ${index} · Ünïcødé`, upn: `p${index}@contoso.example`, department: 'Sales' }, state: 'ready', needsSeat: true, removes: false, shrinksMailbox: false, ...overrides };
}

const budget = (key: string, limit: number): SeatBudget => ({
  key,
  scope: { kind: 'department', name: 'Finance' },
  product: { skuId: 'sku-e3', skuPartNumber: 'SPE_E3', displayName: 'Microsoft 365 E3' },
  limit,
  setBy: { aadObjectId: 'a', name: 'A' },
  setAt: '2026-11-23T10:00:00.000Z',
});

/** Batch items, the schedule and budgets behave the same on every backend. */
export function bulkStoreContract(name: string, open: () => Promise<BulkStore>): void {
  describe(`BulkStore contract: ${name}`, function () {
    this.timeout(60_000);
    let store: BulkStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => store.close());

    it('keeps 500 people of one request as separate items, in order, and replaces changed ones', async () => {
      const items = Array.from({ length: 500 }, (_, i) => item('REQ-BIG001', i));
      await store.saveItems(items);
      await store.saveItems([item('REQ-OTHER1', 0)]);
      const read = await store.items('REQ-BIG001');
      assert.equal(read.length, 500);
      assert.deepEqual(read.map((i) => i.index), items.map((i) => i.index));
      assert.deepEqual(read[7], items[7]);
      await store.saveItems([{ ...items[3], state: 'done', outcome: { kind: 'done', message: '', graphRequestId: 'g-3', verified: true } }]);
      const again = await store.items('REQ-BIG001');
      assert.equal(again[3].state, 'done');
      assert.equal(again[3].outcome?.graphRequestId, 'g-3');
      assert.equal(again.length, 500);
      assert.deepEqual(await store.items('REQ-NONE00'), []);
    });

    it('schedules jobs, lists the due ones earliest first, moves and removes them', async () => {
      await store.scheduleJob({ key: 'REQ-A|revert', requestId: 'REQ-A', kind: 'revert', dueAt: '2026-11-23T10:10:00.000Z' });
      await store.scheduleJob({ key: 'REQ-B|remind', requestId: 'REQ-B', kind: 'remind', dueAt: '2026-11-23T10:05:00.000Z' });
      await store.scheduleJob({ key: 'REQ-C|revert', requestId: 'REQ-C', kind: 'revert', dueAt: '2027-01-01T00:00:00.000Z' });
      assert.deepEqual((await store.dueJobs('2026-11-23T10:10:00.000Z')).map((j) => j.key), ['REQ-B|remind', 'REQ-A|revert']);
      // Moved later: no longer due, and removing it at its old time leaves it.
      await store.scheduleJob({ key: 'REQ-A|revert', requestId: 'REQ-A', kind: 'revert', dueAt: '2026-11-23T11:10:00.000Z' });
      assert.deepEqual((await store.dueJobs('2026-11-23T10:10:00.000Z')).map((j) => j.key), ['REQ-B|remind']);
      await store.removeJob('REQ-A|revert', '2026-11-23T10:10:00.000Z');
      assert.deepEqual((await store.dueJobs('2026-11-23T12:00:00.000Z')).map((j) => j.key), ['REQ-B|remind', 'REQ-A|revert']);
      await store.removeJob('REQ-B|remind', '2026-11-23T10:05:00.000Z');
      assert.deepEqual((await store.dueJobs('2026-11-23T12:00:00.000Z')).map((j) => `${j.key}@${j.dueAt}`), ['REQ-A|revert@2026-11-23T11:10:00.000Z']);
    });

    it('sets, replaces, lists and removes seat budgets', async () => {
      await store.setBudget(budget('department|finance|sku-e3', 10));
      await store.setBudget(budget('department|finance|sku-e3', 12));
      await store.setBudget(budget('group|g-1|sku-e3', 3));
      const all = await store.budgets();
      assert.deepEqual(all.map((b) => [b.key, b.limit]), [['department|finance|sku-e3', 12], ['group|g-1|sku-e3', 3]]);
      assert.equal(await store.removeBudget('group|g-1|sku-e3'), true);
      assert.equal(await store.removeBudget('group|g-1|sku-e3'), false);
      assert.equal((await store.budgets()).length, 1);
    });
  });
}
