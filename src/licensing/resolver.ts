import type { Catalog } from './catalog';
import {
  NO_MAILBOX_CAPABILITIES,
  WORKLOAD_ORDER,
  exchangeGivesPhrases,
  exchangeGivesText,
  withArchiveAddOn,
  type Workload,
} from './capabilities';
import type {
  Conflict,
  EffectivePlan,
  PlanStatus,
  Resolution,
  ResolutionWarning,
  ResolvedPlan,
  ResolvedSku,
  SkuSourceState,
  WorkloadResolution,
} from './resolution';
import { phrase } from './phrase';
import { isMeaningfulPlan, planCoveredBy } from './plan-coverage';
import { tenantIndex, type IndexedPlan, type IndexedSku, type TenantIndex } from './tenant-index';
import type { SubscribedSku, UserLicenseState } from './types';

const GRANTING_STATES = new Set(['active', 'activewitherror']);
const DEAD_SUBSCRIPTIONS = new Set(['suspended', 'deleted', 'lockedout']);
const PENDING_PROVISIONING = new Set(['pendinginput', 'pendingactivation', 'pendingprovisioning']);
const INACTIVE_ASSIGNED = new Set(['suspended', 'deleted', 'lockedout']);

const ERROR_TEXT: Record<string, string> = {
  CountViolation: 'not enough seats: buy more or free some',
  MutuallyExclusiveViolation: 'it conflicts with a plan the user already has',
  DependencyViolation: 'a plan in it needs another plan the user lacks',
  ProhibitedInUsageLocationViolation: "it is not available in the user's usage location",
  UniquenessViolation: "the user's proxy address is already taken",
  Other: 'Entra reported an unspecified error',
};

interface Holding {
  sku: IndexedSku;
  sources: SkuSourceState[];
  active: boolean;
  plans: ResolvedPlan[];
  /** Enabled plans that actually work (provisioned, subscription alive). */
  working: IndexedPlan[];
  /** Plans pending because the tenant's SKU shows them pending (tenant-wide, not this user's doing). */
  tenantPending: Set<string>;
}

/** Resolves what a user effectively has. Pure: plain Graph data in, plain data out. */
export function resolve(user: UserLicenseState, skus: readonly SubscribedSku[], catalog: Catalog): Resolution {
  return resolveWithIndex(user, tenantIndex(skus, catalog));
}

function normaliseError(error: string | null | undefined): string | null {
  return !error || error === 'None' ? null : error;
}

function collectSources(user: UserLicenseState): Map<string, SkuSourceState[]> {
  const bySku = new Map<string, SkuSourceState[]>();
  const add = (skuId: string, entry: SkuSourceState) => {
    const id = skuId.toLowerCase();
    bySku.set(id, [...(bySku.get(id) ?? []), entry]);
  };
  for (const state of user.licenseAssignmentStates ?? []) {
    add(state.skuId, {
      source: state.assignedByGroup ? { kind: 'group', groupId: state.assignedByGroup } : { kind: 'direct' },
      state: state.state ?? 'Active',
      error: normaliseError(state.error),
      disabledPlans: (state.disabledPlans ?? []).map((p) => p.toLowerCase()),
    });
  }
  // Without licenseAssignmentStates (or for a SKU it omits) assignedLicenses is all we know: treat as direct.
  for (const license of user.assignedLicenses ?? []) {
    if (bySku.has(license.skuId.toLowerCase())) continue;
    add(license.skuId, {
      source: { kind: 'direct' },
      state: 'Active',
      error: null,
      disabledPlans: (license.disabledPlans ?? []).map((p) => p.toLowerCase()),
    });
  }
  return bySku;
}

function assignedPlanStatus(user: UserLicenseState): Map<string, boolean> | undefined {
  if (!user.assignedPlans) return undefined;
  const working = new Map<string, boolean>();
  for (const plan of user.assignedPlans) {
    const id = plan.servicePlanId.toLowerCase();
    const ok = !INACTIVE_ASSIGNED.has((plan.capabilityStatus ?? 'Enabled').toLowerCase());
    working.set(id, (working.get(id) ?? false) || ok);
  }
  return working;
}

