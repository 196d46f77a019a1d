/**
 * The feature table: for every FeatureId, the Microsoft service plans (servicePlanName, as in Microsoft's
 * "Product names and service plan identifiers for licensing" CSV and data/catalog.json) that grant it, with tiers.
 * Tiers and ranks come from the capability table (capabilities.ts) wherever a feature is one workload, so the
 * resolver and the answers never disagree; plans that only matter to the answers (lower tiers, seeded extras)
 * are listed here. No words for people: tiers are plain names, the locale catalogs name the features.
 *
 * Sources beyond capabilities.ts (which cites the Exchange, Teams, SharePoint and add-on sources):
 * - Plan names and which SKUs hold them: the CSV in shared/data (every name is checked by a test).
 * - Office apps / Office for the web / editing: Microsoft 365 and Office 365 service descriptions and the
 *   frontline plan comparison: F3 edits in Office for the web and the mobile apps (screens up to 10.1"); F1 holds
 *   no Office for the web or Office apps plan at all (CSV: M365_F1), so it can only view. (Not in
 *   licensing-facts.md: UNCERTAIN beyond what the CSV shows.)
 * - OneDrive quotas: OneDrive service description — 1 TB with SharePoint Plan 1 / OneDrive Plan 1; Plan 2 (E3/E5)
 *   starts at 1 TB and admins can raise it; Kiosk (F1/F3) 2 GB. ONEDRIVE_BASIC (2 GB, in Visio SKUs) and
 *   ONEDRIVE_BASIC_P2 (10 GB, Teams Essentials) are from their product pages. UNCERTAIN: not in licensing-facts.md.
 * - Intune: INTUNE_O365 is "Mobile Device Management for Office 365" (Basic Mobility and Security), not Intune
 *   (Microsoft 365 docs, "Overview of Basic Mobility and Security"): a lower tier that never grants `intune`.
 * - Copilot: Bing_Chat_Enterprise is "Commercial data protection for Microsoft Copilot" (CSV friendly name), the
 *   free web chat, not Microsoft 365 Copilot: a lower tier.
 */
import { capabilityEntries, type PlanCapability, type Workload } from './capabilities';
import type { FeatureId } from './feature-ids';

export interface FeaturePlan {
  servicePlanName: string;
  /** Plain tier name ("Pro", "Plan 2"): a code for the catalogs, not a sentence. */
  tier: string;
  /** Higher is better within the feature. */
  rank: number;
  /** false: a lesser version that does not give the feature (Power BI free for Pro, Kiosk for Outlook desktop). */
  grants: boolean;
  /** Rides along in suites and other products (seeded Power Automate, Exchange Foundation): never a SKU's purpose. */
  seeded?: boolean;
  /** Works only on top of a base licence (Exchange Online Archiving needs a mailbox). */
  addOn?: boolean;
  /** Storage that comes with it (mailbox, OneDrive), in GB. */
  quotaGB?: number;
}

/** Exchange features are read from the resolved mailbox (stacking and add-ons), not from single plans. */
export type ExchangeFeature = 'mailbox' | 'archive' | 'litigation-hold' | 'outlook-desktop';

export interface FeatureDefinition {
  id: FeatureId;
  plans: FeaturePlan[];
  exchange?: ExchangeFeature;
  /** What an add-on only works on top of (audio conferencing needs Teams). */
  requires?: FeatureId[];
  /** Features that include this one: not repeated in a SKU's purpose. */
  includedIn?: FeatureId[];
  /** Tiers the service plans cannot tell apart, named from the SKU (Project Plan 5 has Plan 3's plans). */
  skuTiers?: Record<string, { tier: string; rank: number }>;
}

const CAPABILITIES = capabilityEntries();

function fromWorkload(
  workload: Workload,
  options: { minRank?: number; seeded?: (name: string, cap: PlanCapability) => boolean } = {},
): FeaturePlan[] {
  return CAPABILITIES.filter(([, cap]) => cap.workload === workload && !cap.addOn).map(([servicePlanName, cap]) => ({
    servicePlanName,
    tier: cap.tier,
    rank: cap.rank,
    grants: cap.rank >= (options.minRank ?? 0),
    ...(options.seeded?.(servicePlanName, cap) ? { seeded: true } : {}),
  }));
}

