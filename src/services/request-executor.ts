import type { GraphGateway } from '../graph/gateway';
import { isGraphRequestError } from '../graph/errors';
import type { GraphUser } from '../graph/types';
import type { Catalog } from '../licensing/catalog';
import { applyChange, diff } from '../licensing/diff';
import { phrase, type Phrase } from '../licensing/phrase';
import { resolve } from '../licensing/resolver';
import type { Resolution } from '../licensing/resolution';
import type { RequestStore } from '../store/request-store';
import { seatsOf } from '../requests/preflight';
import { claimLapsed, finishExecution, startExecution, type LicenseRequest } from '../requests/request';
import { saveWithRetry } from '../store/save-with-retry';

export interface ExecutorLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ExecutorDeps {
  graph: GraphGateway;
  store: RequestStore;
  catalog: Catalog;
  now: () => Date;
  logger: ExecutorLogger;
  /** Called after the request reached a final state (completed / failed), to update cards and tell people. */
  onFinished: (request: LicenseRequest) => Promise<void>;
  /** How many times a request left executing by a crash is tried again before it fails. */
  maxAttempts?: number;
  /** This instance's name, recorded on every claim. */
  instanceId?: string;
  /** How long a claim holds; it must outlast one execution, so a live instance is never overtaken. */
  leaseMs?: number;
  /** Reads + write attempts per execution when Graph fails transiently (default 6). */
  writeRounds?: number;
  /** Wait between write rounds when Graph gives no Retry-After (seconds, default 1). */
  retryDelaySeconds?: number;
  /** Runs claimed batch requests (one write per person); resumes them after a crash. */
  batch?: { apply(request: LicenseRequest): Promise<LicenseRequest | undefined> };
  /** Applies claimed extension requests (they move another request's end; no license write). */
  extension?: { apply(request: LicenseRequest): Promise<LicenseRequest | undefined> };
}

type Outcome = { ok: true; graphRequestIds: string[]; verified: boolean; note?: string } | { ok: false; graphRequestIds: string[]; kind: string; message: string; phrase?: Phrase };

/** The same claim: same owner and the same start (a take-over starts a new claim). */
const sameClaim = (a: LicenseRequest, b: LicenseRequest) => a.execution?.owner === b.execution?.owner && a.execution?.startedAt === b.execution?.startedAt;
const APPROVED_GRACE_MS = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const directly = (r: Resolution, skuId: string) => r.skus.find((s) => s.skuId === skuId)?.sources.some((s) => s.source.kind === 'direct' && s.state.toLowerCase().startsWith('active')) ?? false;
const holds = (r: Resolution, skuId: string) => r.skus.some((s) => s.skuId === skuId && s.active);

/**
 * Makes an approved change in Graph: claim (so no other instance runs it), re-check, ONE atomic assignLicense
 * (add + remove together), read back and verify, record every step.
 */
export class RequestExecutor {
  constructor(private readonly deps: ExecutorDeps) {}

  async execute(requestId: string): Promise<LicenseRequest | undefined> {
    const { store, now } = this.deps;
    const claimed = await saveWithRetry(store, requestId, (r) => {
      if (r.status !== 'approved') return undefined;
      const t = startExecution(r, now(), this.claim());
      return t.ok ? t.request : undefined;
    });
    if (!claimed.saved || !claimed.request) return claimed.request;
    await this.audit(claimed.request, 'execution-started', 'info', `attempt ${claimed.request.execution?.attempts}`);
    return this.dispatch(claimed.request);
  }

  /** Batches and extensions have runners of their own; the claim is the same. */
  private dispatch(request: LicenseRequest): Promise<LicenseRequest | undefined> {
    if (request.batch && this.deps.batch) return this.deps.batch.apply(request);
    if (request.extension && this.deps.extension) return this.deps.extension.apply(request);
    return this.run(request);
  }