function holdingFor(sku: IndexedSku, sources: SkuSourceState[], assigned: Map<string, boolean> | undefined): Holding {
  const granting = sources.filter((s) => GRANTING_STATES.has(s.state.toLowerCase()));
  const active = granting.length > 0;
  const subscriptionDead = DEAD_SUBSCRIPTIONS.has(sku.capabilityStatus.toLowerCase());
  const plans: ResolvedPlan[] = [];
  const working: IndexedPlan[] = [];
  const tenantPending = new Set<string>();
  for (const plan of sku.plans) {
    // Entra unions the plans enabled across a license's sources (direct + groups).
    const enabled = granting.some((s) => !s.disabledPlans.includes(plan.servicePlanId));
    let status: PlanStatus;
    if (!active) status = 'disabled';
    else if (!enabled) status = 'disabled';
    else if (subscriptionDead) status = 'suspended';
    else if (PENDING_PROVISIONING.has(plan.provisioningStatus.toLowerCase())) {
      status = 'pending';
      tenantPending.add(plan.servicePlanId);
    }
    else if (plan.provisioningStatus.toLowerCase() === 'disabled' || plan.provisioningStatus.toLowerCase() === 'error') status = 'suspended';
    else if (assigned && !assigned.has(plan.servicePlanId)) status = 'pending';
    else if (assigned && assigned.get(plan.servicePlanId) === false) status = 'suspended';
    else status = 'enabled';
    plans.push({
      servicePlanId: plan.servicePlanId,
      servicePlanName: plan.servicePlanName,
      friendlyName: plan.friendlyName,
      status,
      workload: plan.capability?.workload,
      tier: plan.capability?.tier,
    });
    if (status === 'enabled') working.push(plan);
  }
  return { sku, sources, active, plans, working, tenantPending };
}

/**
 * Does a pending plan concern this user? A plan pending for the user alone (the tenant's SKU says Success, the
 * user's assignedPlans lack it) always does. A plan the tenant's SKU shows pending is a tenant-wide state (Intune
 * for Office 365 sits in PendingActivation in most tenants): it concerns the user only when it is their only
 * source of what it gives — no working plan of its workload at its rank or better (for Exchange: a mailbox plan;
 * for the archive add-on: another archive) — and never when it is outside our workload vocabulary.
 */
function pendingConcernsUser(holding: Holding, plan: ResolvedPlan, holdings: Holding[]): boolean {
  if (!holding.tenantPending.has(plan.servicePlanId)) return true;
  const pending = holding.sku.plans.find((p) => p.servicePlanId === plan.servicePlanId)?.capability;
  if (!pending) return false;
  return !holdings.some((h) =>
    h.working.some((p) => {
      const cap = p.capability;
      if (!cap || cap.workload !== pending.workload) return false;
      if (pending.addOn) return cap.addOn === pending.addOn || cap.exchange?.archive === 'auto-expanding (1.5 TB)';
      return !cap.addOn && cap.rank >= pending.rank && (cap.workload !== 'Exchange' || cap.exchange?.mailbox === true);
    }),
  );
}

/** Is `plan` (held through `holding`) given at least as well by another license in `others`? */
function coveredElsewhere(plan: IndexedPlan, others: Holding[]): boolean {
  return others.some((other) => planCoveredBy(plan, other.working));
}

/** Plans that make a license worth having; Exchange Foundation rides along in hundreds of SKUs. */
function meaningfulPlans(holding: Holding): IndexedPlan[] {
  return holding.working.filter(isMeaningfulPlan);
}

function markRedundant(holdings: Holding[], resolved: Map<Holding, ResolvedSku>): void {
  const candidates = holdings.filter((h) => h.active && meaningfulPlans(h).length > 0);
  const ordered = [...candidates].sort((a, b) => a.sku.weight - b.sku.weight || a.sku.skuPartNumber.localeCompare(b.sku.skuPartNumber));
  const redundant = new Set<Holding>();
  for (const holding of ordered) {
    const others = candidates.filter((h) => h !== holding && !redundant.has(h));
    if (others.length === 0) continue;
    if (meaningfulPlans(holding).every((p) => coveredElsewhere(p, others))) {
      redundant.add(holding);
      const entry = resolved.get(holding)!;
      entry.redundant = true;
      entry.coveredBy = others
        .filter((o) => meaningfulPlans(holding).some((p) => coveredElsewhere(p, [o])))
        .map((o) => o.sku.skuPartNumber);
    }
  }
}