const lower = (servicePlanName: string, tier: string, extra: Partial<FeaturePlan> = {}): FeaturePlan => ({
  servicePlanName,
  tier,
  rank: 0,
  grants: false,
  ...extra,
});

// ----------------------------------------------------------------------------------------------- Exchange
const EXCHANGE = CAPABILITIES.filter(([, cap]) => cap.workload === 'Exchange');
const MAILBOX_PLANS = EXCHANGE.filter(([, cap]) => cap.exchange);
const ARCHIVE_ADDON = EXCHANGE.filter(([, cap]) => cap.addOn === 'archive');

const mailboxPlans: FeaturePlan[] = MAILBOX_PLANS.map(([servicePlanName, cap]) => ({
  servicePlanName,
  tier: cap.tier,
  rank: cap.rank,
  grants: cap.exchange!.mailbox,
  quotaGB: cap.exchange!.mailboxQuotaGB,
  // Foundation rides along in hundreds of SKUs (Visio, Power BI, Entra…) and is never a mailbox.
  ...(cap.exchange!.mailbox ? {} : { seeded: true }),
}));

const ARCHIVE_RANK = { none: 0, '50 GB': 1, 'auto-expanding (1.5 TB)': 2 } as const;

const archivePlans: FeaturePlan[] = [
  ...MAILBOX_PLANS.filter(([, cap]) => cap.exchange!.mailbox).map(([servicePlanName, cap]) => {
    const archive = cap.exchange!.archive;
    return archive === 'none'
      ? lower(servicePlanName, cap.tier)
      : { servicePlanName, tier: archive, rank: ARCHIVE_RANK[archive], grants: true };
  }),
  ...ARCHIVE_ADDON.map(([servicePlanName]) => ({ servicePlanName, tier: 'auto-expanding (1.5 TB)', rank: 2, grants: true, addOn: true })),
];

const holdPlans: FeaturePlan[] = [
  ...MAILBOX_PLANS.filter(([, cap]) => cap.exchange!.mailbox).map(([servicePlanName, cap]) =>
    cap.exchange!.litigationHold ? { servicePlanName, tier: cap.tier, rank: 1, grants: true } : lower(servicePlanName, cap.tier),
  ),
  ...ARCHIVE_ADDON.map(([servicePlanName, cap]) => ({ servicePlanName, tier: cap.tier, rank: 1, grants: true, addOn: true })),
];

const outlookPlans: FeaturePlan[] = MAILBOX_PLANS.filter(([, cap]) => cap.exchange!.mailbox).map(([servicePlanName, cap]) =>
  cap.exchange!.outlookDesktop ? { servicePlanName, tier: cap.tier, rank: 1, grants: true } : lower(servicePlanName, cap.tier),
);

// ----------------------------------------------------------------------------------------------- Office
const officeApps = fromWorkload('Office apps', { minRank: 2, seeded: (_, cap) => cap.rank < 2 });
const officeWeb = fromWorkload('Office for the web');
// Editing: mobile apps < Office for the web < desktop apps; ranks spaced so "a better way to edit" sorts right.
const editPlans: FeaturePlan[] = [
  ...officeApps.map((p) => ({ ...p, grants: true, rank: p.rank === 1 ? 1 : 10 + p.rank, seeded: p.rank === 1 ? true : undefined })),
  ...officeWeb.map((p) => ({ ...p, rank: 5 })),
];

