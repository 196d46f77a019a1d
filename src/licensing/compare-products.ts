/**
 * "What would I gain with Business Premium?", "E3 vs E5 for me": the resolver's diff between the user's licences
 * now and with the product added (replacing one of theirs when asked), plus the monthly cost change.
 */
import { applyChange, diff, type LicenseDiff } from './diff';
import type { FeatureTenant } from './feature-check';
import { monthlyCostChange } from './prices';
import { resolveWithIndex } from './resolver';
import { tenantIndex } from './tenant-index';
import type { UserLicenseState } from './types';

export interface ProductComparison extends LicenseDiff {
  /** Added minus removed list prices a month; null when a price is unknown (never a silent 0). */
  monthlyCostChange: number | null;
  currency: string;
}

export function compareProducts(user: UserLicenseState, targetSkuId: string, tenant: FeatureTenant, replacingSkuId?: string): ProductComparison {
  const index = tenantIndex(tenant.skus, tenant.catalog);
  const proposed = applyChange(user, {
    addLicenses: [{ skuId: targetSkuId, disabledPlans: [] }],
    removeLicenses: replacingSkuId ? [replacingSkuId] : [],
  });
  const change = diff(resolveWithIndex(user, index), resolveWithIndex(proposed, index));
  // Only what really changes is billed differently: a group-inherited licence stays, so it is not "removed".
  const cost = monthlyCostChange(tenant.prices, change.addedSkus, change.removedSkus);
  return { ...change, monthlyCostChange: cost ?? null, currency: tenant.prices.currency };
}
