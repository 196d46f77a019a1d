/** A license change request and its life: pure data and pure transitions, no I/O. */
import type { Phrase } from '../licensing/phrase';
import type { BatchInfo } from './batch';
import type { BudgetCheck } from './budget';
import type { LicenseDuration } from './duration';
import type { TemporaryGrant } from './temporary';

export type RequestStatus = 'pending' | 'approved' | 'executing' | 'completed' | 'failed' | 'rejected' | 'cancelled' | 'expired';

export const OPEN_STATUSES: readonly RequestStatus[] = ['pending', 'approved', 'executing'];
export const FINAL_STATUSES: readonly RequestStatus[] = ['completed', 'failed', 'rejected', 'cancelled', 'expired'];

export interface Person {
  aadObjectId: string;
  name: string;
  upn?: string;
}

export interface ProductRef {
  skuId: string;
  skuPartNumber: string;
  displayName: string;
}

export interface CardLocation {
  /** Conversation store key (tenant_conversation). */
  conversationKey: string;
  activityId: string;
  /** approver: an approval copy; requester: the requester's status card; channel: the optional channel copy. */
  role: 'approver' | 'requester' | 'channel';
  aadObjectId?: string;
}

export interface RequestSummary {
  gains: string[];
  losses: string[];
  quotaFromGB: number;
  quotaToGB: number;
  /** null when the price list lacks one of the SKUs. */
  monthlyCostChange: number | null;
  currency: string;
  seatsFreeAtRequest: number;
  mailboxUsedGB?: number;
  /** Not blocking; shown to requester and approvers (e.g. no free seat yet). */
  notices: string[];
  /**
   * The lines above as catalog phrases, so every reader sees them in their own language. Absent in requests
   * stored before languages existed: those show the English lines.
   */
  phrases?: { gains: Phrase[]; losses: Phrase[]; notices: Phrase[] };
}

export interface LicenseRequest {
  id: string;
  tenantId: string;
  status: RequestStatus;
  requester: Person;
  target: Person;
  add: ProductRef;
  remove?: ProductRef;
  reason: string;
  /** The requester confirmed that the user ends with no Exchange mailbox. */
  confirmedNoMailbox: boolean;
  summary: RequestSummary;
  createdAt: string;
  expiresAt: string;
  updatedAt: string;
  decision?: { outcome: 'approved' | 'rejected'; by: Person; at: string; comment?: string; /** Approved by a policy, not a person (audited as such). */ policy?: 'within-budget' };
  cancelledBy?: Person;
  execution?: {
    attempts: number;
    startedAt?: string;
    finishedAt?: string;
    graphRequestIds: string[];
    failure?: { kind: string; message: string; phrase?: Phrase };
    verified?: boolean;
    /** Which instance runs it, and until when its claim holds; another instance may take over only after. */
    owner?: string;
    leaseUntil?: string;
  };
  cards: CardLocation[];
  /** Several people in one request: the summary; each person is a BatchItem in the store. `target` names the group. */
  batch?: BatchInfo;
  /** A temporary change: reverts at its end. */
  temporary?: TemporaryGrant;
  /** Seat budgets this request counts against, as checked at submission. */
  budgets?: BudgetCheck[];
  /** An extension of a temporary change: approving it moves the other request's end. */
  extension?: { of: string; duration: LicenseDuration; fromEndsAt: string; toEndsAt?: string };
  /** Optimistic concurrency: the store bumps it on every update and refuses a stale one. */
  version: number;
}

export type Transition =
  | { ok: true; request: LicenseRequest }
  | { ok: false; reason: 'not-approver' | 'own-request' | 'not-pending' | 'expired' | 'not-requester' | 'not-executable'; request: LicenseRequest };

const at = (now: Date) => now.toISOString();

function touch(request: LicenseRequest, now: Date, patch: Partial<LicenseRequest>): LicenseRequest {
  return { ...request, ...patch, updatedAt: at(now) };
}

export function isExpired(request: LicenseRequest, now: Date): boolean {
  return request.status === 'pending' && Date.parse(request.expiresAt) <= now.getTime();
}

/**
 * An approver's decision. Rules live here, on server-side state only: the requester never decides their own
 * request, only approvers decide, and only a pending, unexpired request can be decided (first decision wins).
 */