// ----------------------------------------------------------------------------------------------- OneDrive
const ONEDRIVE_QUOTA_GB: Record<string, number> = { Kiosk: 2, 'Plan 1': 1024, 'Plan 2': 1024 };
const onedrivePlans: FeaturePlan[] = [
  ...fromWorkload('SharePoint').map((p) => ({ ...p, rank: p.rank * 2, quotaGB: ONEDRIVE_QUOTA_GB[p.tier] })),
  { servicePlanName: 'ONEDRIVE_BASIC', tier: 'Basic', rank: 1, grants: true, seeded: true, quotaGB: 2 },
  { servicePlanName: 'ONEDRIVE_BASIC_P2', tier: 'Basic', rank: 3, grants: true, seeded: true, quotaGB: 10 },
  { servicePlanName: 'ONEDRIVESTANDARD', tier: 'Plan 1', rank: 4, grants: true, quotaGB: 1024 },
  { servicePlanName: 'ONEDRIVEENTERPRISE', tier: 'Plan 2', rank: 6, grants: true, quotaGB: 1024 },
];

const seededOffice365 = (_: string, cap: PlanCapability) => cap.tier === 'Office 365';

export const FEATURES: readonly FeatureDefinition[] = [
  { id: 'mailbox', exchange: 'mailbox', plans: mailboxPlans },
  { id: 'archive', exchange: 'archive', plans: archivePlans, requires: ['mailbox'], includedIn: ['mailbox'] },
  { id: 'litigation-hold', exchange: 'litigation-hold', plans: holdPlans, requires: ['mailbox'], includedIn: ['mailbox'] },
  { id: 'outlook-desktop', exchange: 'outlook-desktop', plans: outlookPlans, includedIn: ['mailbox'] },

  { id: 'desktop-apps', plans: officeApps },
  { id: 'office-web', plans: officeWeb, includedIn: ['desktop-apps'] },
  { id: 'edit-documents', plans: editPlans, includedIn: ['desktop-apps', 'office-web'] },

  { id: 'onedrive', plans: onedrivePlans, includedIn: ['sharepoint'] },
  { id: 'sharepoint', plans: fromWorkload('SharePoint') },
  { id: 'teams', plans: fromWorkload('Teams') },
  { id: 'teams-phone', plans: fromWorkload('Teams Phone'), requires: ['teams'] },
  { id: 'audio-conferencing', plans: fromWorkload('Audio Conferencing'), requires: ['teams'] },
  {
    id: 'teams-premium',
    // Microsoft Teams Premium (CSV: Microsoft_Teams_Premium, Teams_Premium_(for_Departments)).
    plans: ['TEAMSPRO_MGMT', 'TEAMSPRO_CUST', 'TEAMSPRO_PROTECTION', 'TEAMSPRO_VIRTUALAPPT', 'TEAMSPRO_WEBINAR'].map((servicePlanName) => ({
      servicePlanName,
      tier: 'Teams Premium',
      rank: 1,
      grants: true,
    })),
    requires: ['teams'],
  },

  { id: 'visio', plans: fromWorkload('Visio') },
  {
    id: 'project',
    plans: [
      ...fromWorkload('Project', { minRank: 2 }),
      // The Project desktop client on its own (CSV: PROJECTCLIENT), also inside Plan 3 / Plan 5.
      { servicePlanName: 'PROJECT_CLIENT_SUBSCRIPTION', tier: 'Desktop client', rank: 2, grants: true },
      { servicePlanName: 'PROJECT_CLIENT_SUBSCRIPTION_GOV', tier: 'Desktop client', rank: 2, grants: true },
    ],
    skuTiers: {
      PROJECTPREMIUM: { tier: 'Plan 5', rank: 4 },
      PROJECTPREMIUM_GOV: { tier: 'Plan 5', rank: 4 },
      PROJECTPREMIUM_FACULTY: { tier: 'Plan 5', rank: 4 },
    },
  },
  { id: 'power-bi-pro', plans: fromWorkload('Power BI', { minRank: 2 }), includedIn: ['power-bi-premium'] },
  { id: 'power-bi-premium', plans: fromWorkload('Power BI', { minRank: 3 }) },
  {
    id: 'copilot',
    plans: [
      ...fromWorkload('Copilot'),
      { servicePlanName: 'M365_COPILOT_BUSINESS_CHAT', tier: 'Microsoft 365 Copilot', rank: 1, grants: true },
      { servicePlanName: 'M365_COPILOT_TEAMS', tier: 'Microsoft 365 Copilot', rank: 1, grants: true },
      lower('Bing_Chat_Enterprise', 'Commercial data protection', { seeded: true }),
    ],
  },
  { id: 'power-automate', plans: fromWorkload('Power Automate', { seeded: seededOffice365 }), includedIn: ['power-automate-premium'] },
  { id: 'power-automate-premium', plans: fromWorkload('Power Automate', { minRank: 2, seeded: seededOffice365 }) },
  { id: 'power-apps', plans: fromWorkload('Power Apps', { seeded: seededOffice365 }), includedIn: ['power-apps-premium'] },
  { id: 'power-apps-premium', plans: fromWorkload('Power Apps', { minRank: 2, seeded: seededOffice365 }) },

  { id: 'entra-p1', plans: fromWorkload('Entra ID'), includedIn: ['entra-p2'] },
  { id: 'entra-p2', plans: fromWorkload('Entra ID', { minRank: 2 }) },
  { id: 'intune', plans: [...fromWorkload('Intune'), lower('INTUNE_O365', 'Basic Mobility and Security', { seeded: true })] },
  { id: 'defender-office', plans: fromWorkload('Defender for Office 365') },
  { id: 'defender-endpoint', plans: fromWorkload('Defender for Endpoint') },
  {
    id: 'purview',
    plans: [
      ...fromWorkload('Purview'),
      // Azure Information Protection P1/P2 give the same labelling tiers (manual / automatic) as the Purview plans.
      { servicePlanName: 'RMS_S_PREMIUM', tier: 'Standard', rank: 1, grants: true },
      { servicePlanName: 'RMS_S_PREMIUM_GOV', tier: 'Standard', rank: 1, grants: true },
      { servicePlanName: 'RMS_S_PREMIUM2', tier: 'Premium', rank: 2, grants: true },
      { servicePlanName: 'RMS_S_PREMIUM2_GOV', tier: 'Premium', rank: 2, grants: true },
      // Rights Management (encryption) alone is not Purview Information Protection.
      lower('RMS_S_ENTERPRISE', 'Rights Management', { seeded: true }),
      lower('RMS_S_BASIC', 'Rights Management', { seeded: true }),
    ],
  },
];

