import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { saveWithRetry } from '../../src/store/save-with-retry';
import { ConcurrencyError } from '../../src/store/request-store';
import { TableRequestStore, type TableStoreOptions } from '../../src/store/table-request-store';
import { startAzurite, type RunningAzurite } from '../helpers/azurite';
import { requestStoreContract, sampleRequest } from './request-store-contract';
import { bulkStoreContract } from './bulk-store-contract';
import { TableBulkStore } from '../../src/store/table-bulk-store';

let azurite: RunningAzurite;
const prefix = () => `t${randomBytes(6).toString('hex')}`;


function open(tablePrefix = prefix(), options: TableStoreOptions = {}): Promise<TableRequestStore> {
  return TableRequestStore.open({ kind: 'table', connectionString: azurite.connectionString, tablePrefix }, options);
}

function rawTable(tablePrefix: string, suffix: string): TableClient {
  return TableClient.fromConnectionString(azurite.connectionString, `${tablePrefix}${suffix}`, { allowInsecureConnection: true });
}

describe('Azure Table Storage request store', () => {
  before(async function () {
    this.timeout(60_000);
    azurite = await startAzurite();
  });
  after(async () => azurite?.stop());

  requestStoreContract('Azure Table Storage (Azurite)', () => open());
  bulkStoreContract('Azure Table Storage (Azurite)', () => TableBulkStore.open({ kind: 'table', connectionString: azurite.connectionString, tablePrefix: prefix() }));

  it('answers every query with point reads or one-partition queries, reading only that partition', async () => {
    const tablePrefix = prefix();
    const store = await open(tablePrefix);
    // Noise in other partitions: many completed requests of other requesters.
    for (let i = 0; i < 30; i++) await store.create(sampleRequest({ status: 'completed', requester: { aadObjectId: `noise-${i}`, name: 'N' } }));
    const mine = await store.create(sampleRequest({ requester: { aadObjectId: 'Alice-1', name: 'Alice' }, expiresAt: '2026-01-01T00:00:00.000Z' }));
    await store.appendAudit({ requestId: mine.id, at: '2026-11-01T00:00:00Z', actor: 'x', action: 'created', outcome: 'ok' });
    await store.upsertConversation({ key: 't_c1', tenantId: 't', conversationId: 'c1', conversationType: 'personal', userAadObjectId: 'alice-1', reference: {}, updatedAt: '2026-11-01T00:00:00Z' });
    await store.close();

    const log: Array<{ method: string; url: string }> = [];
    const watched = await open(tablePrefix, { onRequest: (r) => log.push(r) });
    log.length = 0; // table creation
    assert.deepEqual((await watched.byStatus('pending')).map((r) => r.id), [mine.id]);
    assert.deepEqual((await watched.byRequester('ALICE-1')).map((r) => r.id), [mine.id]);
    assert.deepEqual((await watched.expiringBefore('2026-06-01T00:00:00.000Z')).map((r) => r.id), [mine.id]);
    assert.equal((await watched.audit(mine.id)).length, 1);
    assert.equal((await watched.personalConversation('ALICE-1'))?.key, 't_c1');
    assert.equal((await watched.get(mine.id))?.id, mine.id);
    await watched.close();

    assert.ok(log.length > 0);
    for (const { method, url } of log) {
      assert.equal(method, 'GET', url);
      const u = new URL(url);
      const path = decodeURIComponent(u.pathname);
      const filter = u.searchParams.get('$filter');
      const pointRead = /\(PartitionKey='[^']*',\s*RowKey='[^']*'\)$/.test(path);
      assert.ok(pointRead || (filter !== null && /^PartitionKey eq '[^']+'( and RowKey lt '[^']+')?$/.test(filter)), `not a point read or one-partition query: ${path} ${filter}`);
    }
    // Only the one matching request entity is read per query, never the 30 others.
    const requestReads = log.filter((r) => decodeURIComponent(new URL(r.url).pathname).includes(`${tablePrefix}requests(`));
    assert.equal(requestReads.length, 4, requestReads.map((r) => r.url).join('\n'));
  });

  it('stores a request bigger than one property (chunked) and refuses one beyond an entity', async () => {
    const store = await open();
    // Non-ASCII on purpose: multi-byte characters on every chunk and network-packet boundary.
    const big = 'é🙂'.repeat(8_000) + 'x'.repeat(7) + 'ü'.repeat(10_000) + 'y'.repeat(100_000); // ~310K characters of JSON: 10 chunks
    const same = (a: string | undefined) => a === big || assert.fail(`reason differs (length ${a?.length} vs ${big.length}; first difference at ${[...big].findIndex((c, i) => a?.[i] !== c)})`);
    const created = await store.create(sampleRequest({ reason: big }));
    const read = await store.get(created.id);
    same(read?.reason);
    const updated = await store.update({ ...read!, status: 'approved' });
    same((await store.get(created.id))?.reason);
    same((await store.byStatus('approved')).find((r) => r.id === created.id)?.reason);
    assert.equal(updated.version, 2);
    await assert.rejects(store.create(sampleRequest({ reason: 'y'.repeat(600_000) })), /too large/);
    await store.close();
  });

  it('ignores stale and premature index rows, and deletes only the provably stale ones', async () => {
    const tablePrefix = prefix();
    let now = new Date();
    const store = await open(tablePrefix, { now: () => now });
    const index = rawTable(tablePrefix, 'index');
    const r = await store.create(sampleRequest());
    const executing = await store.update({ ...(await store.update({ ...r, status: 'approved' })), status: 'executing' });
    const rowKey = `${r.createdAt}|${r.id}`;
    // As if a crash left rows behind: the old pending row (stale for good), a row ahead of time ("completed",
    // being written by an instance that has not saved the request yet), and a row for a request never created.
    await index.upsertEntity({ partitionKey: 'status|pending', rowKey, kind: 'status' }, 'Replace');
    await index.upsertEntity({ partitionKey: 'status|completed', rowKey, kind: 'status' }, 'Replace');
    await index.upsertEntity({ partitionKey: 'status|pending', rowKey: `${r.createdAt}|REQ-GHOST`, kind: 'status' }, 'Replace');
    await index.upsertEntity({ partitionKey: 'expiry', rowKey: `${r.expiresAt}|${r.id}`, kind: 'expiry' }, 'Replace');

    assert.deepEqual(await store.byStatus('pending'), []);
    assert.deepEqual(await store.byStatus('completed'), []);
    assert.deepEqual((await store.byStatus('executing')).map((x) => x.id), [r.id]);
    assert.deepEqual(await store.expiringBefore('2100-01-01T00:00:00.000Z'), []);
    await store.close(); // waits for the lazy clean-up

    const rows = async (pk: string) => {
      const out: string[] = [];
      for await (const e of index.listEntities({ queryOptions: { filter: `PartitionKey eq '${pk}'` } })) out.push(String(e.rowKey).split('|').pop()!);
      return out;
    };
    assert.deepEqual(await rows('status|pending'), ['REQ-GHOST'], 'stale pending row deleted; the ghost is young and stays');
    assert.deepEqual(await rows('status|completed'), [r.id], 'a row ahead of the request is not deleted');
    assert.deepEqual(await rows('expiry'), [], 'an expiry row of a request no longer pending is deleted');

    // The ahead row becomes true: the request completes and is found through it.
    const done = await store.update({ ...executing, status: 'completed' });
    assert.deepEqual((await store.byStatus('completed')).map((x) => x.id), [done.id]);
    // Much later, the ghost (its create never happened) is past the grace period and goes.
    now = new Date(now.getTime() + 3_600_000);
    assert.deepEqual(await store.byStatus('pending'), []);
    await store.close();
    assert.deepEqual(await rows('status|pending'), []);
    assert.ok(store.stats().staleIndexHits >= 4);
  });

  it('two store instances on one table: one write per version, the other gets ConcurrencyError', async () => {
    const tablePrefix = prefix();
    const [a, b] = [await open(tablePrefix), await open(tablePrefix)];
    const r = await a.create(sampleRequest());
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).update({ ...r, status: i % 3 ? 'approved' : 'rejected' })));
    assert.equal(results.filter((x) => x.status === 'fulfilled').length, 1);
    assert.ok(results.every((x) => x.status === 'fulfilled' || x.reason instanceof ConcurrencyError));
    // saveWithRetry from both sides: every change lands exactly once.
    const created = await a.create(sampleRequest({ cards: [] }));
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        saveWithRetry(i % 2 ? a : b, created.id, (cur) => ({ ...cur, cards: [...cur.cards, { conversationKey: 'k', activityId: `a${i}`, role: 'approver' as const }] }), 50),
      ),
    );
    const final = await b.get(created.id);
    assert.equal(final?.cards.length, 10);
    assert.equal(final?.version, 11);
    const conflicts = a.stats().versionConflicts + a.stats().etagConflicts + b.stats().versionConflicts + b.stats().etagConflicts;
    assert.ok(conflicts >= 19, `conflicts seen: ${conflicts}`);
    assert.deepEqual((await a.byStatus('pending')).map((x) => x.id), [created.id]);
    await Promise.all([a.close(), b.close()]);
  });

  it('audit is insert-only and keeps each writer’s order, with entries from two instances', async () => {
    const tablePrefix = prefix();
    const [a, b] = [await open(tablePrefix), await open(tablePrefix)];
    const at = '2026-11-01T00:00:00.000Z'; // same timestamp on purpose: order must not depend on it
    await Promise.all([
      (async () => {
        for (let i = 0; i < 15; i++) await a.appendAudit({ requestId: 'REQ-A1', at, actor: 'a', action: `a${i}`, outcome: 'info' });
      })(),
      (async () => {
        for (let i = 0; i < 15; i++) await b.appendAudit({ requestId: 'REQ-A1', at, actor: 'b', action: `b${i}`, outcome: 'info' });
      })(),
    ]);
    const entries = await a.audit('REQ-A1');
    assert.equal(entries.length, 30);
    for (const who of ['a', 'b']) assert.deepEqual(entries.filter((e) => e.actor === who).map((e) => e.action), Array.from({ length: 15 }, (_, i) => `${who}${i}`));
    await Promise.all([a.close(), b.close()]);
  });

  it('keeps conversation keys with characters Table Storage forbids in keys', async () => {
    const store = await open();
    const key = 'tenant-1_19:abc/def#g?h\\i@thread.tacv2;messageid=1';
    await store.upsertConversation({ key, tenantId: 'tenant-1', conversationId: key.slice(9), conversationType: 'channel', reference: { x: 1 }, updatedAt: '2026-11-01T00:00:00Z' });
    assert.equal((await store.conversation(key))?.conversationId, key.slice(9));
    assert.deepEqual((await store.conversations()).map((c) => c.key), [key]);
    await store.removeConversation(key);
    assert.equal(await store.conversation(key), undefined);
    await store.close();
  });
});
