import type { GraphGateway } from '../graph/gateway';
import type { GraphUser, SubscribedSku, UserSummary } from '../graph/types';
import type { Catalog } from '../licensing/catalog';
import { monthlyCostChange, type PriceList } from '../licensing/prices';
import type { RequestStore } from '../store/request-store';
import type { ExecutorLogger, RequestExecutor } from './request-executor';
import type { Approvers } from './approvers';
import { personByName } from './person-by-name';
import type { MailboxUsageSource } from './license-answers';
import type { Notice, RequestNotifier } from './request-notifier';
import { canRequestFor } from '../requests/policy';
import { mailboxProblems, preflight, seatsOf, type MailboxFacts, type Plan, type Refusal } from '../requests/preflight';
import { cancel, decide, expire, newRequestId, OPEN_STATUSES, sameId, type CardLocation, type LicenseRequest, type Person } from '../requests/request';
import { saveWithRetry } from '../store/save-with-retry';
import { approveByPolicy, POLICY_APPROVER } from '../requests/request';
import { withinBudgetPolicy, type BudgetCheck } from '../requests/budget';
import type { LicenseDuration } from '../requests/duration';
import type { BudgetService } from './budgets';

export type TargetInput = { kind: 'self' } | { kind: 'id'; aadObjectId: string } | { kind: 'address'; value: string } | { kind: 'name'; value: string };

/**
 * Who could be told about a new request. When nobody was (`notified` 0) the requester learns why: if they are
 * the only approver who has the bot, they cannot approve their own request, and `otherApprovers` can.
 */
export interface ApproverReach {
  notified: number;
  requesterIsApprover: boolean;
  /** Names of the other approvers (at most 20), who need to open License Desk once to get approval cards. */
  otherApprovers: string[];
}

export interface SubmitInput {
  product: string;
  target: TargetInput;
  replacing?: string;
  reason?: string;
  confirmedNoMailbox?: boolean;
  /** A temporary change: reverts at the end. */
  duration?: LicenseDuration;
}

export type SubmitOutcome =
  | { kind: 'created'; request: LicenseRequest; plan: Plan; approversNotified: number; reach: ApproverReach }
  | { kind: 'refused'; refusal: Refusal; input: SubmitInput; targetName: string }
  | { kind: 'target-not-found'; query: string }
  /** A name that matches several people: they must say which (by address). */
  | { kind: 'target-ambiguous'; query: string; candidates: UserSummary[] }
  | { kind: 'not-allowed'; targetName: string }
  | { kind: 'no-approver-group' };

export type DecisionOutcome =
  | { kind: 'decided'; request: LicenseRequest }
  | { kind: 'refused'; reason: 'not-approver' | 'own-request' | 'not-pending' | 'expired' | 'not-requester' | 'not-executable'; request: LicenseRequest }
  | { kind: 'no-seat'; request: LicenseRequest; seats: { total: number; consumed: number; free: number } }
  | { kind: 'not-found' };

export interface RequestServiceOptions {
  tenantId: string;
  expiryDays: number;
  /** AUTO_APPROVE_WITHIN_BUDGET: managers' requests within their department's budget approve themselves. */
  autoApproveWithinBudget?: boolean;
}

/** What happens around a change besides the write: temporary grants are scheduled when applied. */
export interface ChangeHooks {
  onSubmitted?(request: LicenseRequest): Promise<void>;
  onApplied?(request: LicenseRequest): Promise<void>;
}

export interface RequestServiceDeps {
  graph: GraphGateway;
  /** Membership of the approver group, checked against Graph. */
  approvers: Approvers;
  store: RequestStore;
  catalog: Catalog;
  prices: PriceList;
  notifier: RequestNotifier;
  executor: RequestExecutor;
  now: () => Date;
  random: (n: number) => Uint8Array;
  logger: ExecutorLogger;
  /** The mailbox usage report, shared with the mailbox answers (read once per 10 minutes). */
  mailboxUsage: MailboxUsageSource;
  budgets?: BudgetService;
  hooks?: ChangeHooks;
}


/** The request flow: submit (checked), decide (authorised on server state), cancel, expire, execute. */
export class RequestService {
  private readonly background = new Set<Promise<unknown>>();

  constructor(
    private readonly deps: RequestServiceDeps,
    private readonly options: RequestServiceOptions,
  ) {}

