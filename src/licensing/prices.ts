import { z } from 'zod';
import bundled from './data/prices.json';

/** Monthly price per SKU (by skuPartNumber). Unknown SKUs cost "unknown", never a silent zero. */
export interface PriceList {
  currency: string;
  monthly(skuPartNumber: string): number | undefined;
}

export const PriceListSchema = z.object({
  currency: z.string().min(3).max(3),
  note: z.string().optional(),
  prices: z.record(z.string(), z.number().nonnegative()),
});

export function priceList(data: z.input<typeof PriceListSchema> = bundled): PriceList {
  const parsed = PriceListSchema.parse(data);
  const prices = new Map(Object.entries(parsed.prices).map(([k, v]) => [k.toUpperCase(), v]));
  return { currency: parsed.currency, monthly: (sku) => prices.get(sku.toUpperCase()) };
}

/** Monthly cost change of adding and removing SKUs; undefined when a price is unknown. */
export function monthlyCostChange(prices: PriceList, added: string[], removed: string[]): number | undefined {
  let total = 0;
  for (const sku of added) {
    const p = prices.monthly(sku);
    if (p === undefined) return undefined;
    total += p;
  }
  for (const sku of removed) {
    const p = prices.monthly(sku);
    if (p === undefined) return undefined;
    total -= p;
  }
  return Math.round(total * 100) / 100;
}
