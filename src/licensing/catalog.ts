import type { CatalogData } from './catalog-data';
import bundled from './data/catalog.json';

export interface CatalogPlan {
  servicePlanId: string;
  servicePlanName: string;
  friendlyName: string;
}

export interface CatalogSku {
  skuId: string;
  skuPartNumber: string;
  displayName: string;
  servicePlanIds: string[];
}

/** Lookups over Microsoft's product / service plan reference. GUIDs compare case-insensitively. */
export class Catalog {
  private readonly plans = new Map<string, CatalogPlan>();
  private readonly plansByName = new Map<string, CatalogPlan>();
  private readonly skus = new Map<string, CatalogSku>();
  private readonly skusByPart = new Map<string, CatalogSku[]>();

  constructor(data: CatalogData) {
    for (const [servicePlanId, servicePlanName, friendlyName] of data.plans) {
      const plan = { servicePlanId, servicePlanName, friendlyName };
      this.plans.set(servicePlanId, plan);
      if (!this.plansByName.has(servicePlanName.toUpperCase())) this.plansByName.set(servicePlanName.toUpperCase(), plan);
    }
    for (const [skuId, skuPartNumber, displayName, planIndexes] of data.skus) {
      const sku = { skuId, skuPartNumber, displayName, servicePlanIds: planIndexes.map((i) => data.plans[i][0]) };
      this.skus.set(skuId, sku);
      const key = skuPartNumber.toUpperCase();
      this.skusByPart.set(key, [...(this.skusByPart.get(key) ?? []), sku]);
    }
  }

  static bundled(): Catalog {
    return (cached ??= new Catalog(bundled as CatalogData));
  }

  plan(servicePlanId: string): CatalogPlan | undefined {
    return this.plans.get(servicePlanId.toLowerCase());
  }

  planByName(servicePlanName: string): CatalogPlan | undefined {
    return this.plansByName.get(servicePlanName.trim().toUpperCase());
  }

  sku(skuId: string): CatalogSku | undefined {
    return this.skus.get(skuId.toLowerCase());
  }

  /** A part number can name more than one SKU id (MCOPSTN5 does in Microsoft's file). */
  skusByPartNumber(skuPartNumber: string): CatalogSku[] {
    return this.skusByPart.get(skuPartNumber.trim().toUpperCase()) ?? [];
  }

  allSkus(): IterableIterator<CatalogSku> {
    return this.skus.values();
  }
}

let cached: Catalog | undefined;
