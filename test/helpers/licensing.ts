import { Catalog } from '../../src/licensing/catalog';
import type { LicenseAssignmentState, SubscribedSku, UserLicenseState } from '../../src/licensing/types';

export const catalog = Catalog.bundled();

export function skuId(partNumber: string): string {
  const [sku] = catalog.skusByPartNumber(partNumber);
  if (!sku) throw new Error(`no SKU ${partNumber} in the catalog`);
  return sku.skuId;
}

export function planId(name: string): string {
  const plan = catalog.planByName(name);
  if (!plan) throw new Error(`no plan ${name} in the catalog`);
  return plan.servicePlanId;
}

/** A tenant's subscribedSkus for these part numbers, plans taken from the catalog (as the demo tenant does). */
export function tenantSkus(...partNumbers: string[]): SubscribedSku[] {
  return partNumbers.map((part) => {
    const sku = catalog.sku(skuId(part))!;
    return {
      skuId: sku.skuId,
      skuPartNumber: sku.skuPartNumber,
      capabilityStatus: 'Enabled',
      appliesTo: 'User',
      consumedUnits: 0,
      prepaidUnits: { enabled: 10, suspended: 0, warning: 0, lockedOut: 0 },
      servicePlans: sku.servicePlanIds.map((id) => ({
        servicePlanId: id,
        servicePlanName: catalog.plan(id)!.servicePlanName,
        provisioningStatus: 'Success',
        appliesTo: 'User',
      })),
    };
  });
}

export interface Holding {
  sku: string;
  group?: string;
  disabled?: string[];
  state?: string;
  error?: string;
}

/** A user as Graph returns them, from a list of holdings (direct unless `group` is set). */
export function userWith(...holdings: Array<string | Holding>): UserLicenseState {
  const states: LicenseAssignmentState[] = holdings.map((h) => {
    const holding = typeof h === 'string' ? { sku: h } : h;
    return {
      skuId: skuId(holding.sku),
      assignedByGroup: holding.group ?? null,
      disabledPlans: (holding.disabled ?? []).map(planId),
      state: holding.state ?? 'Active',
      error: holding.error ?? 'None',
    };
  });
  const assignedLicenses = [...new Set(states.filter((s) => s.state !== 'Error').map((s) => s.skuId))].map((id) => ({
    skuId: id,
    disabledPlans: states.find((s) => s.skuId === id)!.disabledPlans ?? [],
  }));
  return { id: 'u1', displayName: 'Test User', userPrincipalName: 'test@contoso.example', usageLocation: 'US', assignedLicenses, licenseAssignmentStates: states };
}
