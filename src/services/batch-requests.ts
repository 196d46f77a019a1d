/**
 * Batch submission: one request for many people. Each person is checked as a single request would be (may the
 * requester ask for them, already has it, usage location, group-inherited, mailbox guard, open duplicates); the
 * request stores who is ready and who is skipped and why, and the seats needed against those free.
 */
import type { GraphGateway } from '../graph/gateway';
import type { Catalog } from '../licensing/catalog';
import { monthlyCostChange, type PriceList } from '../licensing/prices';
import { summarise, type BatchInfo, type BatchItem, type SkipCode } from '../requests/batch';
import { findProduct } from '../licensing/product-lookup';
import { saveWithRetry } from '../store/save-with-retry';
import type { BudgetCheck } from '../requests/budget';
import { withinBudgetPolicy } from '../requests/budget';
import type { LicenseDuration } from '../requests/duration';
import { mailboxProblems, preflight, seatsOf, type Refusal } from '../requests/preflight';
import { newRequestId, OPEN_STATUSES, sameId, type LicenseRequest, type Person } from '../requests/request';
import type { BatchItemStore } from '../store/bulk-store';
import type { RequestStore } from '../store/request-store';
import type { Approvers } from './approvers';
import type { BudgetService } from './budgets';
import type { MailboxUsage } from './mailbox-usage';
import type { PeopleInput, PeopleResolver } from './people-resolver';
import type { ApproverReach, RequestService } from './request-service';

export interface BatchSubmitInput {
  product: string;
  people: PeopleInput;
  replacing?: string;
  reason?: string;
  duration?: LicenseDuration;
}

export type BatchSubmitOutcome =
  | { kind: 'created'; request: LicenseRequest; reach: ApproverReach; policyApproved: boolean }
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'group-not-found'; query: string }
  | { kind: 'nobody'; source: BatchInfo['source'] }
  | { kind: 'too-many'; count: number; max: number }
  | { kind: 'no-approver-group' };

/** Refusals that are about the product, not the person: the whole batch is refused. */
const PRODUCT_REFUSALS = new Set<Refusal['kind']>(['unknown-product', 'ambiguous-product', 'not-assignable', 'same-product']);
const REFUSAL_SKIP: Partial<Record<Refusal['kind'], SkipCode>> = {
  'already-has': 'already-has',
  'redundant-on-arrival': 'redundant-on-arrival',
  'no-usage-location': 'no-usage-location',
  'replace-not-held': 'replace-not-held',
  'replace-inherited': 'replace-inherited',
  'mailbox-guard': 'mailbox-guard',
  'no-mailbox-left': 'no-mailbox-left',
  duplicate: 'duplicate',
};
/** Org walk for requesters who are not approvers: how deep below them we look for their people. */
const ORG_DEPTH = 8;
export const MAX_BATCH = 5_000;

export interface BatchRequestDeps {
  graph: GraphGateway;
  approvers: Approvers;
  store: RequestStore;
  items: BatchItemStore;
  catalog: Catalog;
  prices: PriceList;
  people: PeopleResolver;
  mailbox: MailboxUsage;
  budgets?: BudgetService;
  requests: RequestService;
  now: () => Date;
  random: (n: number) => Uint8Array;
  options: { tenantId: string; expiryDays: number; autoApproveWithinBudget?: boolean };
}

export class BatchRequestService {
  constructor(private readonly deps: BatchRequestDeps) {}

  items(requestId: string): Promise<BatchItem[]> {
    return this.deps.items.items(requestId);
  }

