/** Product names and Exchange facts the incident rules need, from the tenant's SKU table and the catalog. */
import { capabilityOf } from '../licensing/capabilities';
import type { Catalog } from '../licensing/catalog';
import type { SubscribedSku } from '../licensing/types';
import type { ProductRef } from './types';

export function productOf(skuId: string, skus: readonly SubscribedSku[], catalog: Catalog): ProductRef {
  const id = skuId.toLowerCase();
  const sku = skus.find((s) => s.skuId.toLowerCase() === id);
  const known = catalog.sku(id);
  const skuPartNumber = sku?.skuPartNumber ?? known?.skuPartNumber ?? id;
  return { skuId: id, skuPartNumber, product: known?.displayName ?? skuPartNumber };
}

/** Service plan names of a SKU: the tenant's servicePlans, else the catalog's. */
export function planNamesOf(skuId: string, skus: readonly SubscribedSku[], catalog: Catalog, disabled: readonly string[] = []): string[] {
  const id = skuId.toLowerCase();
  const off = new Set(disabled.map((p) => p.toLowerCase()));
  const sku = skus.find((s) => s.skuId.toLowerCase() === id);
  if (sku?.servicePlans?.length) {
    return sku.servicePlans.filter((p) => !off.has(p.servicePlanId.toLowerCase())).map((p) => p.servicePlanName ?? catalog.plan(p.servicePlanId)?.servicePlanName ?? '').filter(Boolean);
  }
  return (catalog.sku(id)?.servicePlanIds ?? []).filter((p) => !off.has(p)).map((p) => catalog.plan(p)?.servicePlanName ?? '').filter(Boolean);
}

/** Exchange plans of a SKU that carry a mailbox (Foundation and add-ons do not). */
export function mailboxPlansOf(skuId: string, skus: readonly SubscribedSku[], catalog: Catalog, disabled: readonly string[] = []): string[] {
  return planNamesOf(skuId, skus, catalog, disabled).filter((name) => capabilityOf(name)?.exchange?.mailbox === true);
}

export function givesMailbox(skuId: string, skus: readonly SubscribedSku[], catalog: Catalog, disabled: readonly string[] = []): boolean {
  return mailboxPlansOf(skuId, skus, catalog, disabled).length > 0;
}

/** Exchange rank of the best mailbox plan in a SKU (0 when none), to pick the license to restore. */
export function bestMailboxRank(skuId: string, skus: readonly SubscribedSku[], catalog: Catalog): number {
  return Math.max(0, ...mailboxPlansOf(skuId, skus, catalog).map((name) => capabilityOf(name)?.rank ?? 0));
}

export const byName = <T extends { name: string }>(a: T, b: T): number => a.name.localeCompare(b.name, 'en');
