/**
 * The compact catalog shape committed as data/catalog.json, generated from Microsoft's
 * "Product names and service plan identifiers for licensing" CSV by `npm run catalog`.
 */
export interface CatalogData {
  /** Where the data came from (file name, row counts) so a stale catalog is easy to spot. */
  source: { file: string; rows: number; generatedAt: string };
  /** [servicePlanId, servicePlanName, friendlyName] */
  plans: Array<[string, string, string]>;
  /** [skuId, skuPartNumber, displayName, indexes into plans] */
  skus: Array<[string, string, string, number[]]>;
}