  async submit(actor: Person, input: BatchSubmitInput): Promise<BatchSubmitOutcome> {
    const { graph, catalog, store, now } = this.deps;
    if (!this.deps.approvers.configured) return { kind: 'no-approver-group' };
    const resolved = await this.deps.people.resolve(actor, input.people);
    if (!resolved.ok) return { kind: 'group-not-found', query: resolved.query };
    if (resolved.entries.length === 0) return { kind: 'nobody', source: resolved.source };
    if (resolved.entries.length > MAX_BATCH) return { kind: 'too-many', count: resolved.entries.length, max: MAX_BATCH };

    const skus = await graph.getSubscribedSkus();
    const isApprover = await this.deps.approvers.isApprover(actor.aadObjectId);
    // Who a non-approver may ask for: themselves and the people below them (a walk down the org, not a chain per person).
    const managed = resolved.source.kind === 'team' ? new Set(resolved.entries.flatMap((e) => (e.user ? [e.user.id.toLowerCase()] : []))) : await this.orgBelow(actor, isApprover);
    const openFor = await this.openChanges();
    const id = newRequestId(this.deps.random);
    const seen = new Set<string>();
    const items: BatchItem[] = [];
    let gains: string[] = [];
    let losses: string[] = [];
    let quota = { from: 0, to: 0 };
    let change: { add: LicenseRequest['add']; remove?: LicenseRequest['remove'] } | undefined;
    let costPerPerson: number | null = null;

    for (const [index, entry] of resolved.entries.entries()) {
      if (!entry.user) {
        items.push({ requestId: id, index, person: { aadObjectId: '', name: entry.query }, query: entry.query, state: 'skipped', skip: { code: entry.code, ...(entry.code === 'ambiguous' && entry.candidates ? { detail: entry.candidates.join(', ') } : {}) }, needsSeat: false, removes: false, shrinksMailbox: false });
        continue;
      }
      const user = entry.user;
      const person = { aadObjectId: user.id, name: user.displayName ?? user.userPrincipalName ?? user.id, upn: user.userPrincipalName ?? undefined, department: user.department ?? undefined };
      const skip = (code: SkipCode, detail?: string): void => void items.push({ requestId: id, index, person, state: 'skipped', skip: { code, ...(detail ? { detail } : {}) }, needsSeat: false, removes: false, shrinksMailbox: false });
      if (seen.has(user.id.toLowerCase())) {
        skip('listed-twice');
        continue;
      }
      seen.add(user.id.toLowerCase());
      if (!isApprover && !sameId(user.id, actor.aadObjectId) && !managed.has(user.id.toLowerCase())) {
        skip('not-allowed');
        continue;
      }
      const run = (mailbox?: Awaited<ReturnType<MailboxUsage['factsFor']>>) =>
        preflight({
          target: user,
          tenantSkus: skus,
          catalog,
          productText: input.product,
          replacingText: input.replacing,
          mailbox,
          confirmedNoMailbox: false,
          openRequests: (openFor.get(user.id.toLowerCase()) ?? []).map((o) => ({ id: o.id, addSkuId: o.skuId })),
        });
      let result = run();
      const shrinks = result.ok && mailboxProblems(result.plan.diff, { storageUsedBytes: Number.MAX_SAFE_INTEGER, hasArchive: true, litigationHoldEnabled: true }).length > 0;
      if (shrinks || (!result.ok && result.refusal.kind === 'no-mailbox-left')) result = run(await this.deps.mailbox.factsFor(user.userPrincipalName));
      if (!result.ok) {
        if (PRODUCT_REFUSALS.has(result.refusal.kind)) return { kind: 'refused', refusal: result.refusal };
        skip(REFUSAL_SKIP[result.refusal.kind] ?? 'not-allowed', result.refusal.kind === 'duplicate' ? result.refusal.requestIds.join(', ') : undefined);
        continue;
      }
      const plan = result.plan;
      change ??= { add: plan.add, remove: plan.remove };
      if (gains.length === 0 && losses.length === 0) {
        gains = plan.diff.gains;
        losses = plan.diff.losses;
        quota = { from: plan.diff.exchange.from.mailboxQuotaGB, to: plan.diff.exchange.to.mailboxQuotaGB };
        costPerPerson = monthlyCostChange(this.deps.prices, plan.diff.addedSkus, plan.diff.removedSkus) ?? null;
      }
      const needsSeat = !plan.current.skus.some((s) => s.skuId === plan.add.skuId && s.active);
      const to = plan.diff.exchange.to;
      const guard = shrinks ? { quotaGB: to.mailboxQuotaGB, archiveLost: plan.diff.exchange.archiveLost && to.archive === 'none', holdLost: plan.diff.exchange.holdLost } : undefined;
      items.push({ requestId: id, index, person, state: 'ready', needsSeat, removes: Boolean(plan.remove), shrinksMailbox: shrinks, ...(guard ? { guard } : {}) });
    }

    // Nobody was ready: the product is still known from a lookup (so the card can say what was asked).
    const product: { add: LicenseRequest['add']; remove?: LicenseRequest['remove'] } | undefined = change ?? this.productOf(skus, input);
    if (!product) return { kind: 'refused', refusal: { kind: 'unknown-product', text: input.product, suggestions: [] } };
    const addSku = skus.find((s) => s.skuId.toLowerCase() === product.add.skuId);
    const info = summarise(items, resolved.source, addSku ? seatsOf(addSku).free : 0);
    const ready = items.filter((i) => i.state === 'ready');
    const budget = this.deps.budgets
      ? await this.deps.budgets.checksFor(ready.map((i) => ({ id: i.person.aadObjectId, department: i.person.department, needsSeat: i.needsSeat })), product.add.skuId)
      : { checks: [] as BudgetCheck[], covered: new Set<string>() };
    const created = now();
    await this.deps.items.saveItems(items);
    const names = ready.length > 0 ? ready : items;
    const label = resolved.source.kind === 'group' ? resolved.source.groupName ?? '' : names.slice(0, 3).map((i) => i.person.name).join(', ') + (names.length > 3 ? ` +${names.length - 3}` : '');
    const request = await store.create({
      id,
      tenantId: this.deps.options.tenantId,
      status: 'pending',
      requester: actor,
      target: { aadObjectId: `batch:${id}`, name: label },
      add: product.add,
      ...(product.remove ? { remove: product.remove } : {}),
      reason: (input.reason ?? '').slice(0, 500),
      confirmedNoMailbox: false,
      summary: {
        gains,
        losses,
        quotaFromGB: quota.from,
        quotaToGB: quota.to,
        monthlyCostChange: costPerPerson === null ? null : Math.round(costPerPerson * ready.length * 100) / 100,
        currency: this.deps.prices.currency,
        seatsFreeAtRequest: info.seatsFree,
        notices: [],
      },
      createdAt: created.toISOString(),
      expiresAt: new Date(created.getTime() + this.deps.options.expiryDays * 86_400_000).toISOString(),
      updatedAt: created.toISOString(),
      cards: [],
      batch: info,
      ...(budget.checks.length > 0 ? { budgets: budget.checks } : {}),
      ...(input.duration ? { temporary: { duration: input.duration, ...(input.duration.kind === 'until' ? { endsAt: input.duration.at } : {}), state: 'scheduled' as const, remindersSent: [], extensions: [] } } : {}),
      version: 0,
    });
    await store.appendAudit({ requestId: id, at: created.toISOString(), actor: actor.aadObjectId, action: 'created', outcome: 'ok', detail: `batch: ${product.add.skuPartNumber}${product.remove ? ` replacing ${product.remove.skuPartNumber}` : ''} for ${info.total} (${info.ready} ready, ${info.skipped} skipped; ${info.seatsNeeded} seats needed, ${info.seatsFree} free)` });
    if (ready.length === 0) {
      // Nothing to approve: the request ends here, and the card says why for each person.
      const closed = await saveWithRetry(store, id, (r) => ({ ...r, status: 'cancelled', cancelledBy: actor, updatedAt: now().toISOString() }));
      return { kind: 'created', request: closed.request ?? request, reach: { notified: 0, requesterIsApprover: false, otherApprovers: [] }, policyApproved: false };
    }
    const policy = withinBudgetPolicy({
      enabled: Boolean(this.deps.options.autoApproveWithinBudget),
      requesterManagesAll: ready.every((i) => managed.has(i.person.aadObjectId.toLowerCase()) && !sameId(i.person.aadObjectId, actor.aadObjectId)),
      checks: budget.checks,
      everyoneCovered: ready.every((i) => budget.covered.has(i.person.aadObjectId.toLowerCase())),
    });
    if (policy) {
      const approved = await this.deps.requests.approveByPolicy(request);
      if (approved) return { kind: 'created', request: approved, reach: { notified: 0, requesterIsApprover: false, otherApprovers: [] }, policyApproved: true };
    }
    const reach = await this.deps.requests.announce(request);
    return { kind: 'created', request: (await store.get(id)) ?? request, reach, policyApproved: false };
  }