  /**
   * At start-up: a request left `executing` (the process died mid-way) is settled from Graph's real state:
   * done → completed; not done → tried again once, or failed. Approved-but-unclaimed requests are run.
   */
  async reconcile(options: { takeOverAll?: boolean } = {}): Promise<LicenseRequest[]> {
    // One pass at a time per process: a slow pass must not overlap the next sweep.
    if (this.reconciling) return [];
    this.reconciling = true;
    try {
      return await this.reconcilePass(options);
    } finally {
      this.reconciling = false;
    }
  }

  private reconciling = false;

  private async reconcilePass(options: { takeOverAll?: boolean }): Promise<LicenseRequest[]> {
    const settled: LicenseRequest[] = [];
    for (const request of await this.deps.store.byStatus('executing')) {
      // A single instance starting up owns everything left executing; otherwise wait for the claim to lapse.
      if (!options.takeOverAll && !claimLapsed(request, this.deps.now())) continue;
      const result = await this.reconcileOne(request).catch((error) => {
        this.deps.logger.error({ requestId: request.id, err: (error as Error).message }, 'reconcile failed');
        return undefined;
      });
      if (result) settled.push(result);
    }
    for (const request of await this.deps.store.byStatus('approved')) {
      // Just approved: the approving instance is about to run it; only an orphan (its process died) is ours to run.
      const decidedAt = Date.parse(request.decision?.at ?? request.updatedAt);
      if (!options.takeOverAll && this.deps.now().getTime() - decidedAt < APPROVED_GRACE_MS) continue;
      const result = await this.execute(request.id);
      if (result) settled.push(result);
    }
    return settled;
  }

  private async reconcileOne(request: LicenseRequest): Promise<LicenseRequest | undefined> {
    const { graph, catalog, now, store } = this.deps;
    // Take the request over first (conditional on the version we saw), so only one instance settles it.
    const claimed = await saveWithRetry(store, request.id, (r) => {
      if (r.status !== 'executing' || r.version !== request.version) return undefined;
      const t = startExecution(r, now(), this.claim());
      return t.ok ? t.request : undefined;
    });
    if (!claimed.saved || !claimed.request) return undefined;
    const mine = claimed.request;
    // A batch resumes where it stopped (its items say who is done); an extension is re-applied idempotently.
    if ((mine.batch && this.deps.batch) || (mine.extension && this.deps.extension)) {
      await this.audit(mine, 'reconciled', 'info', 'resuming after an interruption');
      return this.dispatch(mine);
    }
    const [user, skus] = await Promise.all([graph.getUser(mine.target.aadObjectId), graph.getSubscribedSkus({ fresh: true })]);
    const current = resolve(user, skus, catalog);
    if (holds(current, mine.add.skuId) && (!mine.remove || !directly(current, mine.remove.skuId))) {
      await this.audit(mine, 'reconciled', 'ok', 'Graph already shows the change: completed without another write');
      return this.finish(mine, { ok: true, graphRequestIds: [], verified: true });
    }
    // attempts counts this take-over too: the first run plus one retry.
    if ((mine.execution?.attempts ?? 0) > (this.deps.maxAttempts ?? 2)) {
      await this.audit(mine, 'reconciled', 'failed', 'interrupted again; not retried');
      return this.finish(mine, { ok: false, graphRequestIds: [], kind: 'interrupted', message: 'The change was interrupted twice and was not made. Ask for it again.', phrase: phrase('failure.interrupted') });
    }
    await this.audit(mine, 'reconciled', 'info', `not done in Graph: retrying (attempt ${mine.execution?.attempts})`);
    return this.run(mine);
  }

  /** Extends our claim's lease if it is still ours; false when another instance has taken over. */
  private async renewClaim(request: LicenseRequest): Promise<boolean> {
    const { store, now } = this.deps;
    const saved = await saveWithRetry(store, request.id, (r) => {
      if (r.status !== 'executing' || !sameClaim(r, request)) return undefined;
      return { ...r, execution: { ...r.execution!, leaseUntil: new Date(now().getTime() + (this.deps.leaseMs ?? 0)).toISOString() } };
    });
    return saved.saved;
  }

