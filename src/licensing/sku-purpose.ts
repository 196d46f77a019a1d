/**
 * What a SKU is for, as feature ids with tiers ("Power BI Pro" → power-bi-pro / Pro, "Visio Plan 2" → visio /
 * Plan 2), so a card can say it instead of listing the Exchange Foundation plan nearly every product carries.
 */
import { FEATURE_IDS, type FeatureId } from './feature-ids';
import { featureDefinition, skuFeatureGrant } from './features';

export interface SkuPurpose {
  feature: FeatureId;
  tier?: string;
}

export function skuPurpose(skuPartNumber: string, servicePlanNames: readonly string[]): SkuPurpose[] {
  const found = new Map<FeatureId, { tier: string; grants: boolean; addOn: boolean }>();
  for (const feature of FEATURE_IDS) {
    const grant = skuFeatureGrant(feature, skuPartNumber, servicePlanNames);
    // Seeded plans ride along (Foundation, seeded Power Automate, OneDrive Basic in Visio): not a purpose.
    if (!grant || grant.plan.seeded) continue;
    found.set(feature, { tier: grant.tier, grants: grant.plan.grants, addOn: Boolean(grant.plan.addOn) });
  }
  const includedIn = (feature: FeatureId) => featureDefinition(feature).includedIn ?? [];
  const granted = (feature: FeatureId) => found.get(feature)?.grants === true;
  const purpose: SkuPurpose[] = [];
  for (const [feature, entry] of found) {
    if (entry.grants) {
      // The archive in Plan 2 goes without saying once the mailbox is listed; the archive add-on does not.
      if (!entry.addOn && includedIn(feature).some(granted)) continue;
    } else {
      // A lower tier (Power BI free) only speaks when nothing related is granted, and only for the lesser
      // feature: "Power BI free" is power-bi-pro's free tier, not power-bi-premium's.
      const related = [...includedIn(feature), ...[...found.keys()].filter((other) => includedIn(other).includes(feature))];
      if (related.some(granted)) continue;
      if ([...found.keys()].some((other) => other !== feature && !granted(other) && includedIn(other).includes(feature))) continue;
    }
    purpose.push({ feature, tier: entry.tier });
  }
  return purpose;
}
