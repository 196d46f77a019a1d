/**
 * "Do I have Visio?", "why can't I install Office?": whether a user has a feature, which licenses give it, the
 * real reason when not (a disabled plan, a group licence in error, a lower tier…), and which of the tenant's
 * products would give it, cheapest first. Pure: a resolution and the tenant's data in, plain data out.
 */
import type { Catalog } from './catalog';
import type { FeatureId } from './feature-ids';
import { featureDefinition, featurePlan, skuFeatureGrant, type FeatureDefinition, type FeaturePlan, type SkuFeatureGrant } from './features';
import type { PriceList } from './prices';
import type { Resolution, ResolvedSku, WorkloadResolution } from './resolution';
import { tenantIndex, type IndexedSku, type TenantIndex } from './tenant-index';
import type { SubscribedSku } from './types';

/** The tenant's side of an answer: its subscribed SKUs (seats, plans), the catalog and the price list. */
export interface FeatureTenant {
  skus: readonly SubscribedSku[];
  catalog: Catalog;
  prices: PriceList;
}

export interface FeatureGrant {
  skuId: string;
  skuPartNumber: string;
  displayName: string;
  servicePlanName: string;
  tier?: string;
  quotaGB?: number;
  /** Set when the licence comes only through a group. */
  viaGroupId?: string;
}

export type FeatureReason =
  | { kind: 'no-plan' }
  | { kind: 'plan-disabled'; skuPartNumber: string }
  | { kind: 'pending'; skuPartNumber: string }
  | { kind: 'assignment-error'; skuPartNumber: string; error: string; groupId?: string }
  | { kind: 'subscription-suspended'; skuPartNumber: string; status: string }
  /** The plan is assigned but not working (provisioning error, or Entra reports it suspended) while the subscription is fine. */
  | { kind: 'plan-suspended'; skuPartNumber: string }
  /** The user has a lesser version: Power BI free, a Kiosk mailbox without Outlook desktop. */
  | { kind: 'lower-tier'; skuPartNumber: string; tier: string };

export type FeaturePrice = { monthly: number; currency: string } | 'unknown';

export interface FeatureOption {
  skuId: string;
  skuPartNumber: string;
  displayName: string;
  servicePlanName: string;
  tier: string;
  /** 'enable-plan': the user holds this licence with the plan turned off; the fix is turning it on. */
  action: 'assign' | 'enable-plan';
  /** 'suite' replaces a base licence (E3, Business Premium); 'add-on' comes on top of one (Visio, archiving). */
  kind: 'add-on' | 'suite';
  price: FeaturePrice;
  /** prepaidUnits.enabled − consumedUnits (negative when over-assigned). */
  free: number;
  quotaGB?: number;
  /** What the user would still lack for an add-on to work (the archive add-on needs a mailbox). */
  needs?: FeatureId[];
}

export interface FeatureAnswer {
  feature: FeatureId;
  has: boolean;
  /** The best tier the user has (when `has`). */
  tier?: string;
  quotaGB?: number;
  grantedBy: FeatureGrant[];
  /** Why not (empty when `has`); `no-plan` when none of their licences relates to it. */
  reasons: FeatureReason[];
  /** Products in this tenant that would give it (or a better tier of it, when `has`), cheapest first. */
  options: FeatureOption[];
}

const DEAD_SUBSCRIPTIONS = new Set(['suspended', 'deleted', 'lockedout']);

/** The one function for "do I have …" and "why can't I …" questions. */
export function checkFeature(resolution: Resolution, feature: FeatureId, tenant: FeatureTenant): FeatureAnswer {
  const def = featureDefinition(feature);
  const held = userHolding(resolution, def);
  const index = tenantIndex(tenant.skus, tenant.catalog);
  const options = tenantOptions(def, resolution, tenant, index, held.has ? held.rank : undefined);
  if (held.has) return { feature, has: true, tier: held.tier, quotaGB: held.quotaGB, grantedBy: held.grantedBy, reasons: [], options };
  return { feature, has: false, grantedBy: [], reasons: reasonsWhyNot(resolution, def), options };
}

/** Has the user got `feature`? (The cheap part of checkFeature: no tenant needed.) */
export function hasFeature(resolution: Resolution, feature: FeatureId): boolean {
  return userHolding(resolution, featureDefinition(feature)).has;
}

