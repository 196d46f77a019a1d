/**
 * Exchange Online plan facts the demo tenant needs (shared/reference/licensing-facts.md §1.2–1.4).
 * Concurrent Exchange licenses stack since 2023, except the legacy plans below, which stay mutually exclusive
 * with any other Exchange mailbox plan.
 */

/** Legacy plans that do not stack: Small Business (LITEPACK*), Midsize (MIDSIZEPACK), EXCHANGETELCO, EOA for Exchange Server. */
export const NON_STACKING_EXCHANGE_PLANS = new Set([
  'EXCHANGE_L_STANDARD',
  'EXCHANGE_S_STANDARD_MIDMARKET',
  'EXCHANGE_B_STANDARD',
  'EXCHANGE_S_ARCHIVE',
]);

/** Plans that carry a mailbox (the four stacking ones, their _GOV twins, and the legacy ones). */
export function isExchangeMailboxPlan(name: string): boolean {
  return /^EXCHANGE_S_(ESSENTIALS|DESKLESS|STANDARD|ENTERPRISE)(_GOV)?$/.test(name) || NON_STACKING_EXCHANGE_PLANS.has(name);
}

export interface PlanRef {
  servicePlanId: string;
  servicePlanName: string;
}

/** The first pair of plans that cannot be held together, or undefined. */
export function findMutuallyExclusive(plans: Iterable<PlanRef>): [PlanRef, PlanRef] | undefined {
  const exchange = [...new Map([...plans].filter((p) => isExchangeMailboxPlan(p.servicePlanName)).map((p) => [p.servicePlanId, p])).values()];
  for (const a of exchange) {
    if (!NON_STACKING_EXCHANGE_PLANS.has(a.servicePlanName)) continue;
    for (const b of exchange) if (b.servicePlanId !== a.servicePlanId) return [a, b];
  }
  return undefined;
}

const GB = 1024 ** 3;

export interface MailboxQuotas {
  plan: string;
  issueWarningQuotaInBytes: number;
  prohibitSendQuotaInBytes: number;
  prohibitSendReceiveQuotaInBytes: number;
}

/**
 * Mailbox quotas of the most capable Exchange plan among `planNames` (Plan 2: 98/99/100 GB; Plan 1: 49/49.5/50 GB;
 * Kiosk: 1.96/1.98/2 GB). Essentials and the legacy plans get Plan 1's quotas (approximation: no public data).
 * EXCHANGE_S_FOUNDATION carries no mailbox: undefined.
 */
export function mailboxQuotas(planNames: Iterable<string>): MailboxQuotas | undefined {
  const rank = (name: string): number => {
    if (/^EXCHANGE_S_ENTERPRISE/.test(name)) return 4;
    if (/^EXCHANGE_S_STANDARD/.test(name) || name === 'EXCHANGE_L_STANDARD' || name === 'EXCHANGE_B_STANDARD') return 3;
    if (/^EXCHANGE_S_DESKLESS/.test(name)) return 2;
    if (/^EXCHANGE_S_ESSENTIALS/.test(name)) return 1;
    return 0;
  };
  let best = '';
  for (const name of planNames) if (rank(name) > rank(best)) best = name;
  switch (rank(best)) {
    case 4:
      return { plan: best, issueWarningQuotaInBytes: 98 * GB, prohibitSendQuotaInBytes: 99 * GB, prohibitSendReceiveQuotaInBytes: 100 * GB };
    case 3:
    case 1:
      return { plan: best, issueWarningQuotaInBytes: 49 * GB, prohibitSendQuotaInBytes: Math.round(49.5 * GB), prohibitSendReceiveQuotaInBytes: 50 * GB };
    case 2:
      return { plan: best, issueWarningQuotaInBytes: Math.round(1.96 * GB), prohibitSendQuotaInBytes: Math.round(1.98 * GB), prohibitSendReceiveQuotaInBytes: 2 * GB };
    default:
      return undefined;
  }
}

/**
 * assignedPlans[].service as Graph names it, derived from the plan name (approximate: Graph's own values come from
 * the service, e.g. "exchange", "SharePoint", "TeamspaceAPI", "MicrosoftCommunicationsOnline", "MicrosoftOffice").
 */
export function serviceOfPlan(servicePlanName: string): string {
  const rules: Array<[RegExp, string]> = [
    [/^EXCHANGE_|^INFORMATION_BARRIERS|^MIP_S_Exchange/i, 'exchange'],
    [/^SHAREPOINT|^ONEDRIVE/i, 'SharePoint'],
    [/^TEAMS|^MCO_TEAMS/i, 'TeamspaceAPI'],
    [/^MCO/i, 'MicrosoftCommunicationsOnline'],
    [/^OFFICESUBSCRIPTION|^OFFICE_BUSINESS|^OFFICEMOBILE|^OFFICE_PRO_PLUS/i, 'MicrosoftOffice'],
    [/^INTUNE/i, 'SCO'],
    [/^AAD_PREMIUM|^MFA_PREMIUM/i, 'AADPremiumService'],
    [/^YAMMER|^VIVAENGAGE/i, 'YammerEnterprise'],
    [/^PROJECTWORKMANAGEMENT/i, 'ProjectWorkManagement'],
    [/^FORMS_PLAN/i, 'OfficeForms'],
    [/^SWAY/i, 'Sway'],
    [/^POWERAPPS/i, 'PowerAppsService'],
    [/^FLOW/i, 'ProcessSimple'],
    [/^STREAM/i, 'MicrosoftStream'],
    [/^RMS_S/i, 'RMSOnline'],
    [/^BPOS_S_TODO/i, 'To-Do'],
  ];
  for (const [re, service] of rules) if (re.test(servicePlanName)) return service;
  return servicePlanName;
}
