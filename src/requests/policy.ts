/** Who may see or act on whose licenses. Pure: facts in (from Graph, server-side), decision out. */
export interface AccessFacts {
  actorId: string;
  targetId: string;
  /** The target's managers, nearest first (Graph manager chain). */
  targetManagerChain: readonly string[];
  actorIsApprover: boolean;
}

export type AccessDecision = { allowed: true; as: 'self' | 'manager' | 'approver' } | { allowed: false };

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Viewing another person's licenses: their manager chain and approvers only. */
export function canViewLicenses(facts: AccessFacts): AccessDecision {
  if (same(facts.actorId, facts.targetId)) return { allowed: true, as: 'self' };
  if (facts.targetManagerChain.some((id) => same(id, facts.actorId))) return { allowed: true, as: 'manager' };
  if (facts.actorIsApprover) return { allowed: true, as: 'approver' };
  return { allowed: false };
}

/** Requesting a change: the user themselves, their manager chain, or an approver (same rule as viewing). */
export const canRequestFor = canViewLicenses;