function resolveWorkload(workload: Workload, holdings: Holding[], resolved: Map<Holding, ResolvedSku>): WorkloadResolution {
  const stack: WorkloadResolution['stack'] = [];
  const addOns: WorkloadResolution['addOns'] = [];
  let best: { plan: IndexedPlan; holdings: Holding[] } | undefined;
  for (const holding of holdings) {
    for (const plan of holding.working) {
      const cap = plan.capability;
      if (!cap || cap.workload !== workload) continue;
      if (cap.addOn) {
        addOns.push({ skuPartNumber: holding.sku.skuPartNumber, servicePlanName: plan.servicePlanName, tier: cap.tier });
        continue;
      }
      stack.push({ skuPartNumber: holding.sku.skuPartNumber, servicePlanName: plan.servicePlanName, tier: cap.tier, rank: cap.rank });
      const bestRank = best?.plan.capability!.rank ?? -1;
      if (!best || cap.rank > bestRank) best = { plan, holdings: [holding] };
      else if (cap.rank === bestRank && !best.holdings.includes(holding)) best.holdings.push(holding);
    }
  }
  stack.sort((a, b) => b.rank - a.rank || a.skuPartNumber.localeCompare(b.skuPartNumber));

  // Exchange Foundation is not a mailbox: no effective Exchange plan.
  const noMailbox = workload === 'Exchange' && best?.plan.capability?.exchange?.mailbox === false;
  let effective: EffectivePlan | null = null;
  if (best && !noMailbox) {
    const cap = best.plan.capability!;
    const preferred = best.holdings.filter((h) => !resolved.get(h)!.redundant);
    const granting = preferred.length > 0 ? preferred : best.holdings;
    effective = {
      servicePlanId: best.plan.servicePlanId,
      servicePlanName: best.plan.servicePlanName,
      tier: cap.tier,
      rank: cap.rank,
      skuPartNumbers: granting.map((h) => h.sku.skuPartNumber),
      skuIds: granting.map((h) => h.sku.skuId),
    };
  }

  if (workload !== 'Exchange') {
    return { workload, effective, gives: effective ? best!.plan.capability!.gives : [], givePhrases: effective ? best!.plan.capability!.givePhrases : [], stack, addOns };
  }
  let exchange = effective ? best!.plan.capability!.exchange! : NO_MAILBOX_CAPABILITIES;
  const appliedAddOns = effective && exchange.archive !== 'auto-expanding (1.5 TB)' ? addOns : [];
  if (appliedAddOns.length > 0) exchange = withArchiveAddOn(exchange);
  return {
    workload,
    effective,
    gives: exchangeGivesText(exchange),
    givePhrases: exchangeGivesPhrases(exchange),
    exchange,
    stack,
    addOns: effective ? addOns : [],
  };
}

function supersededWorkloads(holding: Holding, workloads: WorkloadResolution[]): Workload[] {
  const result: Workload[] = [];
  for (const w of workloads) {
    if (!w.effective) continue;
    // Exchange Foundation (no mailbox) is not an Exchange plan a license loses to another: Power BI Pro or Visio
    // must not read as "Exchange superseded".
    const own = holding.working.filter(
      (p) => p.capability?.workload === w.workload && !p.capability.addOn && !(p.capability.exchange && !p.capability.exchange.mailbox),
    );
    if (own.length > 0 && own.every((p) => p.capability!.rank < w.effective!.rank)) result.push(w.workload);
  }
  return result;
}

/**
 * Users with the same licenses, sources, states, disabled plans and plan statuses resolve the same way, and a
 * tenant has few such combinations: resolve each once. The shared result is frozen; only `user` differs.
 */
const MAX_MEMO = 20_000;

/**
 * The memo key. States and licenses are sorted (few, and their order means nothing). assignedPlans — 30 to 60 per
 * user, read on every answer — are taken in the order Graph gives them: the same user reads the same way each time,
 * and another order only costs another entry (each value is written with its length, so no value can pass for two).
 * Case is kept as given: two spellings are two entries, never one resolution for both.
 */
function signature(user: UserLicenseState): string {
  const states = (user.licenseAssignmentStates ?? [])
    .map((s) => `${s.skuId}|${s.assignedByGroup ?? ''}|${s.state ?? ''}|${s.error ?? ''}|${sortedPlans(s.disabledPlans)}`)
    .sort();
  const licenses = (user.assignedLicenses ?? []).map((l) => `${l.skuId}|${sortedPlans(l.disabledPlans)}`).sort();
  let plans = 'null';
  if (user.assignedPlans) {
    plans = '';
    for (const p of user.assignedPlans) {
      const status = p.capabilityStatus ?? '';
      plans += `${p.servicePlanId.length}:${p.servicePlanId}${status.length}:${status}`;
    }
  }
  return `${JSON.stringify(states)}${JSON.stringify(licenses)}${plans}`;
}