const BY_ID = new Map(FEATURES.map((f) => [f.id, f]));
const PLAN_INDEX = new Map(FEATURES.map((f) => [f.id, new Map(f.plans.map((p) => [p.servicePlanName.toUpperCase(), p]))]));

export function featureDefinition(feature: FeatureId): FeatureDefinition {
  const def = BY_ID.get(feature);
  if (!def) throw new Error(`no feature definition for ${feature}`);
  return def;
}

/** How `servicePlanName` relates to `feature` (grants it, a lower tier of it), or undefined. */
export function featurePlan(feature: FeatureId, servicePlanName: string): FeaturePlan | undefined {
  return PLAN_INDEX.get(feature)?.get(servicePlanName.trim().toUpperCase());
}

export interface SkuFeatureGrant {
  plan: FeaturePlan;
  tier: string;
  rank: number;
}

/**
 * The best thing a SKU's plans give for `feature`: its best granting plan (tier named from the SKU where the
 * plans cannot tell), or else its best lower tier; undefined when none of its plans relates to the feature.
 */
export function skuFeatureGrant(feature: FeatureId, skuPartNumber: string, servicePlanNames: readonly string[]): SkuFeatureGrant | undefined {
  let best: FeaturePlan | undefined;
  for (const name of servicePlanNames) {
    const plan = featurePlan(feature, name);
    if (!plan) continue;
    if (!best || (plan.grants && !best.grants) || (plan.grants === best.grants && plan.rank > best.rank)) best = plan;
  }
  if (!best) return undefined;
  const override = best.grants ? BY_ID.get(feature)?.skuTiers?.[skuPartNumber.toUpperCase()] : undefined;
  return { plan: best, tier: override?.tier ?? best.tier, rank: override?.rank ?? best.rank };
}
