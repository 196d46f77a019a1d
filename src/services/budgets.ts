import type { GraphGateway } from '../graph/gateway';
import { escapeODataString } from '../graph/gateway';
import type { Catalog } from '../licensing/catalog';
import { findProduct } from '../licensing/product-lookup';
import { budgetKey, budgetsFor, checkBudget, MAX_BUDGET, type BudgetCheck, type BudgetScope, type SeatBudget } from '../requests/budget';
import type { Person, ProductRef } from '../requests/request';
import type { BudgetStore } from '../store/bulk-store';
import type { Approvers } from './approvers';

export type SetBudgetOutcome =
  | { kind: 'set'; budget: SeatBudget; use: BudgetCheck }
  | { kind: 'removed'; scope: BudgetScope; product: ProductRef }
  | { kind: 'not-approver' }
  | { kind: 'bad-limit'; text: string }
  | { kind: 'unknown-product'; text: string }
  | { kind: 'unknown-scope'; text: string }
  | { kind: 'not-found'; text: string };

/** One person as budgets see them. */
export interface BudgetPerson {
  id: string;
  department?: string | null;
}

/**
 * Seat budgets per department or group (approvers set them; stored). Use is counted from Graph when asked —
 * one paged query per budget: the department's users, or the product's holders intersected with the group.
 */
export class BudgetService {
  constructor(
    private readonly deps: {
      graph: Pick<GraphGateway, 'getSubscribedSkus' | 'scanUsers' | 'findGroup' | 'getGroupMemberIds'>;
      store: BudgetStore;
      approvers: Pick<Approvers, 'isApprover'>;
      catalog: Catalog;
      now: () => Date;
    },
  ) {}

  async list(): Promise<SeatBudget[]> {
    return this.deps.store.budgets();
  }

  /** Budgets with their use, for `budgets` and the report. */
  async listWithUse(): Promise<BudgetCheck[]> {
    const budgets = await this.deps.store.budgets();
    return Promise.all(budgets.map(async (b) => checkBudget(b, await this.used(b), 0)));
  }

  /**
   * `budget <scope words> <product words> <n|off>`: the split between scope and product is where the product
   * words name one of the tenant's products. "group:" / "department:" force the scope's kind.
   */
  async set(actor: Person, words: string, limitText: string): Promise<SetBudgetOutcome> {
    if (!(await this.deps.approvers.isApprover(actor.aadObjectId))) return { kind: 'not-approver' };
    const off = /^(off|none|remove|delete)$/i.test(limitText);
    const limit = Number(limitText);
    if (!off && (!Number.isInteger(limit) || limit < 0 || limit > MAX_BUDGET)) return { kind: 'bad-limit', text: limitText };
    const products = await this.products();
    const parts = words.trim().split(/\s+/);
    let split: { scopeText: string; product: ProductRef } | undefined;
    for (let k = 1; k < parts.length && !split; k++) {
      const found = findProduct(parts.slice(k).join(' '), products);
      if (found.kind === 'found') split = { scopeText: parts.slice(0, k).join(' '), product: found.product };
    }
    if (!split) return parts.length < 2 ? { kind: 'unknown-scope', text: words } : { kind: 'unknown-product', text: parts.slice(1).join(' ') };
    const scope = await this.scopeOf(split.scopeText);
    if (!scope) return { kind: 'not-found', text: split.scopeText };
    const key = budgetKey(scope, split.product.skuId);
    if (off) {
      await this.deps.store.removeBudget(key);
      return { kind: 'removed', scope, product: split.product };
    }
    const budget: SeatBudget = { key, scope, product: split.product, limit, setBy: { aadObjectId: actor.aadObjectId, name: actor.name }, setAt: this.deps.now().toISOString() };
    await this.deps.store.setBudget(budget);
    return { kind: 'set', budget, use: checkBudget(budget, await this.used(budget), 0) };
  }

  /**
   * The budgets a change for these people counts against, with use now and the seats it adds (people who
   * `needSeat`). `covered`: the people under a department budget for the product (for the auto-approve policy).
   */
  async checksFor(people: ReadonlyArray<BudgetPerson & { needsSeat: boolean }>, skuId: string): Promise<{ checks: BudgetCheck[]; covered: Set<string> }> {
    const budgets = (await this.deps.store.budgets()).filter((b) => b.product.skuId === skuId.toLowerCase());
    const covered = new Set<string>();
    if (budgets.length === 0 || people.length === 0) return { checks: [], covered };
    const groupMembers = new Map<string, Set<string>>();
    for (const b of budgets) if (b.scope.kind === 'group') groupMembers.set(b.scope.id, new Set(await this.deps.graph.getGroupMemberIds(b.scope.id)));
    const adds = new Map<string, number>();
    const touched = new Set<string>();
    for (const p of people) {
      const groupIds = [...groupMembers].filter(([, members]) => members.has(p.id.toLowerCase())).map(([id]) => id);
      for (const b of budgetsFor(budgets, skuId, { department: p.department, groupIds })) {
        touched.add(b.key);
        if (p.needsSeat) adds.set(b.key, (adds.get(b.key) ?? 0) + 1);
        if (b.scope.kind === 'department') covered.add(p.id.toLowerCase());
      }
    }
    const checks: BudgetCheck[] = [];
    for (const b of budgets) if (touched.has(b.key)) checks.push(checkBudget(b, await this.used(b), adds.get(b.key) ?? 0));
    return { checks, covered };
  }

  /** Seats of the budget's product held in its scope now (direct or through groups: all are billed). */
  async used(budget: SeatBudget): Promise<number> {
    const sku = budget.product.skuId;
    const holds = (u: { assignedLicenses: Array<{ skuId: string }> }) => u.assignedLicenses.some((l) => l.skuId === sku);
    let count = 0;
    if (budget.scope.kind === 'department') {
      for await (const u of this.deps.graph.scanUsers({ filter: `department eq '${escapeODataString(budget.scope.name)}'`, select: ['id', 'department', 'assignedLicenses'] })) {
        if (holds(u) && (u.department ?? '').toLowerCase() === budget.scope.name.toLowerCase()) count++;
      }
      return count;
    }
    const members = new Set(await this.deps.graph.getGroupMemberIds(budget.scope.id));
    for await (const u of this.deps.graph.scanUsers({ filter: `assignedLicenses/any(x:x/skuId eq ${sku})`, select: ['id', 'assignedLicenses'] })) {
      if (members.has(u.id.toLowerCase()) && holds(u)) count++;
    }
    return count;
  }

  private async scopeOf(text: string): Promise<BudgetScope | undefined> {
    const forced = /^(group|department|dept):\s*(.+)$/i.exec(text);
    const name = (forced ? forced[2] : text).trim();
    if (!forced || forced[1].toLowerCase() === 'group') {
      const group = await this.deps.graph.findGroup(name);
      if (group) return { kind: 'group', id: group.id, name: group.displayName ?? name };
      if (forced) return undefined;
    }
    // A department is the users' `department` text: someone must have it, or it is a typo.
    for await (const u of this.deps.graph.scanUsers({ filter: `department eq '${escapeODataString(name)}'`, select: ['id', 'department'], pageSize: 1 })) {
      return { kind: 'department', name: u.department ?? name };
    }
    return undefined;
  }

  private async products(): Promise<ProductRef[]> {
    const skus = await this.deps.graph.getSubscribedSkus();
    return skus.map((s) => ({ skuId: s.skuId.toLowerCase(), skuPartNumber: s.skuPartNumber, displayName: this.deps.catalog.sku(s.skuId)?.displayName ?? s.skuPartNumber }));
  }
}
