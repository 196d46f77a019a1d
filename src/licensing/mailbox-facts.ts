/**
 * "My mailbox is almost full": the mailbox rights after stacking, how full it is (when the usage report gives
 * it), and what in this tenant would help — the archive add-on on a Plan 1 / Kiosk / Essentials mailbox, or a
 * Plan 2 product (100 GB, auto-expanding archive).
 */
import type { ExchangeCapabilities } from './capabilities';
import { checkFeature, sortOptions, type FeatureOption, type FeatureTenant } from './feature-check';
import type { Resolution } from './resolution';

export interface MailboxUsage {
  storageUsedBytes: number;
  /** The mailbox's own quota when known (it can differ from the plan's); else the plan's quota is used. */
  quotaBytes?: number;
  /** Whether an archive mailbox is turned on. */
  archive?: boolean;
  hasLitigationHold?: boolean;
}

export interface MailboxFacts {
  hasMailbox: boolean;
  /** The effective Exchange tier (Plan 1, Kiosk, …) when there is a mailbox. */
  tier?: string;
  quotaGB: number;
  usedGB?: number;
  percentUsed?: number;
  /** What the licences allow (archive size, hold, Outlook desktop). */
  archive: ExchangeCapabilities['archive'];
  litigationHold: boolean;
  outlookDesktop: boolean;
  /** What the mailbox has turned on, from the usage report. */
  archiveEnabled?: boolean;
  litigationHoldEnabled?: boolean;
  /** Products in this tenant that give more room, cheapest first. */
  helps: FeatureOption[];
}

// Exchange quotas are binary gigabytes (a 50 GB mailbox is 50 × 2³⁰ bytes).
const GB = 1024 ** 3;
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

export function mailboxFacts(resolution: Resolution, tenant: FeatureTenant, usage?: MailboxUsage): MailboxFacts {
  const exchange = resolution.workloads.find((w) => w.workload === 'Exchange')!;
  const caps = exchange.exchange!;
  const quotaGB = usage?.quotaBytes !== undefined ? round(usage.quotaBytes / GB, 2) : caps.mailboxQuotaGB;
  const usedGB = usage ? round(usage.storageUsedBytes / GB, 2) : undefined;
  const percentUsed = usage && quotaGB > 0 ? round((usage.storageUsedBytes / (quotaGB * GB)) * 100, 1) : undefined;

  // A bigger mailbox plan, or an archive that grows (the add-on, or Plan 2's own).
  const bigger = checkFeature(resolution, 'mailbox', tenant).options;
  const archive = checkFeature(resolution, 'archive', tenant).options;
  const byId = new Map<string, FeatureOption>();
  for (const option of [...bigger, ...archive]) if (!byId.has(option.skuId)) byId.set(option.skuId, option);

  return {
    hasMailbox: caps.mailbox,
    ...(exchange.effective ? { tier: exchange.effective.tier } : {}),
    quotaGB,
    ...(usedGB !== undefined ? { usedGB } : {}),
    ...(percentUsed !== undefined ? { percentUsed } : {}),
    archive: caps.archive,
    litigationHold: caps.litigationHold,
    outlookDesktop: caps.outlookDesktop,
    ...(usage?.archive !== undefined ? { archiveEnabled: usage.archive } : {}),
    ...(usage?.hasLitigationHold !== undefined ? { litigationHoldEnabled: usage.hasLitigationHold } : {}),
    helps: sortOptions([...byId.values()]),
  };
}
