/**
 * Our capability table: which service plans belong to which workload, how they rank when stacked,
 * and what each tier gives. Keyed by servicePlanName (upper case).
 *
 * Sources (see ../shared/reference/licensing-facts.md for the full citations):
 * - Stacking order Essentials < Kiosk < Plan 1 < Plan 2 and "most superior license wins":
 *   Exchange Team Blog, "Introducing Support for Concurrent Exchange Online License Assignments" (2023-01-20),
 *   MC541151; office365itpros.com/2023/01/25/exchange-online-license-stacking/.
 * - Quotas, archive, hold, protocols: Exchange Online limits + "Feature availability across Exchange Online
 *   standalone plans" (Exchange Online service description).
 * - Auto-expanding archive cap 1.5 TB: Learn, "Increase the Recoverable Items quota for mailboxes on hold".
 * - Kiosk: no Outlook desktop (MAPI), POP but no IMAP, no EWS (EWS blocked from 2026-06-30, MC1191578).
 * - EXCHANGE_S_FOUNDATION grants no mailbox; "Microsoft 365 F1 does not include rights to an Exchange
 *   mailbox" (service description quoted in MicrosoftDocs/OfficeDocs-O365ServiceDescriptions#795).
 * - Legacy non-stackable plans (Small Business, Midsize, EXCHANGE_B_STANDARD): certero.com, "New Microsoft
 *   process: concurrent Exchange Online license assignments".
 * - Teams and SharePoint stack for their own services (same Exchange Team Blog post); Teams Exploratory
 *   under E3/E5: office365itpros; SharePoint Plan 1 < Plan 2: licensing-service-plan-reference (Learn).
 * - The add-on workloads (Visio … Purview): plan names and which SKUs hold them from Microsoft's "Product names
 *   and service plan identifiers for licensing" CSV (shared/data); tiers from each product's service description
 *   (see the comments at each block). They carry no `gives` phrases: people's words live in the locale catalogs.
 */

import { phrase, type Phrase } from './phrase';

export type Workload =
  | 'Exchange'
  | 'Teams'
  | 'SharePoint'
  | 'Office apps'
  | 'Office for the web'
  | 'Entra ID'
  | 'Intune'
  | 'Visio'
  | 'Project'
  | 'Power BI'
  | 'Copilot'
  | 'Teams Phone'
  | 'Audio Conferencing'
  | 'Power Automate'
  | 'Power Apps'
  | 'Defender for Office 365'
  | 'Defender for Endpoint'
  | 'Purview';

// Existing workloads keep their positions (callers index Exchange as workloads[0]); new ones come after.
export const WORKLOAD_ORDER: readonly Workload[] = [
  'Exchange',
  'Teams',
  'SharePoint',
  'Office apps',
  'Office for the web',
  'Entra ID',
  'Intune',
  'Visio',
  'Project',
  'Power BI',
  'Copilot',
  'Teams Phone',
  'Audio Conferencing',
  'Power Automate',
  'Power Apps',
  'Defender for Office 365',
  'Defender for Endpoint',
  'Purview',
];

export interface ExchangeCapabilities {
  mailbox: boolean;
  mailboxQuotaGB: number;
  archive: 'none' | '50 GB' | 'auto-expanding (1.5 TB)';
  litigationHold: boolean;
  dlp: boolean;
  outlookDesktop: boolean;
  imap: boolean;
  pop: boolean;
  ews: boolean;
  activeSync: boolean;
  outlookWeb: boolean;
}

export interface PlanCapability {
  workload: Workload;
  /** Human name of the tier, e.g. "Plan 2". */
  tier: string;
  /** Higher wins when several licenses grant the same workload. */
  rank: number;
  /** Legacy plans that Exchange does not stack with any other Exchange plan. */
  nonStackable?: boolean;
  /** Exchange add-on (archive / hold) rather than a mailbox plan. */
  addOn?: 'archive';
  /** What the tier gives, one short phrase each, for the card. */
  gives: string[];
  /** The same, as catalog phrases (capability.*), aligned with `gives`. */
  givePhrases: Phrase[];
  exchange?: ExchangeCapabilities;
}