const sortedPlans = (ids: readonly string[] | null | undefined): string => (!ids || ids.length === 0 ? '' : ids.length === 1 ? ids[0] : [...ids].sort().join(','));

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}

export function resolveWithIndex(user: UserLicenseState, index: TenantIndex): Resolution {
  const key = signature(user);
  let shared = index.memo.get(key);
  if (!shared) {
    if (index.memo.size >= MAX_MEMO) index.memo.clear();
    shared = deepFreeze(resolveUncached({ ...user, id: undefined, displayName: undefined, userPrincipalName: undefined, usageLocation: undefined }, index));
    index.memo.set(key, shared);
  }
  return { ...shared, user: { id: user.id, displayName: user.displayName, userPrincipalName: user.userPrincipalName, usageLocation: user.usageLocation } };
}

function resolveUncached(user: UserLicenseState, index: TenantIndex): Resolution {
  const assigned = assignedPlanStatus(user);
  const holdings: Holding[] = [];
  for (const [skuId, sources] of collectSources(user)) holdings.push(holdingFor(index.sku(skuId), sources, assigned));
  holdings.sort((a, b) => a.sku.skuPartNumber.localeCompare(b.sku.skuPartNumber));

  const resolved = new Map<Holding, ResolvedSku>();
  for (const h of holdings) {
    resolved.set(h, {
      skuId: h.sku.skuId,
      skuPartNumber: h.sku.skuPartNumber,
      displayName: h.sku.displayName,
      sources: h.sources,
      active: h.active,
      subscriptionStatus: h.sku.capabilityStatus,
      plans: h.plans,
      redundant: false,
      coveredBy: [],
      supersededWorkloads: [],
      purpose: h.sku.purpose.map((p) => ({ ...p })),
    });
  }
  markRedundant(holdings, resolved);
  const workloads = WORKLOAD_ORDER.map((w) => resolveWorkload(w, holdings, resolved));
  for (const h of holdings) resolved.get(h)!.supersededWorkloads = supersededWorkloads(h, workloads);

  const exchange = workloads[0];
  const conflicts = findConflicts(holdings);
  const warnings = findWarnings(holdings, exchange);
  const skus = holdings.map((h) => resolved.get(h)!);
  return {
    user: { id: user.id, displayName: user.displayName, userPrincipalName: user.userPrincipalName, usageLocation: user.usageLocation },
    skus,
    workloads,
    redundantSkus: skus.filter((s) => s.redundant).map((s) => s.skuPartNumber),
    disabledPlans: skus.flatMap((s) =>
      s.active
        ? s.plans.filter((p) => p.status === 'disabled').map((p) => ({ skuPartNumber: s.skuPartNumber, servicePlanName: p.servicePlanName, friendlyName: p.friendlyName }))
        : [],
    ),
    pendingPlans: holdings.flatMap((h, i) =>
      skus[i].plans
        .filter((p) => p.status === 'suspended' || (p.status === 'pending' && pendingConcernsUser(h, p, holdings)))
        .map((p) => ({ skuPartNumber: skus[i].skuPartNumber, servicePlanName: p.servicePlanName, friendlyName: p.friendlyName, status: p.status })),
    ),
    conflicts,
    warnings,
    hasMailboxRights: Boolean(exchange.effective),
  };
}