// ------------------------------------------------------------------------------------------------ holding

interface Holding {
  has: boolean;
  rank: number;
  tier?: string;
  quotaGB?: number;
  grantedBy: FeatureGrant[];
}

function viaGroup(sku: ResolvedSku): string | undefined {
  const granting = sku.sources.filter((s) => ['active', 'activewitherror'].includes(s.state.toLowerCase()));
  if (granting.some((s) => s.source.kind === 'direct')) return undefined;
  const group = granting.find((s) => s.source.kind === 'group');
  return group?.source.kind === 'group' ? group.source.groupId : undefined;
}

function grantOf(sku: ResolvedSku, plan: FeaturePlan, tier: string): FeatureGrant {
  const via = viaGroup(sku);
  return {
    skuId: sku.skuId,
    skuPartNumber: sku.skuPartNumber,
    displayName: sku.displayName,
    servicePlanName: plan.servicePlanName,
    tier,
    ...(plan.quotaGB !== undefined ? { quotaGB: plan.quotaGB } : {}),
    ...(via ? { viaGroupId: via } : {}),
  };
}

function userHolding(resolution: Resolution, def: FeatureDefinition): Holding {
  if (def.exchange) return exchangeHolding(resolution, def);
  const grantedBy: FeatureGrant[] = [];
  let best: { rank: number; tier: string; quotaGB?: number } | undefined;
  for (const sku of resolution.skus) {
    if (!sku.active) continue;
    const enabled = sku.plans.filter((p) => p.status === 'enabled').map((p) => p.servicePlanName);
    const grant = skuFeatureGrant(def.id, sku.skuPartNumber, enabled);
    if (!grant?.plan.grants) continue;
    grantedBy.push(grantOf(sku, grant.plan, grant.tier));
    if (!best || grant.rank > best.rank) best = { rank: grant.rank, tier: grant.tier, quotaGB: grant.plan.quotaGB };
  }
  grantedBy.sort((a, b) => rankOf(def, b) - rankOf(def, a) || a.skuPartNumber.localeCompare(b.skuPartNumber));
  return best ? { has: true, rank: best.rank, tier: best.tier, quotaGB: best.quotaGB, grantedBy } : { has: false, rank: 0, grantedBy: [] };
}

function rankOf(def: FeatureDefinition, grant: FeatureGrant): number {
  return def.skuTiers?.[grant.skuPartNumber.toUpperCase()]?.rank ?? featurePlan(def.id, grant.servicePlanName)?.rank ?? 0;
}

/** Exchange decides by the most superior mailbox plan plus add-ons: read the resolved mailbox, not single plans. */
function exchangeHolding(resolution: Resolution, def: FeatureDefinition): Holding {
  const exchange = resolution.workloads.find((w) => w.workload === 'Exchange') as WorkloadResolution;
  const caps = exchange.exchange!;
  const effective = exchange.effective;
  if (!effective) return { has: false, rank: 0, grantedBy: [] };
  const has =
    def.exchange === 'mailbox' ? caps.mailbox
    : def.exchange === 'archive' ? caps.archive !== 'none'
    : def.exchange === 'litigation-hold' ? caps.litigationHold
    : caps.outlookDesktop;
  if (!has) return { has: false, rank: 0, grantedBy: [] };

  const grantedBy: FeatureGrant[] = [];
  const bySkuId = new Map(resolution.skus.map((s) => [s.skuId, s]));
  const byPart = new Map(resolution.skus.map((s) => [s.skuPartNumber, s]));
  const own = featurePlan(def.id, effective.servicePlanName);
  let best: FeaturePlan | undefined;
  if (own?.grants) {
    best = own;
    for (const skuId of effective.skuIds) {
      const sku = bySkuId.get(skuId);
      if (sku) grantedBy.push(grantOf(sku, own, own.tier));
    }
  }
  for (const addOn of exchange.addOns) {
    const plan = featurePlan(def.id, addOn.servicePlanName);
    const sku = byPart.get(addOn.skuPartNumber);
    if (!plan?.grants || !sku || (best && best.rank >= plan.rank)) continue;
    // The add-on lifts the tier (Plan 1's 50 GB archive → auto-expanding): it is what grants the answer.
    if (best && plan.rank > best.rank) grantedBy.length = 0;
    if (!grantedBy.some((g) => g.skuId === sku.skuId && g.servicePlanName === plan.servicePlanName)) grantedBy.push(grantOf(sku, plan, plan.tier));
    best = plan;
  }
  const tier = def.exchange === 'mailbox' ? effective.tier : def.exchange === 'archive' ? caps.archive : best?.tier;
  const quotaGB = def.exchange === 'mailbox' ? caps.mailboxQuotaGB : undefined;
  return { has: true, rank: best?.rank ?? 1, tier, quotaGB, grantedBy };
}

