import { parseCsv } from './csv';
import type { CatalogData } from './catalog-data';

const EXPECTED_HEADER = [
  'Product_Display_Name',
  'String_Id',
  'GUID',
  'Service_Plan_Name',
  'Service_Plan_Id',
  'Service_Plans_Included_Friendly_Names',
];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PLAN_NAME = /^[A-Za-z0-9_.-]+$/;

export class CatalogCsvError extends Error {}

/** Most frequent value, preferring values accepted by `prefer`; ties go to the first seen. */
function pickName(counts: Map<string, number>, prefer: (v: string) => boolean): string {
  let best = '';
  let bestScore = -1;
  for (const [value, count] of counts) {
    const score = (prefer(value) ? 1_000_000 : 0) + count;
    if (score > bestScore) {
      best = value;
      bestScore = score;
    }
  }
  return best;
}

function tally(map: Map<string, Map<string, number>>, key: string, value: string): void {
  if (!value) return;
  let counts = map.get(key);
  if (!counts) map.set(key, (counts = new Map()));
  counts.set(value, (counts.get(value) ?? 0) + 1);
}

/**
 * Builds the catalog from the CSV text. Microsoft's file has quirks that are handled here:
 * BOM, CRLF, trailing spaces in String_Id, upper-case GUIDs, one plan id spelled several ways
 * (e.g. the malformed "EXCHANGE_S_FOUNDATION PBI_PREMIUM_EM1_ADDON"), and SHOUTING friendly names.
 */
export function buildCatalog(csvText: string, file = 'licensing-service-plan-reference.csv'): CatalogData {
  const rows = parseCsv(csvText);
  if (rows.length === 0) throw new CatalogCsvError('The CSV is empty.');
  const header = rows[0].map((h) => h.trim());
  const column = (name: string): number => {
    // Older copies of the file spelled "String_Id" as "String_ Id".
    const index = header.findIndex((h) => h.replace(/\s+/g, '') === name);
    if (index < 0) throw new CatalogCsvError(`Column "${name}" is missing; header is: ${header.join(', ')}`);
    return index;
  };
  const [cDisplay, cStringId, cGuid, cPlanName, cPlanId, cFriendly] = EXPECTED_HEADER.map(column);

  const skuPart = new Map<string, Map<string, number>>();
  const skuDisplay = new Map<string, Map<string, number>>();
  const skuPlans = new Map<string, string[]>();
  const planName = new Map<string, Map<string, number>>();
  const planFriendly = new Map<string, Map<string, number>>();
  let dataRows = 0;

  for (let r = 1; r < rows.length; r++) {
    const row = rows[r].map((f) => f.trim());
    if (row.length < header.length) {
      throw new CatalogCsvError(`Row ${r + 1} has ${row.length} fields, expected ${header.length}.`);
    }
    const skuId = row[cGuid].toLowerCase();
    const planId = row[cPlanId].toLowerCase();
    if (!GUID.test(skuId)) throw new CatalogCsvError(`Row ${r + 1}: GUID "${row[cGuid]}" is not a GUID.`);
    if (!GUID.test(planId)) throw new CatalogCsvError(`Row ${r + 1}: Service_Plan_Id "${row[cPlanId]}" is not a GUID.`);
    dataRows++;
    tally(skuPart, skuId, row[cStringId]);
    tally(skuDisplay, skuId, row[cDisplay]);
    tally(planName, planId, row[cPlanName]);
    tally(planFriendly, planId, row[cFriendly]);
    const plans = skuPlans.get(skuId) ?? [];
    if (!plans.includes(planId)) plans.push(planId);
    skuPlans.set(skuId, plans);
  }

  const planIds = [...planName.keys()].sort();
  const planIndex = new Map(planIds.map((id, i) => [id, i]));
  const plans: CatalogData['plans'] = planIds.map((id) => {
    const name = pickName(planName.get(id)!, (v) => PLAN_NAME.test(v));
    const friendlyCounts = planFriendly.get(id) ?? new Map<string, number>();
    const friendly = pickName(friendlyCounts, (v) => v !== name && v !== v.toUpperCase());
    return [id, name, friendly || name];
  });
  const skus: CatalogData['skus'] = [...skuPlans.keys()].sort().map((id) => [
    id,
    pickName(skuPart.get(id)!, () => true),
    pickName(skuDisplay.get(id)!, () => true),
    skuPlans.get(id)!.map((p) => planIndex.get(p)!).sort((a, b) => a - b),
  ]);
  return { source: { file, rows: dataRows, generatedAt: new Date().toISOString().slice(0, 10) }, plans, skus };
}