function findConflicts(holdings: Holding[]): Conflict[] {
  const conflicts: Conflict[] = [];
  const mailboxPlans = holdings.flatMap((h) =>
    h.working.filter((p) => p.capability?.workload === 'Exchange' && p.capability.exchange?.mailbox).map((p) => ({ h, p })),
  );
  for (const legacy of mailboxPlans.filter((m) => m.p.capability!.nonStackable)) {
    const others = mailboxPlans.filter((m) => m.h !== legacy.h);
    if (others.length === 0) continue;
    const names = [legacy.h.sku.skuPartNumber, ...new Set(others.map((o) => o.h.sku.skuPartNumber))];
    conflicts.push({
      kind: 'non-stackable-exchange',
      skuPartNumbers: names,
      message: `${legacy.h.sku.displayName} has a legacy Exchange plan (${legacy.p.capability!.tier}) that does not stack with ${[...new Set(others.map((o) => o.h.sku.displayName))].join(', ')}; keep only one.`,
      phrase: phrase('conflict.non-stackable-exchange', { product: legacy.h.sku.displayName, tier: { tier: legacy.p.capability!.tier }, others: { list: [...new Set(others.map((o) => o.h.sku.displayName))] } }),
    });
  }
  for (const h of holdings) {
    for (const s of h.sources) {
      if (!s.error && s.state.toLowerCase() !== 'error') continue;
      const error = s.error ?? 'Other';
      conflicts.push({
        kind: 'assignment-error',
        skuPartNumbers: [h.sku.skuPartNumber],
        productName: h.sku.displayName,
        state: s.state,
        error,
        groupId: s.source.kind === 'group' ? s.source.groupId : undefined,
        message: assignmentErrorMessage(h.sku.displayName, s.state, error, s.source.kind === 'group' ? s.source.groupId : undefined),
        phrase:
          s.source.kind === 'group'
            ? phrase('conflict.assignment-error.group', { product: h.sku.displayName, group: s.source.groupId, state: s.state, error })
            : phrase('conflict.assignment-error', { product: h.sku.displayName, state: s.state, error }),
      });
    }
  }
  return conflicts;
}

/** "<product> [through group <name or id>] is in state <state>: <why>." — also re-made once group names are known. */
export function assignmentErrorMessage(productName: string, state: string, error: string, group?: string): string {
  const via = group ? ` through group ${group}` : '';
  return `${productName}${via} is in state ${state}: ${ERROR_TEXT[error] ?? error}.`;
}

function findWarnings(holdings: Holding[], exchange: WorkloadResolution): ResolutionWarning[] {
  const warnings: ResolutionWarning[] = [];
  const active = holdings.filter((h) => h.active);
  if (active.length === 0) {
    warnings.push({ kind: 'no-licenses', message: 'No active license: no mailbox, Teams or Office.', phrase: phrase('warning.no-licenses') });
    return warnings;
  }
  if (!exchange.effective) {
    const foundation = active.filter((h) => h.working.some((p) => p.capability?.exchange && !p.capability.exchange.mailbox));
    const pendingMailbox = holdings.some((h) => h.plans.some((p) => p.workload === 'Exchange' && p.status === 'pending' && pendingConcernsUser(h, p, holdings)));
    const why = foundation.length > 0
      ? ` ${foundation.map((h) => h.sku.displayName).join(', ')} include${foundation.length === 1 ? 's' : ''} only Exchange Foundation, which is not a mailbox.`
      : '';
    warnings.push({
      kind: 'no-mailbox-rights',
      message: `No mailbox rights.${why}${pendingMailbox ? ' A mailbox plan is still being provisioned.' : ''}`,
      phrase: phrase('warning.no-mailbox-rights', {
        foundation: foundation.length,
        products: { list: foundation.map((h) => h.sku.displayName) },
        pending: pendingMailbox ? 'yes' : 'no',
      }),
    });
  } else {
    const granting = holdings.filter((h) => exchange.effective!.skuIds.includes(h.sku.skuId));
    const atRisk = granting.filter((h) => h.sku.capabilityStatus.toLowerCase() === 'warning' || h.sources.every((s) => s.error));
    if (atRisk.length === granting.length && !otherMailboxSource(holdings, granting)) {
      warnings.push({
        kind: 'mailbox-at-risk',
        message: `The mailbox plan (${exchange.effective.tier}) comes only from ${atRisk.map((h) => h.sku.displayName).join(', ')}, which ${atRisk.length === 1 ? 'is' : 'are'} expiring or in error; losing it disconnects the mailbox.`,
        phrase: phrase('warning.mailbox-at-risk', { tier: { tier: exchange.effective.tier }, products: { list: atRisk.map((h) => h.sku.displayName) }, count: atRisk.length }),
      });
    }
  }
  if (holdings.some((h) => h.plans.some((p) => p.workload === 'Exchange' && p.status === 'pending' && pendingConcernsUser(h, p, holdings))) && exchange.effective) {
    warnings.push({ kind: 'mailbox-pending', message: 'An Exchange plan is still being provisioned; the mailbox may change shortly.', phrase: phrase('warning.mailbox-pending') });
  }
  return warnings;
}

function otherMailboxSource(holdings: Holding[], granting: Holding[]): boolean {
  return holdings.some(
    (h) =>
      !granting.includes(h) &&
      h.sku.capabilityStatus.toLowerCase() !== 'warning' &&
      h.working.some((p) => p.capability?.workload === 'Exchange' && p.capability.exchange?.mailbox),
  );
}
