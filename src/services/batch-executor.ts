/**
 * Runs an approved batch: ONE atomic assignLicense per person (add + remove together), a few at a time, in chunks
 * of 20. Each chunk is marked `writing` in the store before its writes and verified afterwards with ONE $batch
 * read of its people; the request's progress is saved after every chunk (renewing the execution claim) and the
 * cards are edited at most every few seconds. A crash leaves `writing` items: the next owner reads those people
 * from Graph first and writes only where the change is not there, so nobody is written twice.
 *
 * Graph requests for N people: N writes, ⌈N/20⌉ $batch reads, the SKU table and (only when a mailbox shrinks) the
 * mailbox usage report. Throttling: the gateway's retry middleware honours Retry-After on every write.
 */
import type { GraphGateway } from '../graph/gateway';
import { isGraphRequestError } from '../graph/errors';
import type { GraphUser, SubscribedSku } from '../graph/types';
import type { Catalog } from '../licensing/catalog';
import { phrase } from '../licensing/phrase';
import type { Resolution } from '../licensing/resolution';
import { resolve } from '../licensing/resolver';
import { failuresOf, guardProblems, progressOf, selectFitting, type BatchItem } from '../requests/batch';
import { finishExecution, type LicenseRequest } from '../requests/request';
import type { BatchItemStore } from '../store/bulk-store';
import type { RequestStore } from '../store/request-store';
import { saveWithRetry } from '../store/save-with-retry';
import type { MailboxUsage } from './mailbox-usage';
import type { ExecutorLogger } from './request-executor';
import type { RequestNotifier } from './request-notifier';

export const CHUNK = 20;

export interface BatchExecutorDeps {
  graph: GraphGateway;
  store: RequestStore;
  items: BatchItemStore;
  catalog: Catalog;
  mailbox: MailboxUsage;
  notifier: Pick<RequestNotifier, 'updateRequestCards'>;
  now: () => Date;
  logger: ExecutorLogger;
  leaseMs: number;
  /** Writes in flight at once (default 4): well under Graph's identity write limits. */
  concurrency?: number;
  /** Least time between two progress edits of the cards (default 5 s); the final state is always shown. */
  progressEditMs?: number;
  /** Rounds for people whose write outcome stayed unknown (transient failures beyond the gateway's retries). */
  maxRounds?: number;
  onFinished: (request: LicenseRequest) => Promise<void>;
}

const directly = (r: Resolution, skuId: string) => r.skus.some((s) => s.skuId === skuId && s.sources.some((x) => x.source.kind === 'direct' && x.state.toLowerCase().startsWith('active')));
const holds = (r: Resolution, skuId: string) => r.skus.some((s) => s.skuId === skuId && s.active);
const sameClaim = (a: LicenseRequest, b: LicenseRequest) => a.execution?.owner === b.execution?.owner && a.execution?.startedAt === b.execution?.startedAt;