  /** Open requests (pending, approved, executing) per person: single ones by target, batches by their ready items. */
  private async openChanges(): Promise<Map<string, Array<{ id: string; skuId: string }>>> {
    const open = new Map<string, Array<{ id: string; skuId: string }>>();
    const add = (personId: string, id: string, skuId: string) => open.set(personId.toLowerCase(), [...(open.get(personId.toLowerCase()) ?? []), { id, skuId }]);
    for (const status of OPEN_STATUSES) {
      for (const r of await this.deps.store.byStatus(status, 500)) {
        if (!r.batch) {
          add(r.target.aadObjectId, r.id, r.add.skuId);
          continue;
        }
        for (const item of await this.deps.items.items(r.id)) if (item.state === 'ready' || item.state === 'writing') add(item.person.aadObjectId, r.id, r.add.skuId);
      }
    }
    return open;
  }

  /** The requester's people: everyone below them in the org (direct reports, theirs, …). */
  private async orgBelow(actor: Person, isApprover: boolean): Promise<Set<string>> {
    const below = new Set<string>();
    if (isApprover) return below;
    let level = [actor.aadObjectId];
    for (let depth = 0; depth < ORG_DEPTH && level.length > 0; depth++) {
      const next: string[] = [];
      for (const managerId of level) {
        for (const report of await this.deps.graph.getDirectReports(managerId)) {
          const key = report.id.toLowerCase();
          if (below.has(key) || sameId(key, actor.aadObjectId)) continue;
          below.add(key);
          next.push(report.id);
        }
      }
      level = next;
    }
    return below;
  }

  /** The product asked for, when nobody in the batch could take it (the card still names it). */
  private productOf(skus: Awaited<ReturnType<GraphGateway['getSubscribedSkus']>>, input: BatchSubmitInput): { add: LicenseRequest['add'] } | undefined {
    const products = skus.map((s) => ({ skuId: s.skuId.toLowerCase(), skuPartNumber: s.skuPartNumber, displayName: this.deps.catalog.sku(s.skuId)?.displayName ?? s.skuPartNumber }));
    const found = findProduct(input.product, products);
    return found.kind === 'found' ? { add: found.product } : undefined;
  }
}