// ------------------------------------------------------------------------------------------------ reasons

const REASON_ORDER: Record<FeatureReason['kind'], number> = {
  'plan-disabled': 0,
  'assignment-error': 1,
  pending: 2,
  'subscription-suspended': 3,
  'plan-suspended': 4,
  'lower-tier': 5,
  'no-plan': 6,
};

function reasonsWhyNot(resolution: Resolution, def: FeatureDefinition): FeatureReason[] {
  const reasons: FeatureReason[] = [];
  const seen = new Set<string>();
  const add = (reason: FeatureReason) => {
    const key = JSON.stringify(reason);
    if (seen.has(key)) return;
    seen.add(key);
    reasons.push(reason);
  };
  for (const sku of resolution.skus) {
    const related = sku.plans.map((p) => ({ resolved: p, plan: featurePlan(def.id, p.servicePlanName) })).filter((r) => r.plan);
    const granting = related.filter((r) => r.plan!.grants);
    if (!sku.active) {
      // A licence that is not active (a group assignment in CountViolation, …) grants nothing at all.
      if (granting.length === 0) continue;
      for (const s of sku.sources) {
        add({
          kind: 'assignment-error',
          skuPartNumber: sku.skuPartNumber,
          error: s.error ?? s.state,
          ...(s.source.kind === 'group' ? { groupId: s.source.groupId } : {}),
        });
      }
      continue;
    }
    for (const { resolved } of granting) {
      if (resolved.status === 'disabled') add({ kind: 'plan-disabled', skuPartNumber: sku.skuPartNumber });
      else if (resolved.status === 'pending') add({ kind: 'pending', skuPartNumber: sku.skuPartNumber });
      else if (resolved.status === 'suspended') {
        add(
          DEAD_SUBSCRIPTIONS.has(sku.subscriptionStatus.toLowerCase())
            ? { kind: 'subscription-suspended', skuPartNumber: sku.skuPartNumber, status: sku.subscriptionStatus }
            : { kind: 'plan-suspended', skuPartNumber: sku.skuPartNumber },
        );
      }
    }
    for (const { resolved, plan } of related) {
      if (!plan!.grants && resolved.status === 'enabled') add({ kind: 'lower-tier', skuPartNumber: sku.skuPartNumber, tier: plan!.tier });
    }
  }
  if (reasons.length === 0) return [{ kind: 'no-plan' }];
  return reasons.sort((a, b) => REASON_ORDER[a.kind] - REASON_ORDER[b.kind]);
}

// ------------------------------------------------------------------------------------------------ options

/**
 * A suite is a base licence (it brings at least two of: a mailbox, Teams, SharePoint) that a user would swap
 * theirs for; anything else (Visio, Power BI, archiving, Exchange Plan 1 for an F3 user) adds to a base licence.
 */
export function productKind(sku: IndexedSku): 'suite' | 'add-on' {
  const caps = sku.plans.map((p) => p.capability).filter((c) => c !== undefined);
  const mailbox = caps.some((c) => c.workload === 'Exchange' && c.exchange?.mailbox);
  const teams = caps.some((c) => c.workload === 'Teams' && c.rank >= 2);
  const sharepoint = caps.some((c) => c.workload === 'SharePoint');
  return [mailbox, teams, sharepoint].filter(Boolean).length >= 2 ? 'suite' : 'add-on';
}

export function freeSeats(sku: SubscribedSku): number {
  return (sku.prepaidUnits?.enabled ?? 0) - (sku.consumedUnits ?? 0);
}