export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(Math.max(1, limit), items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

export class BatchExecutor {
  constructor(private readonly deps: BatchExecutorDeps) {}

  /** Runs (or resumes) a batch this instance has claimed (status executing, our claim). */
  async apply(claimed: LicenseRequest): Promise<LicenseRequest | undefined> {
    const { items: itemStore } = this.deps;
    let request = claimed;
    let items = await itemStore.items(request.id);
    let lastEdit = 0;

    // Beyond the seats free at approval: excluded now, in order (the same choice on every resume).
    const candidates = items.filter((i) => i.state !== 'skipped').map((i) => ({ ...i, state: 'ready' as const }));
    const excluded = new Set(selectFitting(candidates, request.batch?.seatsFree ?? 0).excluded.map((i) => i.index));
    if (excluded.size > 0) {
      const changed = items.filter((i) => excluded.has(i.index) && i.state === 'ready').map((i) => ({ ...i, state: 'skipped' as const, skip: { code: 'no-seat' as const } }));
      await itemStore.saveItems(changed);
      items = merge(items, changed);
      await this.audit(request, 'batch-excluded', 'info', `${changed.length} beyond the free seats`);
    }

    const skus = await this.deps.graph.getSubscribedSkus();
    // The mailbox guard again, with today's usage, for people whose mailbox would shrink.
    const shrinking = items.filter((i) => i.state === 'ready' && i.shrinksMailbox);
    if (shrinking.length > 0) {
      const failed: BatchItem[] = [];
      for (const item of shrinking) {
        const problems = guardProblems(item.guard, await this.deps.mailbox.factsFor(item.person.upn, { fresh: item === shrinking[0] }));
        if (problems.length > 0) failed.push({ ...item, state: 'failed', outcome: { kind: 'mailbox-guard', message: `The mailbox guard now blocks it (${problems.join(', ')}).`, phrase: phrase('batch.failure.mailbox-guard') } });
      }
      if (failed.length > 0) {
        await itemStore.saveItems(failed);
        items = merge(items, failed);
      }
    }

    for (let round = 1; ; round++) {
      // Left `writing` by a crash or an unknown outcome: Graph says whether it happened.
      const unsettled = items.filter((i) => i.state === 'writing');
      if (unsettled.length > 0) {
        const settled = await this.settle(unsettled, request, skus, round >= (this.deps.maxRounds ?? 3));
        await itemStore.saveItems(settled);
        items = merge(items, settled);
      }
      const ready = items.filter((i) => i.state === 'ready');
      if (ready.length === 0) break;
      for (let start = 0; start < ready.length; start += CHUNK) {
        const chunk = ready.slice(start, start + CHUNK);
        const writing = chunk.map((i) => ({ ...i, state: 'writing' as const }));
        // Renew the claim (and save progress) before the writes: a superseded instance stops here.
        const renewed = await this.saveProgress(request, items);
        if (!renewed) {
          await this.audit(request, 'claim-lost', 'info', 'another instance took the batch over; not writing');
          return undefined;
        }
        request = renewed;
        await itemStore.saveItems(writing);
        items = merge(items, writing);
        const written = await mapLimited(writing, this.deps.concurrency ?? 4, (item) => this.write(request, item));
        const verified = await this.verify(written, request, skus);
        await itemStore.saveItems(verified);
        items = merge(items, verified);
        const saved = await this.saveProgress(request, items);
        if (!saved) return undefined;
        request = saved;
        if (this.deps.now().getTime() - lastEdit >= (this.deps.progressEditMs ?? 5_000)) {
          lastEdit = this.deps.now().getTime();
          await this.deps.notifier.updateRequestCards(request).catch((error) => this.deps.logger.warn({ requestId: request.id, err: (error as Error).message }, 'progress edit failed'));
        }
      }
      if (round >= (this.deps.maxRounds ?? 3)) break;
    }
    // Still unknown after the last round: reported as failed with Graph's last reason (never written again blindly).
    const leftover = items.filter((i) => i.state === 'ready' || i.state === 'writing').map((i) => ({ ...i, state: 'failed' as const, outcome: { kind: 'unknown', message: i.outcome?.message || 'Microsoft Graph did not confirm the change.' } }));
    if (leftover.length > 0) {
      await itemStore.saveItems(leftover);
      items = merge(items, leftover);
    }
    return this.finish(request, items);
  }

  /** One person's write. Its outcome: written (to verify), refused by Graph (failed, with Graph's reason), or unknown. */
  private async write(request: LicenseRequest, item: BatchItem): Promise<BatchItem> {
    const add = item.needsSeat ? [{ skuId: request.add.skuId, disabledPlans: [] as string[] }] : [];
    const remove = item.removes && request.remove ? [request.remove.skuId] : [];
    try {
      const result = await this.deps.graph.assignLicense(item.person.aadObjectId, add, remove, { readBack: false });
      return { ...item, outcome: { kind: 'written', message: '', graphRequestId: result.requestId } };
    } catch (error) {
      if (isGraphRequestError(error) && !error.transient) {
        return { ...item, state: 'failed', outcome: { kind: error.kind, message: error.plainReason, graphRequestId: error.requestId } };
      }
      // 5xx or network after the gateway's retries: Graph may or may not have applied it. Verified next.
      this.deps.logger.warn({ requestId: request.id, person: item.person.aadObjectId, err: (error as Error).message }, 'batch write outcome unknown');
      return { ...item, outcome: { kind: 'unknown', message: isGraphRequestError(error) ? error.plainReason : String(error) } };
    }
  }

  /** ONE $batch read for the chunk: the written are verified, the unknown settled (done, or to write again). */
  private async verify(items: BatchItem[], request: LicenseRequest, skus: readonly SubscribedSku[]): Promise<BatchItem[]> {
    const toRead = items.filter((i) => i.state === 'writing');
    const users = toRead.length > 0 ? await this.deps.graph.batchGetUsers(toRead.map((i) => i.person.aadObjectId)) : new Map<string, GraphUser | null>();
    return items.map((item) => {
      if (item.state !== 'writing') return item;
      const user = users.get(item.person.aadObjectId) ?? null;
      const applied = user ? this.applied(resolve(user, skus, this.deps.catalog), request, item) : false;
      if (item.outcome?.kind === 'written') return { ...item, state: 'done', outcome: { kind: 'done', message: '', graphRequestId: item.outcome.graphRequestId, verified: applied } };
      if (applied) return { ...item, state: 'done', outcome: { kind: 'done', message: '', verified: true } };
      return { ...item, state: 'ready' };
    });
  }

  /** Items a crash left `writing`: done if Graph shows the change, else back to ready (or failed after the last round). */
  private async settle(items: BatchItem[], request: LicenseRequest, skus: readonly SubscribedSku[], last: boolean): Promise<BatchItem[]> {
    const users = await this.deps.graph.batchGetUsers(items.map((i) => i.person.aadObjectId));
    const settled = items.map((item): BatchItem => {
      const user = users.get(item.person.aadObjectId) ?? null;
      if (user && this.applied(resolve(user, skus, this.deps.catalog), request, item)) return { ...item, state: 'done', outcome: { kind: 'done', message: 'already in place', verified: true } };
      if (last) return { ...item, state: 'failed', outcome: { kind: 'interrupted', message: 'The change was interrupted and was not made.', phrase: phrase('failure.interrupted') } };
      return { ...item, state: 'ready' };
    });
    await this.audit(request, 'batch-settled', 'info', `${settled.filter((i) => i.state === 'done').length} of ${items.length} interrupted writes were already in Graph`);
    return settled;
  }

  private applied(current: Resolution, request: LicenseRequest, item: BatchItem): boolean {
    if (!holds(current, request.add.skuId)) return false;
    return !(item.removes && request.remove && directly(current, request.remove.skuId));
  }

  /** Saves the progress counts on the request while our claim holds, renewing its lease. */
  private async saveProgress(request: LicenseRequest, items: readonly BatchItem[]): Promise<LicenseRequest | undefined> {
    const p = progressOf(items);
    const saved = await saveWithRetry(this.deps.store, request.id, (r) => {
      if (r.status !== 'executing' || !sameClaim(r, request) || !r.batch) return undefined;
      return {
        ...r,
        updatedAt: this.deps.now().toISOString(),
        batch: { ...r.batch, progress: { done: p.done, failed: p.failed, excluded: p.excluded }, failures: failuresOf(items) },
        execution: { ...r.execution!, leaseUntil: new Date(this.deps.now().getTime() + this.deps.leaseMs).toISOString() },
      };
    });
    return saved.saved ? saved.request : undefined;
  }

  private async finish(request: LicenseRequest, items: readonly BatchItem[]): Promise<LicenseRequest | undefined> {
    const p = progressOf(items);
    const ids = items.flatMap((i) => (i.outcome?.graphRequestId ? [i.outcome.graphRequestId] : []));
    const ok = p.done > 0 || p.failed === 0;
    const saved = await saveWithRetry(this.deps.store, request.id, (r) => {
      if (r.status !== 'executing' || !sameClaim(r, request) || !r.batch) return undefined;
      const withProgress = { ...r, batch: { ...r.batch, progress: { done: p.done, failed: p.failed, excluded: p.excluded }, failures: failuresOf(items) }, execution: { ...r.execution!, graphRequestIds: [] } };
      return finishExecution(
        withProgress,
        this.deps.now(),
        ok
          ? { ok: true, graphRequestIds: ids.slice(-50), verified: items.every((i) => i.state !== 'done' || i.outcome?.verified !== false) }
          : { ok: false, graphRequestIds: ids.slice(-50), kind: 'batch-failed', message: 'No change could be made for anyone in the batch.', phrase: phrase('batch.failure.all') },
      );
    });
    if (saved.saved && saved.request) {
      await this.audit(saved.request, ok ? 'completed' : 'failed', ok ? 'ok' : 'failed', `${p.done} done, ${p.failed} failed, ${p.excluded} beyond the seats (${ids.length} Graph writes recorded)`);
      await this.deps.onFinished(saved.request).catch((error) => this.deps.logger.warn({ requestId: request.id, err: (error as Error).message }, 'could not announce the batch outcome'));
    }
    return saved.request;
  }

  private audit(request: LicenseRequest, action: string, outcome: 'ok' | 'refused' | 'failed' | 'info', detail?: string): Promise<void> {
    return this.deps.store.appendAudit({ requestId: request.id, at: this.deps.now().toISOString(), actor: 'system', action, outcome, detail });
  }
}

export function merge(items: readonly BatchItem[], changed: readonly BatchItem[]): BatchItem[] {
  const byIndex = new Map(changed.map((c) => [c.index, c]));
  return items.map((i) => byIndex.get(i.index) ?? i);
}
