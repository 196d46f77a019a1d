/** The AlertStore contract: every backend (SQLite, Azure Table Storage) must pass it. */
import assert from 'node:assert/strict';
import { incidentId } from '../../src/alerts/incident-id';
import type { Incident } from '../../src/alerts/types';
import { DuplicateIncidentError, StaleVersionError, type AlertStore } from '../../src/store/alert-store';

let counter = 0;

export function sampleIncident(overrides: Partial<Incident> = {}): Incident {
  const at = new Date(Date.UTC(2026, 10, 23, 10, 0, counter++)).toISOString();
  const key = overrides.key ?? `seats-low|sku-${counter}`;
  return {
    key,
    kind: 'seats',
    severity: 'medium',
    cause: { code: 'seats-low', skuId: 'sku', skuPartNumber: 'SPE_E5', product: 'Microsoft 365 E5 — ünïcode', enabled: 2, consumed: 2, free: 0, pendingRequests: 0 },
    fixes: [{ code: 'buy-seats', count: 1, product: 'Microsoft 365 E5' }],
    affected: [],
    affectedCount: 0,
    actions: [],
    id: incidentId(key, at),
    status: 'open',
    raisedAt: at,
    updatedAt: at,
    history: [{ at, event: 'raised', severity: 'medium', affectedCount: 0 }],
    cards: [],
    version: 0,
    ...overrides,
  };
}

export function alertStoreContract(name: string, open: () => Promise<AlertStore>): void {
  describe(`AlertStore contract: ${name}`, function () {
    this.timeout(30_000);
    let store: AlertStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => store.close());

    it('creates, reads and lists open incidents; a second open incident with the same key is refused', async () => {
      const created = await store.createIncident(sampleIncident({ key: 'seats-low|a' }));
      assert.equal(created.version, 1);
      assert.deepEqual(await store.incident(created.id), created);
      assert.deepEqual((await store.openIncidents()).map((i) => i.id), [created.id]);
      await assert.rejects(store.createIncident(sampleIncident({ key: 'seats-low|a' })), DuplicateIncidentError);
      assert.equal((await store.openIncidents()).length, 1);
      assert.equal(await store.incident('INC-NOTTHERE'), undefined);
    });

    it('updates with a version check; resolving frees the key; reopening needs the key free', async () => {
      const created = await store.createIncident(sampleIncident({ key: 'seats-low|b' }));
      const updated = await store.updateIncident({ ...created, severity: 'high' });
      assert.equal(updated.version, 2);
      await assert.rejects(store.updateIncident({ ...created, severity: 'low' }), StaleVersionError);
      const resolved = await store.updateIncident({ ...updated, status: 'resolved', resolvedAt: '2026-11-23T11:00:00.000Z' });
      assert.deepEqual(await store.openIncidents(), []);
      assert.deepEqual((await store.resolvedSince('2026-11-23T10:30:00.000Z')).map((i) => i.id), [created.id]);
      assert.deepEqual(await store.resolvedSince('2026-11-23T11:30:00.000Z'), []);
      // A new occurrence may be raised now...
      const again = await store.createIncident(sampleIncident({ key: 'seats-low|b' }));
      // ...and then the old one cannot be reopened beside it.
      await assert.rejects(store.updateIncident({ ...resolved, status: 'open', resolvedAt: undefined }), DuplicateIncidentError);
      const againResolved = await store.updateIncident({ ...again, status: 'resolved', resolvedAt: '2026-11-23T12:00:00.000Z' });
      const reopened = await store.updateIncident({ ...resolved, status: 'open', resolvedAt: undefined });
      assert.equal(reopened.status, 'open');
      assert.deepEqual((await store.openIncidents()).map((i) => i.id), [created.id]);
      assert.equal((await store.incident(againResolved.id))?.status, 'resolved');
    });

    it('keeps per-approver preferences (ids compared case-insensitively)', async () => {
      assert.equal(await store.preferences('ABC'), undefined);
      await store.savePreferences({ aadObjectId: 'ABC', off: ['seats'], updatedAt: '2026-11-23T10:00:00Z' });
      assert.deepEqual((await store.preferences('abc'))?.off, ['seats']);
      await store.savePreferences({ aadObjectId: 'abc', off: [], updatedAt: '2026-11-23T11:00:00Z' });
      assert.deepEqual((await store.preferences('ABC'))?.off, []);
      assert.equal((await store.allPreferences()).length, 1);
    });

    it('saves the watch state with a version check', async () => {
      const fresh = await store.watchState();
      assert.equal(fresh.version, 0);
      const first = await store.saveWatchState({ ...fresh, auditCursor: '2026-11-23T10:00:00Z', seenAuditIds: ['a'] });
      assert.equal(first.version, 1);
      await assert.rejects(store.saveWatchState({ ...fresh, seenAuditIds: [] }), StaleVersionError);
      const second = await store.saveWatchState({ ...first, lastDigestAt: '2026-11-23T10:00:00Z' });
      assert.equal(second.version, 2);
      await assert.rejects(store.saveWatchState(first), StaleVersionError);
      const read = await store.watchState();
      assert.deepEqual({ ...read }, { ...second });
    });

    it('a lease: one holder at a time, renewed by its holder, taken over once it lapses, released', async () => {
      const t0 = new Date('2026-11-23T10:00:00Z');
      const at = (s: number) => new Date(t0.getTime() + s * 1000);
      assert.equal(await store.acquireLease('watch', 'a', 10_000, t0), true);
      assert.equal(await store.acquireLease('watch', 'b', 10_000, at(1)), false);
      assert.equal(await store.acquireLease('watch', 'a', 10_000, at(5)), true, 'renewed');
      assert.equal(await store.acquireLease('watch', 'b', 10_000, at(12)), false, 'renewal moved the end to 15 s');
      assert.equal(await store.acquireLease('watch', 'b', 10_000, at(16)), true, 'taken over');
      assert.equal(await store.acquireLease('watch', 'a', 10_000, at(17)), false);
      await store.releaseLease('watch', 'a'); // not the holder: no effect
      assert.equal(await store.acquireLease('watch', 'a', 10_000, at(18)), false);
      await store.releaseLease('watch', 'b');
      assert.equal(await store.acquireLease('watch', 'a', 10_000, at(19)), true, 'free after release');
      const contenders = await Promise.all(['x', 'y', 'z'].map((h) => store.acquireLease('other', h, 10_000, t0)));
      assert.equal(contenders.filter(Boolean).length, 1, 'exactly one of three contenders');
    });
  });
}
