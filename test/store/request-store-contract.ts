import assert from 'node:assert/strict';
import type { LicenseRequest } from '../../src/requests/request';
import { ConcurrencyError, type RequestStore } from '../../src/store/request-store';

let counter = 0;

export function sampleRequest(overrides: Partial<LicenseRequest> = {}): LicenseRequest {
  counter++;
  const now = new Date(Date.UTC(2026, 10, 1, 12, 0, counter % 60));
  return {
    id: `REQ-T${String(counter).padStart(5, '0')}`,
    tenantId: 'tenant-1',
    status: 'pending',
    requester: { aadObjectId: 'requester-1', name: 'Req Uester' },
    target: { aadObjectId: 'target-1', name: 'Tar Get', upn: 'target@contoso.example' },
    add: { skuId: 'sku-e3', skuPartNumber: 'SPE_E3', displayName: 'Microsoft 365 E3' },
    remove: { skuId: 'sku-bb', skuPartNumber: 'O365_BUSINESS_ESSENTIALS', displayName: 'Microsoft 365 Business Basic' },
    reason: 'needs desktop apps',
    confirmedNoMailbox: false,
    summary: { gains: ['Exchange Plan 1 → Plan 2'], losses: [], quotaFromGB: 50, quotaToGB: 100, monthlyCostChange: 30, currency: 'USD', seatsFreeAtRequest: 3, notices: [] },
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 14 * 86_400_000).toISOString(),
    updatedAt: now.toISOString(),
    cards: [],
    version: 0,
    ...overrides,
  };
}

/** The behaviour every RequestStore backend must have. */
export function requestStoreContract(name: string, open: () => Promise<RequestStore>): void {
  describe(`RequestStore contract: ${name}`, () => {
    let store: RequestStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => store.close());

    it('creates and reads back a request at version 1', async () => {
      const created = await store.create(sampleRequest());
      assert.equal(created.version, 1);
      assert.deepEqual(await store.get(created.id), created);
      assert.equal(await store.get('REQ-NOPE'), undefined);
    });

    it('refuses a duplicate id', async () => {
      const r = sampleRequest();
      await store.create(r);
      await assert.rejects(store.create(r));
    });

    it('updates with optimistic concurrency: a stale version loses', async () => {
      const created = await store.create(sampleRequest());
      const first = await store.update({ ...created, status: 'approved' });
      assert.equal(first.version, 2);
      await assert.rejects(store.update({ ...created, status: 'rejected' }), ConcurrencyError);
      assert.equal((await store.get(created.id))?.status, 'approved');
    });

    it('two concurrent decisions: exactly one wins', async () => {
      const created = await store.create(sampleRequest());
      const results = await Promise.allSettled([
        store.update({ ...created, status: 'approved' }),
        store.update({ ...created, status: 'rejected' }),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      assert.equal(results.filter((r) => r.status === 'rejected' && r.reason instanceof ConcurrencyError).length, 1);
    });

    it('queries by requester, by status and by expiry', async () => {
      const a = await store.create(sampleRequest({ requester: { aadObjectId: 'alice', name: 'Alice' } }));
      const b = await store.create(sampleRequest({ requester: { aadObjectId: 'alice', name: 'Alice' }, status: 'completed' }));
      const c = await store.create(sampleRequest({ requester: { aadObjectId: 'bob', name: 'Bob' }, expiresAt: '2026-01-01T00:00:00.000Z' }));
      assert.deepEqual((await store.byRequester('ALICE')).map((r) => r.id).sort(), [a.id, b.id].sort());
      assert.deepEqual((await store.byStatus('completed')).map((r) => r.id), [b.id]);
      assert.ok((await store.byStatus('pending')).some((r) => r.id === c.id));
      assert.deepEqual((await store.expiringBefore('2026-06-01T00:00:00.000Z')).map((r) => r.id), [c.id]);
      await store.update({ ...c, status: 'expired' });
      assert.deepEqual(await store.expiringBefore('2026-06-01T00:00:00.000Z'), []);
    });

    it('keeps an append-only audit trail in order', async () => {
      const r = await store.create(sampleRequest());
      await store.appendAudit({ requestId: r.id, at: '2026-11-01T00:00:00Z', actor: 'requester-1', action: 'created', outcome: 'ok' });
      await store.appendAudit({ requestId: r.id, at: '2026-11-01T00:00:01Z', actor: 'system', action: 'assignLicense', outcome: 'ok', graphRequestId: 'g-1' });
      await store.appendAudit({ requestId: 'other', at: '2026-11-01T00:00:02Z', actor: 'x', action: 'y', outcome: 'info' });
      assert.deepEqual((await store.audit(r.id)).map((e) => e.action), ['created', 'assignLicense']);
      assert.equal((await store.audit(r.id))[1].graphRequestId, 'g-1');
    });

    it('stores conversation references: upsert, find personal by user, remove', async () => {
      const entry = { key: 't_c1', tenantId: 't', conversationId: 'c1', conversationType: 'personal' as const, userAadObjectId: 'U-1', userMri: '29:u', reference: { serviceUrl: 'http://x' }, updatedAt: '2026-11-01T00:00:00Z' };
      await store.upsertConversation(entry);
      await store.upsertConversation({ ...entry, reference: { serviceUrl: 'http://y' } });
      assert.deepEqual((await store.personalConversation('u-1'))?.reference, { serviceUrl: 'http://y' });
      assert.equal((await store.conversations()).length, 1);
      assert.equal((await store.conversation('t_c1'))?.userMri, '29:u');
      await store.removeConversation('t_c1');
      assert.equal(await store.personalConversation('u-1'), undefined);
    });
  });
}
