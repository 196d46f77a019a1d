/**
 * Seat budgets: how many seats of a product a department (the user's `department`) or an Entra group may use.
 * Pure: use counts come in (read from Graph by the caller), verdicts come out.
 */
import type { Person, ProductRef } from './request';

export type BudgetScope = { kind: 'department'; name: string } | { kind: 'group'; id: string; name: string };

export interface SeatBudget {
  /** `<kind>|<department name, lower case | group id>|<skuId>`: one budget per scope and product. */
  key: string;
  scope: BudgetScope;
  product: ProductRef;
  limit: number;
  setBy: Person;
  setAt: string;
}

/** What a request card shows: "Finance: 8 of 10 E3 used", and whether the request would go over. */
export interface BudgetCheck {
  scope: BudgetScope;
  product: ProductRef;
  used: number;
  limit: number;
  /** Seats this request adds within the scope. */
  adds: number;
  over: boolean;
}

export const MAX_BUDGET = 1_000_000;

export function budgetKey(scope: BudgetScope, skuId: string): string {
  return `${scope.kind}|${scope.kind === 'department' ? scope.name.trim().toLowerCase() : scope.id.toLowerCase()}|${skuId.toLowerCase()}`;
}

export function checkBudget(budget: SeatBudget, used: number, adds: number): BudgetCheck {
  return { scope: budget.scope, product: budget.product, used, limit: budget.limit, adds, over: used + adds > budget.limit };
}

/** Budgets that apply to a person: their department's, and those of budgeted groups they are in. */
export function budgetsFor(budgets: readonly SeatBudget[], skuId: string, person: { department?: string | null; groupIds?: readonly string[] }): SeatBudget[] {
  const department = person.department?.trim().toLowerCase();
  const groups = new Set((person.groupIds ?? []).map((g) => g.toLowerCase()));
  return budgets.filter(
    (b) => b.product.skuId === skuId.toLowerCase() && ((b.scope.kind === 'department' && department && b.scope.name.trim().toLowerCase() === department) || (b.scope.kind === 'group' && groups.has(b.scope.id.toLowerCase()))),
  );
}

/**
 * AUTO_APPROVE_WITHIN_BUDGET: a request approves itself when its requester manages every person in it, each of
 * them is covered by a department budget for the product, and no budget would go over. Seats and the mailbox
 * guard are checked as for any approval; this only replaces the approver's click.
 */
export function withinBudgetPolicy(facts: { enabled: boolean; requesterManagesAll: boolean; checks: readonly BudgetCheck[]; everyoneCovered: boolean }): boolean {
  return facts.enabled && facts.requesterManagesAll && facts.everyoneCovered && facts.checks.length > 0 && facts.checks.every((c) => !c.over);
}