const NO_MAILBOX: ExchangeCapabilities = {
  mailbox: false,
  mailboxQuotaGB: 0,
  archive: 'none',
  litigationHold: false,
  dlp: false,
  outlookDesktop: false,
  imap: false,
  pop: false,
  ews: false,
  activeSync: false,
  outlookWeb: false,
};

const KIOSK: ExchangeCapabilities = {
  ...NO_MAILBOX,
  mailbox: true,
  mailboxQuotaGB: 2,
  pop: true,
  activeSync: true,
  outlookWeb: true,
};

const PLAN1: ExchangeCapabilities = {
  mailbox: true,
  mailboxQuotaGB: 50,
  archive: '50 GB',
  litigationHold: false,
  dlp: false,
  outlookDesktop: true,
  imap: true,
  pop: true,
  ews: true,
  activeSync: true,
  outlookWeb: true,
};

const PLAN2: ExchangeCapabilities = { ...PLAN1, mailboxQuotaGB: 100, archive: 'auto-expanding (1.5 TB)', litigationHold: true, dlp: true };

// Exchange Online Essentials (EXCHANGE_S_ESSENTIALS): Microsoft publishes no feature table for it; we treat it
// as a 50 GB web/mobile mailbox without archive, ranked below Kiosk as office365itpros lists it. UNCERTAIN.
const ESSENTIALS: ExchangeCapabilities = { ...PLAN1, archive: 'none', outlookDesktop: false, ews: false };

// Small Business / Midsize / "Exchange Online POP": legacy mailbox plans; capabilities roughly Plan 1.
const LEGACY: ExchangeCapabilities = { ...PLAN1, archive: 'none' };

function exchangeGivePhrases(c: ExchangeCapabilities): Phrase[] {
  if (!c.mailbox) return [phrase('capability.no-mailbox')];
  const gives = [phrase('capability.mailbox-quota', { gb: c.mailboxQuotaGB })];
  gives.push(c.archive === 'none' ? phrase('capability.no-archive') : c.archive === '50 GB' ? phrase('capability.archive-50') : phrase('capability.archive-auto'));
  if (c.litigationHold) gives.push(phrase('capability.litigation-hold'));
  if (c.dlp) gives.push(phrase('capability.dlp'));
  gives.push(c.outlookDesktop ? phrase('capability.outlook-desktop') : phrase('capability.no-outlook-desktop'));
  if (!c.imap) gives.push(c.pop ? phrase('capability.pop-only') : phrase('capability.no-pop-imap'));
  if (!c.ews) gives.push(phrase('capability.no-ews'));
  return gives;
}

/** English for each capability phrase: the card's text as it has always read (and the CLI's). */
const GIVE_TEXT: Record<string, (v: Record<string, unknown>) => string> = {
  'capability.no-mailbox': () => 'No mailbox',
  'capability.mailbox-quota': (v) => `${v.gb} GB mailbox`,
  'capability.no-archive': () => 'No archive',
  'capability.archive-50': () => 'Archive 50 GB',
  'capability.archive-auto': () => 'Archive auto-expanding (1.5 TB)',
  'capability.litigation-hold': () => 'Litigation Hold',
  'capability.dlp': () => 'DLP',
  'capability.outlook-desktop': () => 'Outlook desktop',
  'capability.no-outlook-desktop': () => 'No Outlook desktop (web and mobile only)',
  'capability.pop-only': () => 'POP only, no IMAP',
  'capability.no-pop-imap': () => 'No POP/IMAP',
  'capability.no-ews': () => 'No EWS',
};

function exchangeGives(c: ExchangeCapabilities): string[] {
  return exchangeGivePhrases(c).map((p) => GIVE_TEXT[p.code](p.values ?? {}));
}

