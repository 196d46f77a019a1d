/**
 * Seat budgets in the tenant report: how many seats of each budgeted product each department (the users'
 * `department`) or group uses, counted during the report's one scan of the users. Pure: users in, rows out.
 */
import type { SeatBudget } from '../requests/budget';

export interface BudgetUse {
  scope: 'department' | 'group';
  /** The department, or the group's name. */
  name: string;
  skuPartNumber: string;
  product: string;
  used: number;
  limit: number;
  over: boolean;
}

export interface BudgetTally {
  add(user: { id: string; department?: string | null; assignedLicenses: ReadonlyArray<{ skuId: string }> }): void;
  /** Group budgets need the groups' members (ids, lower case). */
  finish(groupMembers: ReadonlyMap<string, ReadonlySet<string>>): BudgetUse[];
}

export function budgetTally(budgets: readonly SeatBudget[]): BudgetTally {
  const skus = new Set(budgets.map((b) => b.product.skuId));
  const byDepartment = new Map<string, number>();
  const holders = new Map<string, Set<string>>();
  return {
    add(user) {
      for (const license of user.assignedLicenses) {
        const sku = license.skuId.toLowerCase();
        if (!skus.has(sku)) continue;
        const department = user.department?.trim().toLowerCase();
        if (department) byDepartment.set(`${department}|${sku}`, (byDepartment.get(`${department}|${sku}`) ?? 0) + 1);
        if (!holders.has(sku)) holders.set(sku, new Set());
        holders.get(sku)!.add(user.id.toLowerCase());
      }
    },
    finish(groupMembers) {
      return budgets
        .map((b): BudgetUse => {
          const used =
            b.scope.kind === 'department'
              ? byDepartment.get(`${b.scope.name.trim().toLowerCase()}|${b.product.skuId}`) ?? 0
              : [...(groupMembers.get(b.scope.id.toLowerCase()) ?? [])].filter((id) => holders.get(b.product.skuId)?.has(id)).length;
          return { scope: b.scope.kind, name: b.scope.name, skuPartNumber: b.product.skuPartNumber, product: b.product.displayName, used, limit: b.limit, over: used > b.limit };
        })
        .sort((a, b) => Number(b.over) - Number(a.over) || a.name.localeCompare(b.name));
    },
  };
}