  private claim(): { owner: string; leaseMs: number } {
    return { owner: this.deps.instanceId ?? 'local', leaseMs: this.deps.leaseMs ?? 0 };
  }

  /**
   * One execution. A transient failure of the write (5xx, dropped connection, throttling beyond the gateway's
   * retries) leaves it unknown whether Graph applied it, so the next round re-reads the user first and writes
   * again only if the change is not there: never twice.
   */
  private async run(request: LicenseRequest): Promise<LicenseRequest | undefined> {
    const { graph, catalog } = this.deps;
    const ids: string[] = [];
    const rounds = this.deps.writeRounds ?? 6;
    for (let round = 1; ; round++) {
      try {
        // The cached SKU table is enough to plan; "no free seat" is confirmed fresh below, and Graph itself
        // refuses any assignment beyond the seats, so nothing can be overallocated.
        const [user, cachedSkus] = await Promise.all([graph.getUser(request.target.aadObjectId), graph.getSubscribedSkus()]);
        let skus = cachedSkus;
        const current = resolve(user, skus, catalog);
        const alreadyHeld = holds(current, request.add.skuId);
        const removeDirect = request.remove ? directly(current, request.remove.skuId) : false;

        // Re-check right before the write: things may have changed since the request was made (or our last write landed).
        if (alreadyHeld && (!request.remove || !removeDirect)) {
          await this.audit(request, 'recheck', 'info', round === 1 ? 'the user already has the result; nothing to write' : 'the earlier write was applied after all');
          return this.finish(request, { ok: true, graphRequestIds: ids, verified: true, note: 'already in place' });
        }
        let addSku = skus.find((s) => s.skuId.toLowerCase() === request.add.skuId);
        if (!addSku || (!alreadyHeld && seatsOf(addSku).free === 0)) {
          skus = await graph.getSubscribedSkus({ fresh: true });
          addSku = skus.find((s) => s.skuId.toLowerCase() === request.add.skuId);
        }
        if (!addSku) return this.fail(request, ids, 'invalid-sku', `${request.add.displayName} is no longer a subscription of this organization.`, phrase('failure.sku-gone', { product: request.add.displayName }));
        if (!alreadyHeld && seatsOf(addSku).free === 0) {
          const seats = seatsOf(addSku);
          return this.fail(request, ids, 'no-free-seats', `No free ${request.add.displayName} seat (${seats.consumed} of ${seats.total} in use).`, phrase('failure.no-seat', { product: request.add.displayName, consumed: seats.consumed, total: seats.total }));
        }
        if (request.remove && !removeDirect && holds(current, request.remove.skuId)) {
          return this.fail(request, ids, 'inherited-from-group', `${request.remove.displayName} now comes from a group, not directly; change the group membership instead.`, phrase('failure.now-inherited', { product: request.remove.displayName }));
        }
        const change = {
          addLicenses: alreadyHeld ? [] : [{ skuId: request.add.skuId, disabledPlans: [] as string[] }],
          removeLicenses: request.remove && removeDirect ? [request.remove.skuId] : [],
        };
        const proposed = resolve(applyChange(user, change), skus, catalog);
        if (diff(current, proposed).leavesNoMailbox && !request.confirmedNoMailbox) {
          return this.fail(request, ids, 'no-mailbox-left', 'The change would now leave the user without a mailbox, which was not confirmed.', phrase('failure.no-mailbox-left'));
        }

        // Renew the claim right before writing: if another instance took the request over (ours lapsed), stop here.
        if (!(await this.renewClaim(request))) {
          await this.audit(request, 'claim-lost', 'info', 'another instance took the request over; not writing');
          return undefined;
        }
        let result;
        try {
          // No retries inside the gateway: a retry must come after a re-read and a renewed claim (next round).
          result = await graph.assignLicense(request.target.aadObjectId, change.addLicenses, change.removeLicenses, { retries: 0 });
        } catch (error) {
          if (!isGraphRequestError(error) || !error.transient || round >= rounds) throw error;
          if (error.requestId) ids.push(error.requestId);
          await this.audit(request, 'assignLicense', 'failed', `${error.kind}: outcome unknown; re-reading the user before any retry (round ${round})`, error.requestId);
          await sleep(Math.min(30, error.retryAfterSeconds ?? this.deps.retryDelaySeconds ?? 1) * 1000);
          continue;
        }
        if (result.requestId) ids.push(result.requestId);
        await this.audit(request, 'assignLicense', 'ok', `add ${request.add.skuPartNumber}${request.remove && removeDirect ? `, remove ${request.remove.skuPartNumber}` : ''}`, result.requestId);

        const after = resolve(await this.readBack(result.user), skus, catalog);
        const verified = this.matches(after, proposed, request);
        await this.audit(request, 'verify', verified ? 'ok' : 'failed', verified ? 'effective plans match the plan' : 'Graph does not show the planned plans yet');
        return this.finish(request, { ok: true, graphRequestIds: ids, verified });
      } catch (error) {
        if (isGraphRequestError(error)) {
          if (error.transient && round < rounds) continue;
          if (error.requestId) ids.push(error.requestId);
          return this.fail(request, ids, error.kind, error.plainReason);
        }
        this.deps.logger.error({ requestId: request.id, err: (error as Error).message }, 'execution failed unexpectedly');
        return this.fail(request, ids, 'internal', 'License Desk hit an internal error; nothing is known to have changed. Reference: ' + request.id, phrase('failure.internal', { id: request.id }));
      }
    }
  }