export function decide(
  request: LicenseRequest,
  actor: Person,
  outcome: 'approved' | 'rejected',
  facts: { actorIsApprover: boolean },
  now: Date,
  comment?: string,
): Transition {
  if (request.status !== 'pending') return { ok: false, reason: 'not-pending', request };
  if (isExpired(request, now)) return { ok: false, reason: 'expired', request };
  if (!facts.actorIsApprover) return { ok: false, reason: 'not-approver', request };
  if (sameId(actor.aadObjectId, request.requester.aadObjectId)) return { ok: false, reason: 'own-request', request };
  return {
    ok: true,
    request: touch(request, now, {
      status: outcome,
      decision: { outcome, by: actor, at: at(now), comment: comment?.trim() || undefined },
    }),
  };
}

/** The policy that approves within-budget requests (AUTO_APPROVE_WITHIN_BUDGET): never a person, never the requester. */
export const POLICY_APPROVER: Person = { aadObjectId: 'policy', name: 'License Desk policy' };

/** AUTO_APPROVE_WITHIN_BUDGET: the same transition as an approval, recorded as the policy's. */
export function approveByPolicy(request: LicenseRequest, now: Date): Transition {
  if (request.status !== 'pending') return { ok: false, reason: 'not-pending', request };
  if (isExpired(request, now)) return { ok: false, reason: 'expired', request };
  return { ok: true, request: touch(request, now, { status: 'approved', decision: { outcome: 'approved', by: POLICY_APPROVER, at: at(now), policy: 'within-budget' } }) };
}

export function cancel(request: LicenseRequest, actor: Person, now: Date): Transition {
  if (!sameId(actor.aadObjectId, request.requester.aadObjectId)) return { ok: false, reason: 'not-requester', request };
  if (request.status !== 'pending') return { ok: false, reason: 'not-pending', request };
  return { ok: true, request: touch(request, now, { status: 'cancelled', cancelledBy: actor }) };
}

export function expire(request: LicenseRequest, now: Date): Transition {
  if (!isExpired(request, now)) return { ok: false, reason: 'not-pending', request };
  return { ok: true, request: touch(request, now, { status: 'expired' }) };
}

/** Claims an approved request for execution (or re-claims one left executing after a crash). */
export function startExecution(request: LicenseRequest, now: Date, claim: { owner: string; leaseMs: number } = { owner: 'local', leaseMs: 0 }): Transition {
  if (request.status !== 'approved' && request.status !== 'executing') return { ok: false, reason: 'not-executable', request };
  const execution = request.execution ?? { attempts: 0, graphRequestIds: [] };
  return {
    ok: true,
    request: touch(request, now, {
      status: 'executing',
      execution: { ...execution, attempts: execution.attempts + 1, startedAt: at(now), owner: claim.owner, leaseUntil: new Date(now.getTime() + claim.leaseMs).toISOString() },
    }),
  };
}

/** A request left executing may be taken over once its claim has lapsed (its instance is presumed dead). */
export function claimLapsed(request: LicenseRequest, now: Date): boolean {
  return request.status === 'executing' && Date.parse(request.execution?.leaseUntil ?? '1970-01-01T00:00:00Z') <= now.getTime();
}

export function finishExecution(
  request: LicenseRequest,
  now: Date,
  result: { ok: true; graphRequestIds: string[]; verified: boolean } | { ok: false; graphRequestIds: string[]; kind: string; message: string; phrase?: Phrase },
): LicenseRequest {
  const execution = request.execution ?? { attempts: 1, graphRequestIds: [] };
  return touch(request, now, {
    status: result.ok ? 'completed' : 'failed',
    execution: {
      ...execution,
      finishedAt: at(now),
      graphRequestIds: [...execution.graphRequestIds, ...result.graphRequestIds],
      verified: result.ok ? result.verified : undefined,
      failure: result.ok ? undefined : { kind: result.kind, message: result.message, ...(result.phrase ? { phrase: result.phrase } : {}) },
    },
  });
}

export function sameId(a: string | undefined, b: string | undefined): boolean {
  return Boolean(a && b && a.toLowerCase() === b.toLowerCase());
}

const ID_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** Short, unambiguous ids people can read out ("REQ-7K3QZ9"). */
export function newRequestId(random: (n: number) => Uint8Array): string {
  const bytes = random(6);
  return `REQ-${[...bytes].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('')}`;
}
