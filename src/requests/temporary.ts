/**
 * Temporary licenses: when reminders go out and what a revert writes. Pure: the request, the user's current
 * licenses (as the resolver reads them) and the clock come in; plans come out.
 */
import type { LicenseChange } from '../licensing/diff';
import type { Resolution } from '../licensing/resolution';
import type { LicenseDuration } from './duration';
import type { Person, ProductRef } from './request';

export type TemporaryState =
  /** Approved or pending: not applied yet, so the end is not known for "for N days". */
  | 'scheduled'
  /** Applied; reverts at endsAt. */
  | 'active'
  /** A revert is running (claimed by an instance). */
  | 'reverting'
  | 'reverted'
  /** Reverting would hurt the mailbox: approvers decide. */
  | 'held'
  /** An approver chose to keep the license after a held revert. */
  | 'kept'
  | 'failed';

export interface TemporaryGrant {
  duration: LicenseDuration;
  /** Set when the change is applied ("for") or at submission ("until"). */
  endsAt?: string;
  appliedAt?: string;
  state: TemporaryState;
  /** Reminder labels already sent for the current endsAt ("<endsAt>|7d"): a reminder goes out once. */
  remindersSent: string[];
  revert?: {
    attempts: number;
    owner?: string;
    startedAt?: string;
    leaseUntil?: string;
    finishedAt?: string;
    graphRequestIds: string[];
    failure?: { kind: string; message: string };
    /** Why the revert was held (the mailbox guard's words) and who decided afterwards. */
    held?: string[];
    decidedBy?: Person;
  };
  /** Extension requests approved for this grant, oldest first. */
  extensions: Array<{ requestId: string; from: string; to: string }>;
}

const DAY = 86_400_000;
const MIN_OFFSET_MS = 10_000;

export interface Reminder {
  /** Stable for a given end: "<endsAt>|<offset ms>". */
  label: string;
  at: Date;
}

/**
 * Reminders 7 days and 1 day before the end. Shorter periods scale down in proportion to a 30-day grant
 * (a 10-minute grant is reminded about 2⅓ minutes and 20 seconds before its end); none closer than 10 s.
 */
export function reminders(appliedAt: Date, endsAt: Date): Reminder[] {
  const period = endsAt.getTime() - appliedAt.getTime();
  if (period <= 0) return [];
  const scale = period >= 30 * DAY ? 1 : period / (30 * DAY);
  const offsets = [...new Set([7 * DAY, DAY].map((o) => Math.round(o * scale)))].filter((o) => o >= MIN_OFFSET_MS && o < period);
  return offsets.map((offset) => ({ label: `${endsAt.toISOString()}|${offset}`, at: new Date(endsAt.getTime() - offset) }));
}

/** Reminders due at `now` that were not sent for this end. */
export function dueReminders(grant: TemporaryGrant, now: Date): Reminder[] {
  if (grant.state !== 'active' || !grant.endsAt || !grant.appliedAt) return [];
  return reminders(new Date(grant.appliedAt), new Date(grant.endsAt)).filter((r) => r.at.getTime() <= now.getTime() && !grant.remindersSent.includes(r.label) && now.getTime() < Date.parse(grant.endsAt!));
}

export function revertDue(grant: TemporaryGrant | undefined, now: Date): boolean {
  return Boolean(grant && grant.state === 'active' && grant.endsAt && Date.parse(grant.endsAt) <= now.getTime());
}

const directly = (r: Resolution, skuId: string) => r.skus.some((s) => s.skuId === skuId && s.sources.some((x) => x.source.kind === 'direct' && x.state.toLowerCase().startsWith('active')));
const holds = (r: Resolution, skuId: string) => r.skus.some((s) => s.skuId === skuId && s.active);

/**
 * The one atomic call that undoes a change: give back what it replaced (if the user lacks it) and take away
 * what it added (if still assigned directly). Nothing to do → undefined.
 */
export function revertChange(current: Resolution, change: { add: ProductRef; remove?: ProductRef }): LicenseChange | undefined {
  const addBack = change.remove && !holds(current, change.remove.skuId) ? [{ skuId: change.remove.skuId, disabledPlans: [] as string[] }] : [];
  const takeAway = directly(current, change.add.skuId) ? [change.add.skuId] : [];
  if (addBack.length === 0 && takeAway.length === 0) return undefined;
  return { addLicenses: addBack, removeLicenses: takeAway };
}

/** True when Graph shows the revert done: the replaced product back, the added one no longer direct. */
export function revertApplied(current: Resolution, change: { add: ProductRef; remove?: ProductRef }): boolean {
  return revertChange(current, change) === undefined;
}