function exchange(tier: string, rank: number, caps: ExchangeCapabilities, extra: Partial<PlanCapability> = {}): PlanCapability {
  return { workload: 'Exchange', tier, rank, exchange: caps, gives: exchangeGives(caps), givePhrases: exchangeGivePhrases(caps), ...extra };
}

/** Short English phrases of the other workloads → their catalog code (capability.<slug>). */
const codeOf = (text: string) => `capability.${text.toLowerCase().replace(/\+/g, ' plus ').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;

function plan(workload: Workload, tier: string, rank: number, gives: string[] = []): PlanCapability {
  return { workload, tier, rank, gives, givePhrases: gives.map((g) => phrase(codeOf(g))) };
}

export const EXCHANGE_RANK = { foundation: 0, essentials: 1, kiosk: 2, plan1: 3, plan2: 4 } as const;

const TABLE: Record<string, PlanCapability> = {
  // Exchange: Foundation provisions Exchange-backed features for other services; never a mailbox.
  EXCHANGE_S_FOUNDATION: exchange('Foundation (no mailbox)', EXCHANGE_RANK.foundation, NO_MAILBOX),
  EXCHANGE_S_FOUNDATION_GOV: exchange('Foundation (no mailbox)', EXCHANGE_RANK.foundation, NO_MAILBOX),
  EXCHANGE_S_ESSENTIALS: exchange('Essentials', EXCHANGE_RANK.essentials, ESSENTIALS),
  EXCHANGE_S_DESKLESS: exchange('Kiosk', EXCHANGE_RANK.kiosk, KIOSK),
  EXCHANGE_S_DESKLESS_GOV: exchange('Kiosk', EXCHANGE_RANK.kiosk, KIOSK),
  EXCHANGE_S_STANDARD: exchange('Plan 1', EXCHANGE_RANK.plan1, PLAN1),
  EXCHANGE_S_STANDARD_GOV: exchange('Plan 1', EXCHANGE_RANK.plan1, PLAN1),
  EXCHANGE_S_ENTERPRISE: exchange('Plan 2', EXCHANGE_RANK.plan2, PLAN2),
  EXCHANGE_S_ENTERPRISE_GOV: exchange('Plan 2', EXCHANGE_RANK.plan2, PLAN2),
  EXCHANGE_L_STANDARD: exchange('Small Business (legacy)', EXCHANGE_RANK.plan1, LEGACY, { nonStackable: true }),
  EXCHANGE_S_STANDARD_MIDMARKET: exchange('Midsize Business (legacy)', EXCHANGE_RANK.plan1, LEGACY, { nonStackable: true }),
  EXCHANGE_B_STANDARD: exchange('Exchange Online POP (legacy)', EXCHANGE_RANK.plan1, LEGACY, { nonStackable: true }),
  // Exchange Online Archiving add-on: archive + hold on top of Plan 1 / Kiosk (Business Premium has it).
  EXCHANGE_S_ARCHIVE_ADDON: {
    workload: 'Exchange',
    tier: 'Archiving add-on',
    rank: 0,
    addOn: 'archive',
    gives: ['Auto-expanding archive (1.5 TB)', 'Litigation Hold'],
    givePhrases: [phrase('capability.auto-expanding-archive-1-5-tb'), phrase('capability.litigation-hold')],
  },

  // Teams: Teams Exploratory's own plan sits under the full Teams plan; Teams (free) under both.
  TEAMS_FREE: plan('Teams', 'Teams (free)', 1, ['Chat and meetings (free tier)']),
  MCO_TEAMS_IW: plan('Teams', 'Teams Exploratory', 2, ['Teams (Exploratory trial)']),
  TEAMS_DESKLESS: plan('Teams', 'Teams Kiosk', 2, ['Teams for frontline']),
  TEAMS1: plan('Teams', 'Teams', 3, ['Chat, meetings, channels']),
  TEAMS_GOV: plan('Teams', 'Teams', 3, ['Chat, meetings, channels']),
  TEAMS_AR_GCCHIGH: plan('Teams', 'Teams', 3, ['Chat, meetings, channels']),
  TEAMS_AR_DOD: plan('Teams', 'Teams', 3, ['Chat, meetings, channels']),

  // SharePoint (and the OneDrive that comes with it).
  SHAREPOINTDESKLESS: plan('SharePoint', 'Kiosk', 1, ['Read sites', '2 GB OneDrive']),
  SHAREPOINTDESKLESS_GOV: plan('SharePoint', 'Kiosk', 1, ['Read sites', '2 GB OneDrive']),
  SHAREPOINTSTANDARD: plan('SharePoint', 'Plan 1', 2, ['Sites', '1 TB OneDrive']),
  SHAREPOINTSTANDARD_EDU: plan('SharePoint', 'Plan 1', 2, ['Sites', '1 TB OneDrive']),
  'SHAREPOINT PLAN 1G': plan('SharePoint', 'Plan 1', 2, ['Sites', '1 TB OneDrive']),
  SHAREPOINTENTERPRISE: plan('SharePoint', 'Plan 2', 3, ['Sites', '1 TB+ OneDrive', 'eDiscovery and hold']),
  SHAREPOINTENTERPRISE_EDU: plan('SharePoint', 'Plan 2', 3, ['Sites', '1 TB+ OneDrive', 'eDiscovery and hold']),
  SHAREPOINTENTERPRISE_GOV: plan('SharePoint', 'Plan 2', 3, ['Sites', '1 TB+ OneDrive', 'eDiscovery and hold']),

  // Office apps: mobile apps < desktop apps for business < desktop apps for enterprise.
  OFFICEMOBILE_SUBSCRIPTION: plan('Office apps', 'Mobile apps', 1, ['Office mobile apps']),
  OFFICEMOBILE_SUBSCRIPTION_GOV: plan('Office apps', 'Mobile apps', 1, ['Office mobile apps']),
  OFFICE_BUSINESS: plan('Office apps', 'Apps for business', 2, ['Desktop Word, Excel, PowerPoint, Outlook']),
  OFFICESUBSCRIPTION: plan('Office apps', 'Apps for enterprise', 3, ['Desktop Office apps', 'Shared computer activation']),
  OFFICESUBSCRIPTION_GOV: plan('Office apps', 'Apps for enterprise', 3, ['Desktop Office apps', 'Shared computer activation']),
  SHAREPOINTWAC: plan('Office for the web', 'Office for the web', 1, ['Word, Excel, PowerPoint in the browser']),
  SHAREPOINTWAC_GOV: plan('Office for the web', 'Office for the web', 1, ['Word, Excel, PowerPoint in the browser']),
  SHAREPOINTWAC_EDU: plan('Office for the web', 'Office for the web', 1, ['Word, Excel, PowerPoint in the browser']),

  AAD_PREMIUM: plan('Entra ID', 'P1', 1, ['Conditional Access']),
  AAD_PREMIUM_P2: plan('Entra ID', 'P2', 2, ['Conditional Access', 'Identity Protection', 'PIM']),
  INTUNE_A: plan('Intune', 'Plan 1', 1, ['Device management']),
  // Same Intune Plan 1 service in government / volume-licensing SKUs. INTUNE_O365 ("Mobile Device Management for
  // Office 365" = Basic Mobility and Security) is NOT Intune: it stays out so it never "covers" INTUNE_A.
  // INTUNE_P2 (Intune Suite) is an add-on on top of Plan 1, not a superset of it: left out for the same reason.
  INTUNE_A_GOV: plan('Intune', 'Plan 1', 1),
  INTUNE_A_VL: plan('Intune', 'Plan 1', 1),

  // Visio: Plan 1 = Visio for the web (VISIOONLINE); Plan 2 adds the desktop app (VISIO_CLIENT_SUBSCRIPTION).
  // CSV: VISIOONLINE_PLAN1 / VISIO_PLAN1_DEPT hold VISIOONLINE only; VISIOCLIENT / VISIO_PLAN2_DEPT hold both.
  VISIOONLINE: plan('Visio', 'Plan 1', 1),
  VISIOONLINE_GOV: plan('Visio', 'Plan 1', 1),
  VISIO_CLIENT_SUBSCRIPTION: plan('Visio', 'Plan 2', 2),
  VISIO_CLIENT_SUBSCRIPTION_GOV: plan('Visio', 'Plan 2', 2),

  // Project: Essentials (team members) < Plan 1 (web) < Plan 3 (Project Online + desktop). Plan 5 (PROJECTPREMIUM)
  // has the same service plans as Plan 3 in Microsoft's file, so the plan level cannot tell them apart (the
  // feature table names Plan 5 from the SKU). PROJECT_O365_P1/P2/P3 ("Project for Office", seeded in E1/E3/E5)
  // are Planner features, not Project: left out.
  PROJECT_ESSENTIALS: plan('Project', 'Essentials', 1),
  PROJECT_ESSENTIALS_GOV: plan('Project', 'Essentials', 1),
  PROJECT_P1: plan('Project', 'Plan 1', 2),
  PROJECT_PROFESSIONAL: plan('Project', 'Plan 3', 3),
  PROJECT_PROFESSIONAL_FOR_GOV: plan('Project', 'Plan 3', 3),
  PROJECT_PROFESSIONAL_FACULTY: plan('Project', 'Plan 3', 3),
  SHAREPOINT_PROJECT: plan('Project', 'Plan 3', 3),
  SHAREPOINT_PROJECT_GOV: plan('Project', 'Plan 3', 3),
  SHAREPOINT_PROJECT_EDU: plan('Project', 'Plan 3', 3),

  // Power BI: Free (BI_AZURE_P0, "Microsoft Fabric (Free)") < Pro (BI_AZURE_P2) < Premium per user (BI_AZURE_P3,
  // which includes every Pro capability — Power BI service description, "Premium Per User").
  BI_AZURE_P0: plan('Power BI', 'Free', 1),
  BI_AZURE_P2: plan('Power BI', 'Pro', 2),
  BI_AZURE_P_2_GOV: plan('Power BI', 'Pro', 2),
  BI_AZURE_P3: plan('Power BI', 'Premium per user', 3),
  BI_AZURE_P3_GOV: plan('Power BI', 'Premium per user', 3),

  // Microsoft 365 Copilot: one representative plan (Copilot in the productivity apps); its siblings in the same
  // SKUs (M365_COPILOT_BUSINESS_CHAT, _TEAMS, …) ride along.
  M365_COPILOT_APPS: plan('Copilot', 'Microsoft 365 Copilot', 1),

  // Teams Phone (Phone System, MCOEV); calling plans (MCOPSTN*) are a separate purchase on top.
  // Tier names follow the product names ("Microsoft Teams Phone Standard", "Microsoft 365 Audio Conferencing").
  MCOEVSMB: plan('Teams Phone', 'SMB', 1),
  MCOEV: plan('Teams Phone', 'Standard', 2),
  MCOEV_GOV: plan('Teams Phone', 'Standard', 2),

  // Audio Conferencing: the free dial-out-to-select-geographies offer and pay-per-minute < full Audio Conferencing.
  MCOMEETBASIC: plan('Audio Conferencing', 'Select dial-out', 1),
  MCOMEETACPEA: plan('Audio Conferencing', 'Pay-per-minute', 1),
  MCOMEETADV: plan('Audio Conferencing', 'Standard', 2),
  MCOMEETADV_GOV: plan('Audio Conferencing', 'Standard', 2),
  MCOMEETADV_AR_GCCHIGH: plan('Audio Conferencing', 'Standard', 2),

  // Power Automate: the plans seeded in Office 365 / Microsoft 365 (F3, E1, E3, E5, Business) all give the same
  // standard connectors, so they share one rank (an E3 → E5 move must not read as an upgrade). Premium connectors
  // come with the standalone plans (Power Automate licensing guide).
  FLOW_O365_S1: plan('Power Automate', 'Office 365', 1),
  FLOW_O365_P1: plan('Power Automate', 'Office 365', 1),
  FLOW_O365_P2: plan('Power Automate', 'Office 365', 1),
  FLOW_O365_P3: plan('Power Automate', 'Office 365', 1),
  FLOW_P2: plan('Power Automate', 'Premium', 2),
  FLOW_PER_USER: plan('Power Automate', 'Premium', 2),
  POWER_AUTOMATE_ATTENDED_RPA: plan('Power Automate', 'Premium', 2),

  // Power Apps: seeded Office 365 rights (standard connectors) < per app < Premium (per user).
  POWERAPPS_O365_S1: plan('Power Apps', 'Office 365', 1),
  POWERAPPS_O365_P1: plan('Power Apps', 'Office 365', 1),
  POWERAPPS_O365_P2: plan('Power Apps', 'Office 365', 1),
  POWERAPPS_O365_P3: plan('Power Apps', 'Office 365', 1),
  POWERAPPS_PER_APP: plan('Power Apps', 'Per app', 2),
  POWERAPPS_PER_APP_NEW: plan('Power Apps', 'Per app', 2),
  POWERAPPS_PER_USER: plan('Power Apps', 'Premium', 3),
  POWERAPPS_P2: plan('Power Apps', 'Premium', 3),

  // Defender for Office 365: Plan 1 (ATP_ENTERPRISE) < Plan 2 (THREAT_INTELLIGENCE; its SKU also holds Plan 1).
  ATP_ENTERPRISE: plan('Defender for Office 365', 'Plan 1', 1),
  ATP_ENTERPRISE_GOV: plan('Defender for Office 365', 'Plan 1', 1),
  THREAT_INTELLIGENCE: plan('Defender for Office 365', 'Plan 2', 2),
  THREAT_INTELLIGENCE_GOV: plan('Defender for Office 365', 'Plan 2', 2),

  // Defender for Endpoint: Plan 1 (MDE_LITE, in E3) < Defender for Business (MDE_SMB, in Business Premium)
  // < Plan 2 (WINDEFATP, in E5) — the same order COVERED_BY below uses.
  MDE_LITE: plan('Defender for Endpoint', 'Plan 1', 1),
  MDE_SMB: plan('Defender for Endpoint', 'Business', 2),
  WINDEFATP: plan('Defender for Endpoint', 'Plan 2', 3),

  // Purview Information Protection for Office 365: Standard (MIP_S_CLP1, E3) < Premium (MIP_S_CLP2, E5 and
  // E5 Compliance). Azure Information Protection P1/P2 (RMS_S_PREMIUM/2) is a different product line; it is not
  // ranked against these so that it never makes an AIP licence look "covered" (the feature table lists it).
  MIP_S_CLP1: plan('Purview', 'Standard', 1),
  MIP_S_CLP2: plan('Purview', 'Premium', 2),
};

/** Every plan in the table with its capability (for the feature table, which reuses the Exchange entries). */
export function capabilityEntries(): ReadonlyArray<readonly [string, PlanCapability]> {
  return Object.entries(TABLE);
}

export function capabilityOf(servicePlanName: string | undefined | null): PlanCapability | undefined {
  if (!servicePlanName) return undefined;
  return TABLE[servicePlanName.trim().toUpperCase()];
}

export function exchangeGivesText(caps: ExchangeCapabilities): string[] {
  return exchangeGives(caps);
}

export function exchangeGivesPhrases(caps: ExchangeCapabilities): Phrase[] {
  return exchangeGivePhrases(caps);
}

/** Every tier name and capability phrase the table uses: the catalogs must name each (tested). */
export function vocabulary(): { tiers: string[]; givePhrases: Phrase[] } {
  const all = Object.values(TABLE);
  const withAddOn = all.map((c) => (c.exchange ? exchangeGivePhrases(withArchiveAddOn(c.exchange)) : [])).flat();
  const phrases = [...all.flatMap((c) => c.givePhrases), ...withAddOn, ...exchangeGivePhrases(NO_MAILBOX)];
  return { tiers: [...new Set(all.map((c) => c.tier))], givePhrases: [...new Map(phrases.map((p) => [JSON.stringify(p), p])).values()] };
}

/** Exchange capabilities after an archive add-on is applied to a Plan 1 / Kiosk / Essentials mailbox. */
export function withArchiveAddOn(caps: ExchangeCapabilities): ExchangeCapabilities {
  if (!caps.mailbox) return caps;
  return { ...caps, archive: 'auto-expanding (1.5 TB)', litigationHold: true };
}

export const NO_MAILBOX_CAPABILITIES = NO_MAILBOX;

/**
 * Minor plans with tiered names (FORMS_PLAN_E1 < FORMS_PLAN_E3 < FORMS_PLAN_E5, WHITEBOARD_PLAN1 < …,
 * BPOS_S_TODO_1 < _2 < _3) are not in the table; for redundancy we compare them within their family.
 */
const TIER_SUFFIX =
  /^(.*?)[_ ]?(K|F1|F3|S1|FIRSTLINE1?|FIRSTLINE|SMB|E1|E3|E5|P1|P2|P3|PLAN1|PLAN2|PLAN3|1|2|3)$/i;
const SUFFIX_RANK: Record<string, number> = {
  K: 0, F1: 0, F3: 0, S1: 0, FIRSTLINE: 0, FIRSTLINE1: 0,
  SMB: 1, E1: 1, P1: 1, PLAN1: 1, '1': 1,
  E3: 2, P2: 2, PLAN2: 2, '2': 2,
  E5: 3, P3: 3, PLAN3: 3, '3': 3,
};

export function minorPlanFamily(servicePlanName: string): { family: string; rank: number } {
  const name = servicePlanName.trim().toUpperCase();
  const match = TIER_SUFFIX.exec(name);
  if (match && match[1].length >= 3) return { family: match[1].replace(/_+$/, ''), rank: SUFFIX_RANK[match[2].toUpperCase()] };
  return { family: name, rank: 0 };
}

/**
 * Minor plans whose superior versions carry an unrelated name (from the plan lists in Microsoft's CSV:
 * E5 has WINDEFATP where E3 has MDE_LITE, and so on). Used only to judge redundancy.
 */
const COVERED_BY: Record<string, string[]> = {
  MDE_LITE: ['WINDEFATP', 'MDE_SMB'],
  ADALLOM_S_DISCOVERY: ['ADALLOM_S_STANDALONE', 'ADALLOM_S_O365'],
  KAIZALA_O365_P1: ['KAIZALA_STANDALONE'],
  KAIZALA_O365_P2: ['KAIZALA_STANDALONE'],
  KAIZALA_O365_P3: ['KAIZALA_STANDALONE'],
  RMS_S_BASIC: ['RMS_S_ENTERPRISE'],
  STREAM_O365_SMB: ['STREAM_O365_E1', 'STREAM_O365_E3', 'STREAM_O365_E5'],
  MCOIMP: ['MCOSTANDARD'],
};

/** Partner / tenant-admin tooling plans that give the licensed user nothing of their own. */
const NO_USER_VALUE = new Set(['M365_LIGHTHOUSE_PARTNER_PLAN1', 'M365_LIGHTHOUSE_CUSTOMER_PLAN1']);

export function isCoveredByName(servicePlanName: string, otherPlanName: string): boolean {
  return COVERED_BY[servicePlanName.toUpperCase()]?.includes(otherPlanName.toUpperCase()) ?? false;
}

export function hasUserValue(servicePlanName: string): boolean {
  return !NO_USER_VALUE.has(servicePlanName.toUpperCase());
}
