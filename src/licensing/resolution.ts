import type { ExchangeCapabilities, Workload } from './capabilities';
import type { SkuPurpose } from './sku-purpose';
import type { Phrase } from './phrase';

export type SkuSource = { kind: 'direct' } | { kind: 'group'; groupId: string };

export interface SkuSourceState {
  source: SkuSource;
  /** Graph's licenseAssignmentState.state (Active when Graph gave none). */
  state: string;
  /** Graph's error, or null for none ("None" is normalised to null). */
  error: string | null;
  disabledPlans: string[];
}

export type PlanStatus = 'enabled' | 'disabled' | 'pending' | 'suspended';

export interface ResolvedPlan {
  servicePlanId: string;
  servicePlanName: string;
  friendlyName: string;
  status: PlanStatus;
  workload?: Workload;
  tier?: string;
}

export interface ResolvedSku {
  skuId: string;
  skuPartNumber: string;
  displayName: string;
  sources: SkuSourceState[];
  /** True when at least one source is Active / ActiveWithError: the user holds it and it is billed. */
  active: boolean;
  /** The subscription's capabilityStatus in the tenant (Enabled, Warning, Suspended, …). */
  subscriptionStatus: string;
  plans: ResolvedPlan[];
  /** Every meaningful plan is covered by an equal or superior plan from another license: still billed. */
  redundant: boolean;
  /** The licenses that make it redundant (skuPartNumbers). */
  coveredBy: string[];
  /** Workloads whose plan in this license is outranked by another license (e.g. its Exchange plan). */
  supersededWorkloads: Workload[];
  /**
   * What this SKU is for: its main features with tiers (POWER_BI_PRO → power-bi-pro / Pro, VISIOCLIENT → visio /
   * Plan 2), from the SKU's plans whatever the user's disabled plans, so a card can name it.
   */
  purpose: SkuPurpose[];
}

export interface EffectivePlan {
  servicePlanId: string;
  servicePlanName: string;
  tier: string;
  rank: number;
  /** The licenses that grant it (redundant ones left out when another grants it too). */
  skuPartNumbers: string[];
  skuIds: string[];
}

export interface WorkloadResolution {
  workload: Workload;
  effective: EffectivePlan | null;
  /** What the effective plan gives, one short phrase each. */
  gives: string[];
  /** The same as catalog phrases, aligned with `gives`. */
  givePhrases: Phrase[];
  /** Exchange only: the mailbox rights after stacking and add-ons. */
  exchange?: ExchangeCapabilities;
  /** Every license that grants a plan for this workload, best first: the stack. */
  stack: Array<{ skuPartNumber: string; servicePlanName: string; tier: string; rank: number; addOn?: boolean }>;
  /** Add-ons applied on top of the effective plan (e.g. Exchange Online Archiving). */
  addOns: Array<{ skuPartNumber: string; servicePlanName: string; tier: string }>;
}

export type ConflictKind = 'non-stackable-exchange' | 'assignment-error';

export interface Conflict {
  kind: ConflictKind;
  skuPartNumbers: string[];
  /** Graph's error value for assignment errors (CountViolation, MutuallyExclusiveViolation, …). */
  error?: string;
  groupId?: string;
  /** The group's display name, once known (withGroupNames); the message then names it too. */
  groupName?: string;
  /** Assignment errors: the product's display name and Graph's state, to re-make the message. */
  productName?: string;
  state?: string;
  message: string;
  /** `message` as a catalog phrase, for the reader's language. */
  phrase?: Phrase;
}

export type WarningKind = 'no-licenses' | 'no-mailbox-rights' | 'mailbox-at-risk' | 'mailbox-pending';

export interface ResolutionWarning {
  kind: WarningKind;
  message: string;
  /** `message` as a catalog phrase, for the reader's language. */
  phrase?: Phrase;
}

export interface Resolution {
  user: { id?: string; displayName?: string | null; userPrincipalName?: string | null; usageLocation?: string | null };
  skus: ResolvedSku[];
  workloads: WorkloadResolution[];
  redundantSkus: string[];
  disabledPlans: Array<{ skuPartNumber: string; servicePlanName: string; friendlyName: string }>;
  pendingPlans: Array<{ skuPartNumber: string; servicePlanName: string; friendlyName: string; status: PlanStatus }>;
  conflicts: Conflict[];
  warnings: ResolutionWarning[];
  hasMailboxRights: boolean;
}
