/**
 * Batch requests: one request for many people. The request carries the summary people see (bounded, so the
 * entity stays small); each person is a BatchItem stored on its own (500 people must fit any store).
 * Pure rules: which ready people fit the free seats, progress counts, the grouped skip reasons.
 */
import type { Phrase } from '../licensing/phrase';
import type { Person, ProductRef } from './request';

/** Why a person is not part of the change (checked per person, as single requests are). */
export type SkipCode =
  | 'not-found'
  | 'ambiguous'
  | 'not-allowed'
  | 'listed-twice'
  | 'already-has'
  | 'redundant-on-arrival'
  | 'no-usage-location'
  | 'replace-not-held'
  | 'replace-inherited'
  | 'mailbox-guard'
  | 'no-mailbox-left'
  | 'duplicate'
  | 'not-assignable'
  /** Approved, but beyond the seats free at approval. */
  | 'no-seat';

export type ItemState =
  /** Checked and waiting for approval / its turn. */
  | 'ready'
  | 'skipped'
  /** Claimed for the write: its outcome is unknown until recorded (a crash here is settled from Graph). */
  | 'writing'
  | 'done'
  | 'failed';

export type RevertItemState = 'pending' | 'writing' | 'reverted' | 'held' | 'failed' | 'kept';

export interface BatchPerson extends Person {
  department?: string;
}

export interface BatchItem {
  requestId: string;
  /** Position in the batch (0-based): stable order for display, CSV and execution. */
  index: number;
  person: BatchPerson;
  state: ItemState;
  /** What the person typed or picked, when it could not be resolved (not-found, ambiguous). */
  query?: string;
  skip?: { code: SkipCode; detail?: string; phrase?: Phrase };
  /** Whether the person needs a new seat (does not hold the product yet). */
  needsSeat: boolean;
  /** The replaced product is held directly by this person and goes in the same call. */
  removes: boolean;
  /** The mailbox shrinks for this person: the guard is re-checked right before the write. */
  shrinksMailbox: boolean;
  /** What the new plan allows, for that re-check (from the person's own diff at submission). */
  guard?: MailboxLimits;
  outcome?: { kind: string; message: string; graphRequestId?: string; verified?: boolean; phrase?: Phrase };
  revert?: { state: RevertItemState; message?: string; graphRequestId?: string };
}

export interface SkipGroup {
  code: SkipCode;
  count: number;
  /** The first names (at most SUMMARY_NAMES). */
  names: string[];
}

export interface BatchInfo {
  source: { kind: 'people' | 'group' | 'team'; groupName?: string };
  total: number;
  ready: number;
  skipped: number;
  /** Ready people who need a seat of the product, and the seats free when checked. */
  seatsNeeded: number;
  seatsFree: number;
  readyNames: string[];
  skippedGroups: SkipGroup[];
  /** Set on approval: how many ready people run (all, or those that fit the seats). */
  approvedCount?: number;
  progress: { done: number; failed: number; excluded: number };
  /** The first failures, for the card. */
  failures: Array<{ name: string; message: string; phrase?: Phrase }>;
  revertProgress?: { reverted: number; held: number; failed: number; total: number };
}

export const SUMMARY_NAMES = 15;
export const SUMMARY_FAILURES = 10;

export function summarise(items: readonly BatchItem[], source: BatchInfo['source'], seatsFree: number): BatchInfo {
  const ready = items.filter((i) => i.state === 'ready');
  const groups = new Map<SkipCode, SkipGroup>();
  for (const item of items) {
    if (item.state !== 'skipped' || !item.skip) continue;
    const group = groups.get(item.skip.code) ?? { code: item.skip.code, count: 0, names: [] };
    group.count++;
    if (group.names.length < SUMMARY_NAMES) group.names.push(item.person.name || item.query || '?');
    groups.set(item.skip.code, group);
  }
  return {
    source,
    total: items.length,
    ready: ready.length,
    skipped: items.length - ready.length,
    seatsNeeded: ready.filter((i) => i.needsSeat).length,
    seatsFree,
    readyNames: ready.slice(0, SUMMARY_NAMES).map((i) => i.person.name),
    skippedGroups: [...groups.values()],
    progress: { done: 0, failed: 0, excluded: 0 },
    failures: [],
  };
}

/** True when every ready person fits the free seats. */
export function fitsSeats(info: Pick<BatchInfo, 'seatsNeeded' | 'seatsFree'>): boolean {
  return info.seatsNeeded <= info.seatsFree;
}

/**
 * Approving a batch that does not fit runs the ready people in order while seats last: people who need no new
 * seat always run; the others take the free seats first come, first served. The rest are excluded ('no-seat').
 */
export function selectFitting(items: readonly BatchItem[], seatsFree: number): { run: BatchItem[]; excluded: BatchItem[] } {
  let seats = Math.max(0, seatsFree);
  const run: BatchItem[] = [];
  const excluded: BatchItem[] = [];
  for (const item of items) {
    if (item.state !== 'ready') continue;
    if (!item.needsSeat) run.push(item);
    else if (seats > 0) {
      seats--;
      run.push(item);
    } else excluded.push(item);
  }
  return { run, excluded };
}

/** Counts for "37 of 120 done · 2 failed" from the items as stored. */
export function progressOf(items: readonly BatchItem[]): { done: number; failed: number; excluded: number; running: number; remaining: number } {
  let done = 0;
  let failed = 0;
  let excluded = 0;
  let remaining = 0;
  for (const i of items) {
    if (i.state === 'done') done++;
    else if (i.state === 'failed') failed++;
    else if (i.state === 'skipped' && i.skip?.code === 'no-seat') excluded++;
    else if (i.state === 'ready' || i.state === 'writing') remaining++;
  }
  return { done, failed, excluded, running: done + failed + remaining, remaining };
}

export function failuresOf(items: readonly BatchItem[]): BatchInfo['failures'] {
  return items
    .filter((i) => i.state === 'failed')
    .slice(0, SUMMARY_FAILURES)
    .map((i) => ({ name: i.person.name, message: i.outcome?.message ?? '', ...(i.outcome?.phrase ? { phrase: i.outcome.phrase } : {}) }));
}

/** The mailbox the change leaves a person with. */
export interface MailboxLimits {
  quotaGB: number;
  archiveLost: boolean;
  holdLost: boolean;
}

/** The mailbox guard from stored limits and fresh usage: what would break (codes for the catalog). */
export function guardProblems(limits: MailboxLimits | undefined, facts: { storageUsedBytes?: number; hasArchive?: boolean; litigationHoldEnabled?: boolean } | undefined): Array<'quota' | 'archive' | 'hold'> {
  if (!limits || !facts) return [];
  const problems: Array<'quota' | 'archive' | 'hold'> = [];
  if (facts.storageUsedBytes !== undefined && facts.storageUsedBytes / 1e9 >= limits.quotaGB * 0.99) problems.push('quota');
  if (facts.hasArchive && limits.archiveLost) problems.push('archive');
  if (facts.litigationHoldEnabled && limits.holdLost) problems.push('hold');
  return problems;
}

/** The product the batch adds, and what it replaces: the same for everyone. */
export interface BatchChange {
  add: ProductRef;
  remove?: ProductRef;
}
