/**
 * A varied tenant for the report's equivalence tests: 6 SKUs, 2 groups, every field of a license combination
 * varied on its own (SKU, group, state, error, disabled plans, states missing), with billing attributes and
 * sign-ins. Deterministic (seeded): the same tenant on every run.
 */
import type { SubscribedSku } from '../../src/licensing/types';
import type { ReportUser } from '../../src/report/types';
import { SKU } from './helpers';

export const GROUPS = ['aaaaaaaa-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000002'];
/** Exchange Online (Plan 2) in E5 and E3's Exchange plan: disabling them changes what a license gives. */
export const PLANS = ['efb87545-963c-4e0d-99df-69c6916d9eb0', '9aaf7827-d63c-4b61-89c3-182f06f82e5c'];
const SKUS = [SKU.SPE_E3, SKU.SPE_E5, SKU.O365_BUSINESS_PREMIUM, SKU.O365_BUSINESS_ESSENTIALS, SKU.TEAMS_EXPLORATORY, SKU.M365_F1];

export function variedTenantSkus(): SubscribedSku[] {
  return SKUS.map((skuId, i) => ({
    skuId,
    skuPartNumber: ['SPE_E3', 'SPE_E5', 'O365_BUSINESS_PREMIUM', 'O365_BUSINESS_ESSENTIALS', 'TEAMS_EXPLORATORY', 'M365_F1'][i],
    capabilityStatus: 'Enabled',
    appliesTo: 'User',
    consumedUnits: 0,
    prepaidUnits: { enabled: 500, warning: 0, suspended: 0, lockedOut: 0 },
  }));
}

/** A small deterministic generator (mulberry32): the same tenant on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function variedPopulation(count: number): ReportUser[] {
  const rnd = random(17);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const users: ReportUser[] = [];
  for (let n = 0; n < count; n++) {
    const held = [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(SKUS)))].slice(0, rnd() < 0.1 ? 0 : 3);
    const states = held.map((skuId) => {
      const group = rnd() < 0.4 ? pick(GROUPS) : null;
      const failing = rnd() < 0.08;
      return {
        skuId,
        assignedByGroup: group,
        state: failing ? 'Error' : pick(['Active', 'Active', 'Active', 'ActiveWithError']),
        error: failing ? pick(['CountViolation', 'MutuallyExclusiveViolation', 'DependencyViolation', 'Other']) : 'None',
        disabledPlans: rnd() < 0.2 ? [pick(PLANS)] : [],
      };
    });
    users.push({
      id: `u${n}`,
      displayName: `User ${n}`,
      userPrincipalName: `user${n}@contoso.example`,
      accountEnabled: rnd() > 0.05,
      usageLocation: rnd() < 0.05 ? null : 'US',
      department: pick(['Sales', 'IT', null, ' Finance ']),
      country: pick(['US', 'DE', null]),
      companyName: pick(['Contoso', null]),
      employeeOrgData: rnd() < 0.5 ? { costCenter: pick(['CC-1', 'CC-2']) } : null,
      createdDateTime: '2024-03-01T10:00:00Z',
      // Some users carry assignedLicenses only (no states), as an older read would; for some, assignedLicenses
      // disagrees with the states about a SKU the states list (the states decide it), or names a SKU they omit.
      assignedLicenses: [
        ...states.filter((s) => !s.assignedByGroup).map((s) => ({ skuId: s.skuId, disabledPlans: rnd() < 0.15 ? [pick(PLANS)] : s.disabledPlans })),
        ...(rnd() < 0.1 ? [{ skuId: pick(SKUS), disabledPlans: rnd() < 0.5 ? [pick(PLANS)] : [] }].filter((l) => !held.includes(l.skuId)) : []),
      ],
      licenseAssignmentStates: rnd() < 0.1 ? [] : states,
      signInActivity: rnd() < 0.1 ? null : { lastSignInDateTime: pick(['2026-11-20T08:00:00Z', '2026-05-01T08:00:00Z']), lastNonInteractiveSignInDateTime: pick([null, '2026-11-01T08:00:00Z']) },
    });
  }
  return users;
}