  async get(requestId: string): Promise<LicenseRequest | undefined> {
    return this.deps.store.get(requestId.toUpperCase());
  }

  async products(): Promise<Array<{ skuId: string; skuPartNumber: string; displayName: string; free: number }>> {
    const skus = await this.deps.graph.getSubscribedSkus();
    return skus
      .filter((s) => (s.appliesTo ?? 'User') === 'User')
      .map((s) => ({ skuId: s.skuId, skuPartNumber: s.skuPartNumber, displayName: this.deps.catalog.sku(s.skuId)?.displayName ?? s.skuPartNumber, free: seatsOf(s).free }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  async submit(actor: Person, input: SubmitInput): Promise<SubmitOutcome> {
    const { graph, catalog, store, now } = this.deps;
    if (!this.deps.approvers.configured) return { kind: 'no-approver-group' };
    const found = await this.findTarget(actor, input.target);
    if (found && 'ambiguous' in found) return { kind: 'target-ambiguous', query: found.query, candidates: found.ambiguous };
    const target = found;
    if (!target) return { kind: 'target-not-found', query: input.target.kind === 'self' ? 'you' : input.target.kind === 'id' ? input.target.aadObjectId : input.target.value };

    let managesTarget = false;
    if (!sameId(actor.aadObjectId, target.id)) {
      const [chain, actorIsApprover] = await Promise.all([graph.getManagerChain(target.id).then((c) => c.map((m) => m.id)), this.deps.approvers.isApprover(actor.aadObjectId)]);
      managesTarget = chain.some((id) => sameId(id, actor.aadObjectId));
      if (!canRequestFor({ actorId: actor.aadObjectId, targetId: target.id, targetManagerChain: chain, actorIsApprover }).allowed) {
        await this.auditRefusal(actor, 'request', `not allowed to request for ${target.id}`);
        return { kind: 'not-allowed', targetName: target.displayName ?? 'that person' };
      }
    }

    const skus = await graph.getSubscribedSkus();
    const open = await this.openRequestsFor(target.id);
    const run = (mailbox?: MailboxFacts) =>
      preflight({
        target,
        tenantSkus: skus,
        catalog,
        productText: input.product,
        replacingText: input.replacing,
        mailbox,
        confirmedNoMailbox: Boolean(input.confirmedNoMailbox),
        openRequests: open.map((r) => ({ id: r.id, addSkuId: r.add.skuId })),
      });
    let result = run();
    // The mailbox report is only read when the change shrinks the mailbox (a 302 + CSV download; cached).
    if ((result.ok && this.shrinksMailbox(result.plan)) || (!result.ok && result.refusal.kind === 'no-mailbox-left')) {
      result = run(await this.mailboxFacts(target));
    }
    const targetName = target.displayName ?? target.userPrincipalName ?? target.id;
    if (!result.ok) return { kind: 'refused', refusal: await this.withGroupNames(result.refusal), input, targetName };
    const plan = result.plan;

    const created = now();
    const usage = plan.diff.exchange.quotaChangeGB < 0 ? await this.mailboxFacts(target) : undefined;
    const needsSeat = !plan.current.skus.some((s) => s.skuId === plan.add.skuId && s.active);
    const budget = this.deps.budgets ? await this.deps.budgets.checksFor([{ id: target.id, department: target.department, needsSeat }], plan.add.skuId) : { checks: [] as BudgetCheck[], covered: new Set<string>() };
    const request = await store.create({
      id: newRequestId(this.deps.random),
      tenantId: this.options.tenantId,
      status: 'pending',
      requester: actor,
      target: { aadObjectId: target.id, name: targetName, upn: target.userPrincipalName ?? undefined },
      add: plan.add,
      remove: plan.remove,
      reason: (input.reason ?? '').slice(0, 500),
      confirmedNoMailbox: Boolean(input.confirmedNoMailbox),
      summary: {
        gains: plan.diff.gains,
        losses: plan.diff.losses,
        quotaFromGB: plan.diff.exchange.from.mailboxQuotaGB,
        quotaToGB: plan.diff.exchange.to.mailboxQuotaGB,
        monthlyCostChange: monthlyCostChange(this.deps.prices, plan.diff.addedSkus, plan.diff.removedSkus) ?? null,
        currency: this.deps.prices.currency,
        seatsFreeAtRequest: plan.seats.free,
        mailboxUsedGB: usage?.storageUsedBytes !== undefined ? Math.round(usage.storageUsedBytes / 1e8) / 10 : undefined,
        notices: plan.notices,
        phrases: { gains: plan.diff.gainPhrases, losses: plan.diff.lossPhrases, notices: plan.noticePhrases },
      },
      createdAt: created.toISOString(),
      expiresAt: new Date(created.getTime() + this.options.expiryDays * 86_400_000).toISOString(),
      updatedAt: created.toISOString(),
      cards: [],
      ...(budget.checks.length > 0 ? { budgets: budget.checks } : {}),
      ...(input.duration ? { temporary: { duration: input.duration, ...(input.duration.kind === 'until' ? { endsAt: input.duration.at } : {}), state: 'scheduled' as const, remindersSent: [], extensions: [] } } : {}),
      version: 0,
    });
    await this.audit(request, actor.aadObjectId, 'created', 'ok', `${plan.add.skuPartNumber}${plan.remove ? ` replacing ${plan.remove.skuPartNumber}` : ''} for ${target.id}${input.duration ? ' (temporary)' : ''}`);
    await this.deps.hooks?.onSubmitted?.(request);
    const policy = withinBudgetPolicy({ enabled: Boolean(this.options.autoApproveWithinBudget), requesterManagesAll: managesTarget, checks: budget.checks, everyoneCovered: budget.covered.has(target.id.toLowerCase()) });
    if (policy) {
      const approved = await this.approveByPolicy(request);
      if (approved) return { kind: 'created', request: approved, plan, approversNotified: 0, reach: { notified: 0, requesterIsApprover: false, otherApprovers: [] } };
    }
    const reach = await this.announce(request);
    return { kind: 'created', request: (await store.get(request.id)) ?? request, plan, approversNotified: reach.notified, reach };
  }

  /** Remembers where a copy of the request card lives (e.g. the requester's reply), so it is updated later. */
  async recordCard(requestId: string, location: CardLocation): Promise<void> {
    await saveWithRetry(this.deps.store, requestId, (r) => ({ ...r, cards: [...r.cards.filter((c) => c.activityId !== location.activityId), location] }));
  }

  async decide(actor: Person, requestId: string, outcome: 'approved' | 'rejected', comment?: string): Promise<DecisionOutcome> {
    const { store, now, graph } = this.deps;
    const current = await store.get(requestId);
    if (!current) return { kind: 'not-found' };
    // Authorisation on server-side state: Graph group membership and the stored request, nothing from the card.
    const actorIsApprover = await this.deps.approvers.isApprover(actor.aadObjectId);
    const check = decide(current, actor, outcome, { actorIsApprover }, now(), comment);
    if (!check.ok) {
      await this.audit(current, actor.aadObjectId, `${outcome === 'approved' ? 'approve' : 'reject'}`, 'refused', check.reason);
      return { kind: 'refused', reason: check.reason, request: current };
    }
    let batchSeatsFree: number | undefined;
    if (outcome === 'approved' && current.batch) {
      // A batch runs the ready people that fit the seats free now; it is refused only when none fits.
      const sku = (await graph.getSubscribedSkus({ fresh: true })).find((s) => s.skuId.toLowerCase() === current.add.skuId);
      batchSeatsFree = sku ? seatsOf(sku).free : 0;
      const runnable = current.batch.ready - current.batch.seatsNeeded + Math.min(current.batch.seatsNeeded, batchSeatsFree);
      if (runnable <= 0) {
        await this.audit(current, actor.aadObjectId, 'approve', 'refused', 'no free seat');
        return { kind: 'no-seat', request: current, seats: sku ? seatsOf(sku) : { total: 0, consumed: 0, free: 0 } };
      }
    } else if (outcome === 'approved') {
      // Seats: the cached SKU table answers the common case; only "none free" is confirmed against Graph.
      const skuOf = (skus: readonly SubscribedSku[]) => skus.find((s) => s.skuId.toLowerCase() === current.add.skuId);
      let sku = skuOf(await graph.getSubscribedSkus());
      if (sku && seatsOf(sku).free === 0) sku = skuOf(await graph.getSubscribedSkus({ fresh: true }));
      if (sku && seatsOf(sku).free === 0) {
        const target = await graph.getUser(current.target.aadObjectId);
        if (!target.assignedLicenses.some((l) => l.skuId.toLowerCase() === current.add.skuId)) {
          await this.audit(current, actor.aadObjectId, 'approve', 'refused', 'no free seat');
          return { kind: 'no-seat', request: current, seats: seatsOf(sku) };
        }
      }
    }
    const saved = await saveWithRetry(store, requestId, (r) => {
      const t = decide(r, actor, outcome, { actorIsApprover }, now(), comment);
      if (!t.ok) return undefined;
      if (!t.request.batch || batchSeatsFree === undefined) return t.request;
      const b = t.request.batch;
      return { ...t.request, batch: { ...b, seatsFree: batchSeatsFree, approvedCount: b.ready - b.seatsNeeded + Math.min(b.seatsNeeded, batchSeatsFree) } };
    });
    if (!saved.saved || !saved.request) {
      // Someone decided first: the second click sees the outcome.
      return { kind: 'refused', reason: 'not-pending', request: saved.request ?? current };
    }
    const decided = saved.request;
    await this.audit(decided, actor.aadObjectId, outcome === 'approved' ? 'approved' : 'rejected', 'ok', comment?.trim() || undefined);
    this.inBackground(async () => {
      await this.deps.notifier.updateRequestCards(decided);
      const values = { id: decided.id, by: actor.name, product: decided.add.displayName, target: decided.target.name, hasComment: comment?.trim() ? 'yes' : 'no', comment: comment?.trim() ?? '' };
      await this.deps.notifier.tell(decided.requester.aadObjectId, { key: outcome === 'approved' ? 'notify.approved' : 'notify.rejected', values }, decided);
      if (outcome === 'approved') await this.deps.executor.execute(decided.id);
    });
    return { kind: 'decided', request: decided };
  }

  async cancel(actor: Person, requestId: string): Promise<DecisionOutcome> {
    const current = await this.deps.store.get(requestId);
    if (!current) return { kind: 'not-found' };
    const check = cancel(current, actor, this.deps.now());
    if (!check.ok) {
      await this.audit(current, actor.aadObjectId, 'cancel', 'refused', check.reason);
      return { kind: 'refused', reason: check.reason, request: current };
    }
    const saved = await saveWithRetry(this.deps.store, requestId, (r) => {
      const t = cancel(r, actor, this.deps.now());
      return t.ok ? t.request : undefined;
    });
    if (!saved.saved || !saved.request) return { kind: 'refused', reason: 'not-pending', request: saved.request ?? current };
    const cancelled = saved.request;
    await this.audit(cancelled, actor.aadObjectId, 'cancelled', 'ok');
    this.inBackground(() => this.deps.notifier.updateRequestCards(cancelled));
    return { kind: 'decided', request: cancelled };
  }

  /** Expires pending requests past their time, each exactly once (the store's version check decides). */
  async expireDue(): Promise<LicenseRequest[]> {
    const { store, now } = this.deps;
    const expired: LicenseRequest[] = [];
    for (const due of await store.expiringBefore(now().toISOString())) {
      const saved = await saveWithRetry(store, due.id, (r) => {
        const t = expire(r, now());
        return t.ok ? t.request : undefined;
      });
      if (!saved.saved || !saved.request) continue;
      const request = saved.request;
      expired.push(request);
      await this.audit(request, 'system', 'expired', 'ok', `not decided by ${request.expiresAt}`);
      await this.deps.notifier.updateRequestCards(request).catch(() => undefined);
      await this.deps.notifier
        .tell(request.requester.aadObjectId, { key: 'notify.expired', values: { id: request.id, product: request.add.displayName, target: request.target.name } }, request)
        .catch(() => false);
    }
    return expired;
  }

  async listFor(actor: Person): Promise<{ mine: LicenseRequest[]; pending: LicenseRequest[]; isApprover: boolean }> {
    const [mine, isApprover] = await Promise.all([this.deps.store.byRequester(actor.aadObjectId, 10), this.deps.approvers.isApprover(actor.aadObjectId)]);
    const pending = isApprover ? (await this.deps.store.byStatus('pending', 20)).filter((r) => !sameId(r.requester.aadObjectId, actor.aadObjectId)) : [];
    return { mine, pending, isApprover };
  }

  /** Resolves when every background job started so far (card updates, executions) has finished. */
  async settled(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  async onExecutionFinished(request: LicenseRequest): Promise<void> {
    if (request.status === 'completed' && this.deps.hooks?.onApplied) {
      // A temporary change gets its end now: the cards and the message show it.
      await this.deps.hooks.onApplied(request);
      request = (await this.deps.store.get(request.id)) ?? request;
    }
    await this.deps.notifier.updateRequestCards(request);
    if (request.batch) {
      const p = request.batch.progress;
      const values = { id: request.id, product: request.add.displayName, done: p.done, failed: p.failed, excluded: p.excluded, total: request.batch.approvedCount ?? request.batch.ready };
      await this.deps.notifier.tell(request.requester.aadObjectId, { key: 'notify.batch-finished', values, actions: [{ key: 'batch.action.download', verb: 'batch.csv', data: { requestId: request.id } }] }, request);
      return;
    }
    if (request.extension) {
      await this.deps.notifier.tell(request.requester.aadObjectId, { key: 'notify.extended', values: { id: request.id, of: request.extension.of, until: request.extension.toEndsAt ?? '' } }, request);
      return;
    }
    const notice: Notice =
      request.status === 'completed'
        ? { key: request.remove ? 'notify.completed.replacing' : 'notify.completed', values: { id: request.id, target: request.target.name, product: request.add.displayName, removed: request.remove?.displayName ?? '', verified: request.execution?.verified ? 'yes' : 'no' } }
        : // The notifier re-says the failure from the request in the recipient's language.
          { key: 'notify.failed', values: { id: request.id, reason: request.execution?.failure?.message ?? 'unknown reason' } };
    await this.deps.notifier.tell(request.requester.aadObjectId, notice, request);
  }

  /** Posts the approval cards; says who could be reached (the bot's reply explains a 0). */
  async announce(request: LicenseRequest): Promise<ApproverReach> {
    const notified = await this.sendForApproval(request);
    if (notified > 0) return { notified, requesterIsApprover: false, otherApprovers: [] };
    const members = await this.deps.approvers.memberIds();
    const requesterIsApprover = members.has(request.requester.aadObjectId.toLowerCase());
    const others = [...members].filter((id) => !sameId(id, request.requester.aadObjectId)).slice(0, 20);
    const users = others.length > 0 ? await this.deps.graph.batchGetUsers(others).catch(() => new Map()) : new Map();
    const otherApprovers = others.map((id) => users.get(id)?.displayName ?? users.get(id)?.userPrincipalName ?? id);
    return { notified, requesterIsApprover, otherApprovers };
  }

  /**
   * AUTO_APPROVE_WITHIN_BUDGET: the policy approves (seats checked as an approver's click would be; the mailbox
   * guard ran in preflight and runs again before the write). undefined when the seats say no: it waits for people.
   */
  async approveByPolicy(request: LicenseRequest): Promise<LicenseRequest | undefined> {
    const { graph, store, now } = this.deps;
    const sku = (await graph.getSubscribedSkus({ fresh: true })).find((s) => s.skuId.toLowerCase() === request.add.skuId);
    const free = sku ? seatsOf(sku).free : 0;
    const needed = request.batch ? request.batch.seatsNeeded : 1;
    if (needed > free) {
      await this.audit(request, 'system', 'policy-approve', 'refused', `within budget, but ${needed} seat(s) needed and ${free} free`);
      return undefined;
    }
    const saved = await saveWithRetry(store, request.id, (r) => {
      const t = approveByPolicy(r, now());
      if (!t.ok) return undefined;
      return t.request.batch ? { ...t.request, batch: { ...t.request.batch, seatsFree: free, approvedCount: t.request.batch.ready } } : t.request;
    });
    if (!saved.saved || !saved.request) return undefined;
    const approved = saved.request;
    await this.audit(approved, POLICY_APPROVER.aadObjectId, 'policy-approved', 'ok', 'AUTO_APPROVE_WITHIN_BUDGET: the requester manages everyone in it and no budget goes over');
    this.inBackground(async () => {
      await this.deps.notifier.updateRequestCards(approved);
      await this.deps.executor.execute(approved.id);
    });
    return approved;
  }

  /** Background work that settled() waits for (batch executions, scheduled reverts started by hand). */
  runInBackground(job: () => Promise<unknown>): void {
    this.inBackground(job);
  }

  private inBackground(job: () => Promise<unknown>): void {
    const promise = job()
      .catch((error) => this.deps.logger.error({ err: (error as Error).message }, 'background request job failed'))
      .finally(() => this.background.delete(promise));
    this.background.add(promise);
  }

  private async sendForApproval(request: LicenseRequest): Promise<number> {
    const { notifier } = this.deps;
    // Approvers who have the bot installed: the group's members (one paged Graph call) ∩ stored personal chats.
    const members = await this.deps.approvers.memberIds();
    const approvers = (await notifier.reachablePeople()).filter((id) => members.has(id.toLowerCase()) && !sameId(id, request.requester.aadObjectId));
    const locations: CardLocation[] = [];
    for (const id of approvers) {
      const location = await notifier.postRequestCard(request, 'approver', id).catch(() => undefined);
      if (location) locations.push(location);
    }
    const channel = await notifier.postChannelCard(request).catch(() => undefined);
    if (channel) locations.push(channel);
    if (locations.length > 0) await saveWithRetry(this.deps.store, request.id, (r) => ({ ...r, cards: [...r.cards, ...locations] }));
    await this.audit(request, 'system', 'sent-for-approval', locations.length > 0 ? 'ok' : 'info', `${approvers.length} approver(s) with the bot installed${channel ? ' + channel' : ''}`);
    return locations.filter((l) => l.role === 'approver').length;
  }

  /** A refusal that names groups shows their names (best effort: ids stay when Graph cannot tell). */
  private async withGroupNames(refusal: Refusal): Promise<Refusal> {
    if (refusal.kind !== 'replace-inherited' || refusal.groupIds.length === 0) return refusal;
    const names = await this.deps.graph.getGroupNames(refusal.groupIds).catch(() => new Map<string, string>());
    return { ...refusal, groupNames: refusal.groupIds.map((id) => names.get(id)) };
  }

  private async findTarget(actor: Person, target: TargetInput): Promise<GraphUser | null | { ambiguous: UserSummary[]; query: string }> {
    if (target.kind === 'self') return this.deps.graph.getUser(actor.aadObjectId);
    if (target.kind === 'id') return this.deps.graph.findUser(target.aadObjectId);
    if (target.kind === 'address') return this.deps.graph.findUser(target.value);
    const match = await personByName(this.deps.graph, target.value);
    if (match.kind === 'several') return { ambiguous: match.candidates, query: target.value };
    return match.kind === 'one' ? this.deps.graph.findUser(match.user.id) : null;
  }

  private async openRequestsFor(targetId: string): Promise<LicenseRequest[]> {
    const open: LicenseRequest[] = [];
    for (const status of OPEN_STATUSES) open.push(...(await this.deps.store.byStatus(status, 500)).filter((r) => sameId(r.target.aadObjectId, targetId)));
    return open;
  }

  private shrinksMailbox(plan: Plan): boolean {
    return mailboxProblems(plan.diff, { storageUsedBytes: Number.MAX_SAFE_INTEGER, hasArchive: true, litigationHoldEnabled: true }).length > 0;
  }

  private async mailboxFacts(user: GraphUser): Promise<MailboxFacts | undefined> {
    const usage = await this.deps.mailboxUsage.usageOf(user);
    // Concealed names (the tenant default): the guard cannot see this mailbox, and says why.
    if (usage.kind === 'concealed') return { namesConcealed: true };
    if (usage.kind !== 'found') return undefined;
    return { storageUsedBytes: usage.sizeKnown ? usage.usage.storageUsedBytes : undefined, hasArchive: usage.usage.archive ?? false, litigationHoldEnabled: usage.usage.hasLitigationHold };
  }

  private audit(request: LicenseRequest, actor: string, action: string, outcome: 'ok' | 'refused' | 'failed' | 'info', detail?: string): Promise<void> {
    return this.deps.store.appendAudit({ requestId: request.id, at: this.deps.now().toISOString(), actor, action, outcome, detail });
  }

  private auditRefusal(actor: Person, action: string, detail: string): Promise<void> {
    return this.deps.store.appendAudit({ requestId: '-', at: this.deps.now().toISOString(), actor: actor.aadObjectId, action, outcome: 'refused', detail });
  }
}