function priceOf(prices: PriceList, skuPartNumber: string): FeaturePrice {
  const monthly = prices.monthly(skuPartNumber);
  return monthly === undefined ? 'unknown' : { monthly, currency: prices.currency };
}

/**
 * What all of a tenant SKU's plans give for a feature. It depends on the tenant's SKUs alone, and every feature
 * question asks it of every SKU in the tenant: remembered per indexed SKU (an index lives as long as its SKU list).
 */
const TENANT_SKU_GRANTS = new WeakMap<IndexedSku, Map<FeatureId, SkuFeatureGrant | undefined>>();

function tenantSkuGrant(sku: IndexedSku, feature: FeatureId): SkuFeatureGrant | undefined {
  let grants = TENANT_SKU_GRANTS.get(sku);
  if (!grants) TENANT_SKU_GRANTS.set(sku, (grants = new Map()));
  if (!grants.has(feature)) grants.set(feature, skuFeatureGrant(feature, sku.skuPartNumber, sku.plans.map((p) => p.servicePlanName)));
  return grants.get(feature);
}

/** Products in the tenant (User SKUs, live subscriptions) whose plans give `def` above `aboveRank`. */
function tenantOptions(def: FeatureDefinition, resolution: Resolution, tenant: FeatureTenant, index: TenantIndex, aboveRank: number | undefined): FeatureOption[] {
  const options: Array<FeatureOption & { rank: number }> = [];
  const heldSkus = new Map(resolution.skus.map((s) => [s.skuId.toLowerCase(), s]));
  const userHas = new Map<FeatureId, boolean>();
  const has = (feature: FeatureId) => {
    if (!userHas.has(feature)) userHas.set(feature, hasFeature(resolution, feature));
    return userHas.get(feature)!;
  };
  for (const subscribed of tenant.skus) {
    if (subscribed.appliesTo && subscribed.appliesTo.toLowerCase() !== 'user') continue;
    if (DEAD_SUBSCRIPTIONS.has((subscribed.capabilityStatus ?? 'Enabled').toLowerCase())) continue;
    const sku = index.sku(subscribed.skuId);
    const grant = tenantSkuGrant(sku, def.id);
    if (!grant?.plan.grants || (aboveRank !== undefined && grant.rank <= aboveRank)) continue;

    let action: FeatureOption['action'] = 'assign';
    const held = heldSkus.get(sku.skuId);
    if (held) {
      // Held already: only worth naming when the plan is turned off there ("enable the plan"); a licence in
      // error is explained by the reasons instead.
      const disabled = held.active && held.plans.some((p) => p.status === 'disabled' && p.servicePlanName.toUpperCase() === grant.plan.servicePlanName.toUpperCase());
      if (!disabled) continue;
      action = 'enable-plan';
    }
    const kind = productKind(sku);
    const needs =
      kind === 'add-on'
        ? (def.requires ?? []).filter((f) => !has(f) && !tenantSkuGrant(sku, f)?.plan.grants)
        : [];
    options.push({
      skuId: sku.skuId,
      skuPartNumber: sku.skuPartNumber,
      displayName: sku.displayName,
      servicePlanName: grant.plan.servicePlanName,
      tier: grant.tier,
      action,
      kind,
      price: priceOf(tenant.prices, sku.skuPartNumber),
      free: freeSeats(subscribed),
      ...(grant.plan.quotaGB !== undefined ? { quotaGB: grant.plan.quotaGB } : {}),
      ...(needs.length > 0 ? { needs } : {}),
      rank: grant.rank,
    });
  }
  return sortOptions(options).map(({ rank: _rank, ...option }) => option);
}

/** Enabling a plan they hold first (no new seat), then by monthly price; an unknown price goes last, never as 0. */
export function sortOptions<T extends FeatureOption & { rank?: number }>(options: T[]): T[] {
  const price = (o: FeatureOption) => (o.price === 'unknown' ? Number.POSITIVE_INFINITY : o.price.monthly);
  return [...options].sort(
    (a, b) =>
      (a.action === 'enable-plan' ? 0 : 1) - (b.action === 'enable-plan' ? 0 : 1) ||
      price(a) - price(b) ||
      (b.rank ?? 0) - (a.rank ?? 0) ||
      a.skuPartNumber.localeCompare(b.skuPartNumber),
  );
}
