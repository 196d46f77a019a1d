import { parseArgs } from 'node:util';
import { Catalog, type CatalogSku } from '../licensing/catalog';
import { findProduct } from '../licensing/product-lookup';
import { resolve } from '../licensing/resolver';
import type { Resolution } from '../licensing/resolution';
import type { LicenseAssignmentState, SubscribedSku } from '../licensing/types';

class InputError extends Error {}

function lookup(catalog: Catalog, text: string): CatalogSku {
  const products = [...catalog.allSkus()];
  const result = findProduct(text, products);
  if (result.kind === 'found') return result.product;
  const list = (result.kind === 'ambiguous' ? result.candidates : result.suggestions)
    .map((p) => `  ${p.skuPartNumber}  (${p.displayName})`)
    .join('\n');
  throw new InputError(
    result.kind === 'ambiguous'
      ? `"${text}" matches several products; say which:\n${list}`
      : `Unknown product "${text}". Close matches:\n${list}`,
  );
}

/** `--disabled SKU:PLAN[,SKU:PLAN…]` → plan ids per SKU id. */
function disabledPlans(catalog: Catalog, specs: string[], skus: CatalogSku[]): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const spec of specs.flatMap((s) => s.split(',')).filter(Boolean)) {
    const [skuText, planText] = spec.split(':');
    if (!skuText || !planText) throw new InputError(`--disabled takes SKU:PLAN, got "${spec}".`);
    const sku = lookup(catalog, skuText);
    if (!skus.some((s) => s.skuId === sku.skuId)) throw new InputError(`--disabled names ${sku.skuPartNumber}, which is not in --skus.`);
    const plan = sku.servicePlanIds.map((id) => catalog.plan(id)!).find((p) => p.servicePlanName.toUpperCase() === planText.trim().toUpperCase() || p.servicePlanId === planText.trim().toLowerCase());
    if (!plan) {
      const names = sku.servicePlanIds.map((id) => catalog.plan(id)!.servicePlanName).sort().join(', ');
      throw new InputError(`${sku.skuPartNumber} has no service plan "${planText}". Its plans: ${names}`);
    }
    result.set(sku.skuId, [...(result.get(sku.skuId) ?? []), plan.servicePlanId]);
  }
  return result;
}

export function toJson(resolution: Resolution): unknown {
  return {
    workloads: resolution.workloads.map((w) => ({
      workload: w.workload,
      effective: w.effective && { servicePlanName: w.effective.servicePlanName, tier: w.effective.tier, skuPartNumbers: w.effective.skuPartNumbers },
      capabilities: w.exchange ? { ...w.exchange, gives: w.gives } : { gives: w.gives },
      stack: w.stack,
      addOns: w.addOns,
    })),
    redundantSkus: resolution.redundantSkus,
    skus: resolution.skus.map((s) => ({
      skuPartNumber: s.skuPartNumber,
      displayName: s.displayName,
      redundant: s.redundant,
      coveredBy: s.coveredBy,
      supersededWorkloads: s.supersededWorkloads,
    })),
    disabledPlans: resolution.disabledPlans,
    pendingPlans: resolution.pendingPlans,
    conflicts: resolution.conflicts,
    warnings: resolution.warnings,
    hasMailboxRights: resolution.hasMailboxRights,
  };
}

export function toTable(resolution: Resolution): string {
  const lines: string[] = [];
  const pad = (text: string, width: number) => text.padEnd(width);
  lines.push(`${pad('WORKLOAD', 20)}${pad('EFFECTIVE', 26)}${pad('FROM', 28)}GIVES`);
  for (const w of resolution.workloads) {
    if (!w.effective && w.stack.length === 0 && w.workload !== 'Exchange') continue;
    lines.push(`${pad(w.workload, 20)}${pad(w.effective?.tier ?? 'none', 26)}${pad(w.effective?.skuPartNumbers.join(', ') ?? '-', 28)}${w.gives.join('; ')}`);
  }
  lines.push('');
  for (const s of resolution.skus) {
    const note = s.redundant ? `REDUNDANT (covered by ${s.coveredBy.join(', ')}; still billed)` : s.supersededWorkloads.length ? `superseded: ${s.supersededWorkloads.join(', ')}` : '';
    lines.push(`${pad(s.skuPartNumber, 28)}${pad(s.displayName, 40)}${note}`);
  }
  for (const d of resolution.disabledPlans) lines.push(`disabled: ${d.skuPartNumber} / ${d.servicePlanName} (${d.friendlyName})`);
  for (const c of resolution.conflicts) lines.push(`CONFLICT: ${c.message}`);
  for (const w of resolution.warnings) lines.push(`WARNING: ${w.message}`);
  return lines.join('\n') + '\n';
}

export async function runResolve(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream, catalog = Catalog.bundled()): Promise<number> {
  try {
    let values;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: { skus: { type: 'string' }, disabled: { type: 'string', multiple: true }, json: { type: 'boolean' } },
        strict: true,
      }));
    } catch (error) {
      throw new InputError((error as Error).message);
    }
    if (!values.skus) throw new InputError('--skus is required, e.g. --skus SPE_E3,O365_BUSINESS_ESSENTIALS');
    const skus = values.skus.split(',').map((s) => s.trim()).filter(Boolean).map((s) => lookup(catalog, s));
    const disabled = disabledPlans(catalog, values.disabled ?? [], skus);
    const states: LicenseAssignmentState[] = skus.map((s) => ({ skuId: s.skuId, assignedByGroup: null, disabledPlans: disabled.get(s.skuId) ?? [], state: 'Active', error: 'None' }));
    const tenant: SubscribedSku[] = skus.map((s) => ({ skuId: s.skuId, skuPartNumber: s.skuPartNumber, capabilityStatus: 'Enabled' }));
    const resolution = resolve(
      { assignedLicenses: states.map((s) => ({ skuId: s.skuId, disabledPlans: s.disabledPlans })), licenseAssignmentStates: states },
      tenant,
      catalog,
    );
    out.write(values.json ? JSON.stringify(toJson(resolution), null, 2) + '\n' : toTable(resolution));
    return 0;
  } catch (error) {
    if (error instanceof InputError) {
      err.write(error.message + '\n');
      return 2;
    }
    throw error;
  }
}
