import type { Catalog } from './catalog';
import { capabilityOf, minorPlanFamily, type PlanCapability } from './capabilities';
import type { Resolution } from './resolution';
import { skuPurpose, type SkuPurpose } from './sku-purpose';
import type { SubscribedSku } from './types';

export interface IndexedPlan {
  servicePlanId: string;
  servicePlanName: string;
  friendlyName: string;
  capability?: PlanCapability;
  /** For plans not in the capability table: tier family used to judge redundancy. */
  family: { family: string; rank: number };
  /** The tenant's provisioningStatus for this plan (Success when unknown). */
  provisioningStatus: string;
}

export interface IndexedSku {
  skuId: string;
  skuPartNumber: string;
  displayName: string;
  /** The subscription's capabilityStatus: Enabled | Warning | Suspended | Deleted | LockedOut. */
  capabilityStatus: string;
  plans: IndexedPlan[];
  planById: Map<string, IndexedPlan>;
  /** Sort key for redundancy: licenses that give less are judged first. */
  weight: number;
  inTenant: boolean;
  /** What the SKU is for (its main features), computed once per tenant. */
  purpose: SkuPurpose[];
}

/** Per-tenant lookups built once and shared by every user's resolution. */
export interface TenantIndex {
  catalog: Catalog;
  sku(skuId: string): IndexedSku;
  /** Resolutions by license signature (see resolver.ts), valid for this tenant's SKU table only. */
  memo: Map<string, Resolution>;
}

const cache = new WeakMap<readonly SubscribedSku[], Map<Catalog, TenantIndex>>();

export function tenantIndex(skus: readonly SubscribedSku[], catalog: Catalog): TenantIndex {
  let byCatalog = cache.get(skus);
  if (!byCatalog) cache.set(skus, (byCatalog = new Map()));
  let index = byCatalog.get(catalog);
  if (!index) byCatalog.set(catalog, (index = buildTenantIndex(skus, catalog)));
  return index;
}

export function buildTenantIndex(skus: readonly SubscribedSku[], catalog: Catalog): TenantIndex {
  const indexed = new Map<string, IndexedSku>();
  const planFor = (servicePlanId: string, name: string | null | undefined, provisioningStatus: string | null | undefined): IndexedPlan => {
    const known = catalog.plan(servicePlanId);
    const servicePlanName = (name ?? known?.servicePlanName ?? servicePlanId).trim();
    const capability = capabilityOf(servicePlanName) ?? capabilityOf(known?.servicePlanName);
    return {
      servicePlanId: servicePlanId.toLowerCase(),
      servicePlanName,
      friendlyName: known?.friendlyName ?? servicePlanName,
      capability,
      family: minorPlanFamily(servicePlanName),
      provisioningStatus: provisioningStatus ?? 'Success',
    };
  };
  const build = (skuId: string, tenantSku?: SubscribedSku): IndexedSku => {
    const known = catalog.sku(skuId);
    const plans = tenantSku?.servicePlans?.length
      ? tenantSku.servicePlans.map((p) => planFor(p.servicePlanId, p.servicePlanName, p.provisioningStatus))
      : (known?.servicePlanIds ?? []).map((id) => planFor(id, undefined, undefined));
    const weight = plans.reduce((sum, p) => sum + 1 + (p.capability ? p.capability.rank * 10 : p.family.rank), 0);
    const skuPartNumber = tenantSku?.skuPartNumber ?? known?.skuPartNumber ?? skuId;
    return {
      skuId: skuId.toLowerCase(),
      skuPartNumber,
      displayName: known?.displayName ?? tenantSku?.skuPartNumber ?? skuId,
      capabilityStatus: tenantSku?.capabilityStatus ?? 'Enabled',
      plans,
      planById: new Map(plans.map((p) => [p.servicePlanId, p])),
      weight,
      inTenant: Boolean(tenantSku),
      purpose: skuPurpose(skuPartNumber, plans.map((p) => p.servicePlanName)),
    };
  };
  for (const sku of skus) indexed.set(sku.skuId.toLowerCase(), build(sku.skuId, sku));
  return {
    catalog,
    memo: new Map(),
    sku(skuId: string): IndexedSku {
      const id = skuId.toLowerCase();
      let sku = indexed.get(id);
      // A SKU the tenant no longer lists (e.g. a deleted subscription) still resolves from the catalog.
      if (!sku) indexed.set(id, (sku = build(id)));
      return sku;
    },
  };
}