  private async readBack(user: GraphUser): Promise<GraphUser> {
    return user.licenseAssignmentStates ? user : this.deps.graph.getUser(user.id);
  }

  private matches(after: Resolution, planned: Resolution, request: LicenseRequest): boolean {
    if (!holds(after, request.add.skuId)) return false;
    if (request.remove && directly(after, request.remove.skuId)) return false;
    return after.workloads.every((w, i) => (w.effective?.servicePlanId ?? null) === (planned.workloads[i].effective?.servicePlanId ?? null));
  }

  private async fail(request: LicenseRequest, graphRequestIds: string[], kind: string, message: string, reason?: Phrase): Promise<LicenseRequest | undefined> {
    await this.audit(request, 'execution-failed', 'failed', `${kind}: ${message}`, graphRequestIds[graphRequestIds.length - 1]);
    return this.finish(request, { ok: false, graphRequestIds, kind, message, ...(reason ? { phrase: reason } : {}) });
  }

  private async finish(request: LicenseRequest, outcome: Outcome): Promise<LicenseRequest | undefined> {
    const { store, now } = this.deps;
    // Only the current claim may settle the request: a superseded instance must not overwrite its successor.
    const saved = await saveWithRetry(store, request.id, (r) => (r.status === 'executing' && sameClaim(r, request) ? finishExecution(r, now(), outcome) : undefined));
    if (saved.saved && saved.request) {
      await this.audit(saved.request, outcome.ok ? 'completed' : 'failed', outcome.ok ? 'ok' : 'failed', outcome.ok ? (outcome.verified ? 'verified' : 'not verified') : outcome.message);
      await this.deps.onFinished(saved.request).catch((error) => this.deps.logger.warn({ requestId: request.id, err: (error as Error).message }, 'could not announce the outcome'));
    }
    return saved.request;
  }

  private audit(request: LicenseRequest, action: string, outcome: 'ok' | 'refused' | 'failed' | 'info', detail?: string, graphRequestId?: string): Promise<void> {
    return this.deps.store.appendAudit({ requestId: request.id, at: this.deps.now().toISOString(), actor: 'system', action, outcome, detail, graphRequestId });
  }
}
