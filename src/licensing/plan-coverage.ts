/**
 * When one service plan is given at least as well by another — the redundancy rule of the resolver, shared with
 * the report's overlapping-suite rule (src/report/overlap.ts) so that both judge plans the same way. Pure.
 */
import { hasUserValue, isCoveredByName } from './capabilities';
import type { IndexedPlan } from './tenant-index';

/** Is `plan` given at least as well by one of `candidates` (working plans of another license)? */
export function planCoveredBy(plan: IndexedPlan, candidates: readonly IndexedPlan[]): boolean {
  const cap = plan.capability;
  for (const candidate of candidates) {
    if (candidate.servicePlanId === plan.servicePlanId) return true;
    if (isCoveredByName(plan.servicePlanName, candidate.servicePlanName)) return true;
    const otherCap = candidate.capability;
    if (cap && otherCap) {
      if (cap.addOn === 'archive') {
        // The archive add-on is built into Plan 2; another archive add-on covers it too.
        if (otherCap.addOn === 'archive' || (otherCap.workload === 'Exchange' && otherCap.exchange?.archive === 'auto-expanding (1.5 TB)')) return true;
      } else if (!otherCap.addOn && otherCap.workload === cap.workload && otherCap.rank >= cap.rank) {
        return true;
      }
    } else if (candidate.family.family === plan.family.family && candidate.family.rank >= plan.family.rank) {
      // At least one side is outside the capability table: judge by tier family (BI_AZURE_P1 under BI_AZURE_P2).
      return true;
    }
  }
  return false;
}

/** A plan that makes a license worth having; Exchange Foundation (no mailbox) rides along in hundreds of SKUs. */
export function isMeaningfulPlan(plan: IndexedPlan): boolean {
  return hasUserValue(plan.servicePlanName) && !(plan.capability?.workload === 'Exchange' && plan.capability.exchange && !plan.capability.exchange.mailbox);
}
