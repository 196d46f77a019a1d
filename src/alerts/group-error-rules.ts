/**
 * Group-based licensing errors → one incident per (group, product, error kind), listing the people affected.
 * Entra assigns a group's licenses "all or none": when one fails, its siblings fail with error "Other". Those
 * are consequences, so they are folded into the primary incident as "also blocked", not raised on their own.
 */
import { capabilityOf } from '../licensing/capabilities';
import type { Catalog } from '../licensing/catalog';
import type { SubscribedSku } from '../licensing/types';
import { byName, planNamesOf, productOf } from './products';
import type { GroupErrorsRead, WatchedUser } from './snapshot';
import { MAX_AFFECTED, type AffectedPerson, type Fix, type IncidentDraft, type PlanConflict, type SeatCandidate } from './types';

const FAILING = new Set(['error', 'activewitherror']);

export function groupErrorKey(groupId: string, skuId: string, error: string): string {
  return `group-error|${groupId.toLowerCase()}|${skuId.toLowerCase()}|${error}`;
}

interface Bucket {
  groupId: string;
  skuId: string;
  error: string;
  people: Map<string, AffectedPerson>;
  /** Any member lost the license entirely (state Error, not ActiveWithError). */
  blocking: boolean;
  conflicts: Map<string, PlanConflict>;
}

export interface GroupErrorContext {
  skus: readonly SubscribedSku[];
  catalog: Catalog;
  candidatesBySku?: ReadonlyMap<string, SeatCandidate[]>;
}

export function groupErrorIncidents(read: GroupErrorsRead, context: GroupErrorContext): IncidentDraft[] {
  const { skus, catalog } = context;
  const groupNames = new Map(read.groups.map((g) => [g.id.toLowerCase(), g.displayName ?? g.id]));
  const buckets = new Map<string, Bucket>();
  for (const { groupId, user } of read.members) {
    const gid = groupId.toLowerCase();
    const failing = user.licenseAssignmentStates.filter(
      (s) => (s.assignedByGroup ?? '').toLowerCase() === gid && FAILING.has(String(s.state ?? '').toLowerCase()) && s.error && s.error !== 'None',
    );
    if (failing.length === 0) continue;
    const primary = failing.filter((s) => s.error !== 'Other');
    const raised = primary.length > 0 ? primary : failing;
    const siblings = primary.length > 0 ? failing.filter((s) => s.error === 'Other').map((s) => productOf(s.skuId, skus, catalog).product) : [];
    for (const state of raised) {
      const skuId = state.skuId.toLowerCase();
      const error = String(state.error);
      const key = groupErrorKey(gid, skuId, error);
      let bucket = buckets.get(key);
      if (!bucket) buckets.set(key, (bucket = { groupId: gid, skuId, error, people: new Map(), blocking: false, conflicts: new Map() }));
      if (String(state.state).toLowerCase() === 'error') bucket.blocking = true;
      const person: AffectedPerson = { id: user.id.toLowerCase(), name: user.displayName ?? user.userPrincipalName ?? user.id, upn: user.userPrincipalName ?? undefined };
      if (error === 'ProhibitedInUsageLocationViolation') person.note = { code: 'usage-location', value: user.usageLocation };
      else if (siblings.length > 0) person.note = { code: 'also-blocked', products: siblings };
      bucket.people.set(person.id, person);
      if (error === 'MutuallyExclusiveViolation') for (const c of conflictsFor(user, skuId, state.disabledPlans ?? [], context)) bucket.conflicts.set(`${c.plan}|${c.withPlan}|${c.withProduct}`, c);
    }
  }

  return [...buckets.entries()].map(([key, b]) => {
    const product = productOf(b.skuId, skus, catalog);
    const groupName = groupNames.get(b.groupId) ?? b.groupId;
    const people = [...b.people.values()].sort(byName);
    const conflicts = [...b.conflicts.values()];
    const sku = skus.find((s) => s.skuId.toLowerCase() === b.skuId);
    const free = sku ? Math.max(0, (sku.prepaidUnits?.enabled ?? 0) - (sku.consumedUnits ?? 0)) : 0;
    const seatsShort = b.error === 'CountViolation' ? Math.max(0, people.length - free) : undefined;
    return {
      key,
      kind: 'group-errors',
      severity: b.blocking ? 'high' : 'medium',
      cause: {
        code: 'group-license-error',
        groupId: b.groupId,
        groupName,
        error: b.error,
        ...product,
        ...(b.error === 'CountViolation' ? { seatsShort, free } : {}),
        ...(b.error === 'MutuallyExclusiveViolation' ? { conflicts } : {}),
      },
      fixes: fixesFor(b.error, { product: product.product, groupName, people, conflicts, seatsShort: seatsShort ?? 0, candidates: context.candidatesBySku?.get(b.skuId) ?? [] }),
      affected: people.slice(0, MAX_AFFECTED),
      affectedCount: people.length,
      actions: ['reprocess'],
    } satisfies IncidentDraft;
  });
}

function fixesFor(error: string, f: { product: string; groupName: string; people: AffectedPerson[]; conflicts: PlanConflict[]; seatsShort: number; candidates: SeatCandidate[] }): Fix[] {
  const fixes: Fix[] = [];
  switch (error) {
    case 'CountViolation':
      if (f.candidates.length > 0) fixes.push({ code: 'free-seats', candidates: f.candidates.slice(0, 10) });
      if (f.seatsShort > 0) fixes.push({ code: 'buy-seats', count: f.seatsShort, product: f.product });
      fixes.push({ code: 'remove-from-group', groupName: f.groupName });
      break;
    case 'MutuallyExclusiveViolation':
      fixes.push({ code: 'remove-conflicting-license', conflicts: f.conflicts });
      fixes.push({ code: 'remove-from-group', groupName: f.groupName });
      break;
    case 'DependencyViolation':
      fixes.push({ code: 'add-dependency', product: f.product });
      break;
    case 'ProhibitedInUsageLocationViolation':
      fixes.push({ code: 'set-usage-location', users: f.people.slice(0, 10).map((p) => p.name) });
      break;
    case 'UniquenessViolation':
      fixes.push({ code: 'fix-proxy-address' });
      break;
  }
  // After any fix Entra reprocesses in the background; Reprocess makes it happen now.
  fixes.push({ code: 'reprocess' });
  return fixes;
}

/** Which of the group license's mailbox plans clash with the user's other licenses (legacy plans do not stack). */
function conflictsFor(user: WatchedUser, skuId: string, disabled: readonly string[], context: GroupErrorContext): PlanConflict[] {
  const { skus, catalog } = context;
  const mailbox = (name: string) => capabilityOf(name)?.exchange?.mailbox === true;
  const nonStackable = (name: string) => capabilityOf(name)?.nonStackable === true;
  const groupPlans = planNamesOf(skuId, skus, catalog, disabled).filter(mailbox);
  const others = user.licenseAssignmentStates
    .filter((s) => s.skuId.toLowerCase() !== skuId && String(s.state ?? 'Active').toLowerCase() === 'active')
    .flatMap((s) => planNamesOf(s.skuId, skus, catalog, s.disabledPlans ?? []).filter(mailbox).map((plan) => ({ plan, product: productOf(s.skuId, skus, catalog).product })));
  const out: PlanConflict[] = [];
  for (const plan of groupPlans) {
    for (const other of others) {
      if (plan !== other.plan && (nonStackable(plan) || nonStackable(other.plan))) out.push({ plan, withPlan: other.plan, withProduct: other.product });
    }
  }
  return out;
}
