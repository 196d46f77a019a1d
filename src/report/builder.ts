/**
 * The report accumulator. Pure: plain Graph data in, a TenantReport out; no I/O. `add(user)` is called once per
 * streamed user and keeps only per-finding rows and per-SKU counters, never the users, so a 100,000-user scan runs
 * in memory proportional to its findings.
 *
 * Redundancy comes from the resolver (a license whose every meaningful plan another license gives at least as
 * well). The resolver runs only for users holding two or more active licenses — nobody else can have a redundant
 * one — and memoises by license combination, which tenants repeat across thousands of users. It runs without
 * `assignedPlans` (not scanned: 30+ entries per user would triple the payload), so plans are judged by the
 * tenant's provisioning status, as the resolver does for any user read without them.
 */
import type { Catalog } from '../licensing/catalog';
import type { PriceList } from '../licensing/prices';
import { resolveWithIndex } from '../licensing/resolver';
import { tenantIndex, type TenantIndex } from '../licensing/tenant-index';
import type { SubscribedSku } from '../licensing/types';
import type { DirectorySubscription } from '../alerts/snapshot';
import { createBillingAccumulator, type ActiveLicense, type BillingShape } from './billing';
import type { BillingRow } from './billing-types';
import { personRecords } from './person-records';
import type {
  AssignmentSource,
  GroupErrorFinding,
  InactiveFinding,
  NoUsageLocationFinding,
  RedundantFinding,
  ReportUser,
  SkuSeats,
  TenantReport,
} from './types';

export interface ReportBuilderOptions {
  skus: readonly SubscribedSku[];
  catalog: Catalog;
  prices: PriceList;
  /** A licensed account not signed in for this many days is inactive. */
  inactiveDays: number;
  now: Date;
  /** Open requests (pending, approved, executing) per skuId that will add that SKU. */
  pendingBySku?: ReadonlyMap<string, number> | Readonly<Record<string, number>>;
  /**
   * Whether the scan read signInActivity (default true). True: a user without it has never signed in. False
   * (not selected, or refused): nobody is judged on sign-ins, only disabled accounts are listed.
   */
  signInDataAvailable?: boolean;
  /** False when open requests could not be joined (no store). Default: true when pendingBySku is given. */
  pendingRequestsJoined?: boolean;
  /** Receives one row per licensed user for the billing CSV (issue 17); rows are not kept in the report. */
  onBillingRow?: (row: BillingRow) => void;
  /** Free seats are called out this many days before a renewal (default 30). */
  renewalWindowDays?: number;
  /** License combinations remembered (default 20,000; 0 works every user out alone — the tests compare both). */
  maxLicenseShapes?: number;
}

export interface ReportFinishExtra {
  groupNames?: ReadonlyMap<string, string>;
  notes?: string[];
  /** `GET /directory/subscriptions`; null or absent when it could not be read (the renewals are then empty). */
  subscriptions?: readonly DirectorySubscription[] | null;
}

export interface ReportBuilder {
  add(user: ReportUser): void;
  /** Users added so far. */
  readonly count: number;
  /** Groups named in the findings so far (whose display names finish() would like). */
  groupIds(): string[];
  /** Every group a license came through (for the billing CSV's "which group"; tracked only with onBillingRow). */
  licensingGroupIds(): string[];
  /** Group display names by id (from Graph, after the scan) make the fixes readable; notes are appended. */
  finish(extra?: ReportFinishExtra): TenantReport;
}

const GRANTING = new Set(['active', 'activewitherror']);
const NO_SKUS: ReadonlySet<string> = new Set();
const DAY_MS = 86_400_000;

/** Share of enabled seats that must stay free before a SKU counts as near exhaustion (at least one seat). */
export const NEAR_EXHAUSTION_SHARE = 0.05;

interface Source {
  groupId: string | null;
  state: string;
  error: string | null;
  disabledPlans: readonly string[];
}

const NO_PLANS: readonly string[] = Object.freeze([]);
const lowerAll = (ids: readonly string[] | null | undefined): readonly string[] => (ids && ids.length ? ids.map((id) => id.toLowerCase()) : NO_PLANS);

/** What the resolver says is redundant for a user (user-independent): the finding without the person and the price. */
type RedundantSku = Omit<RedundantFinding, 'userId' | 'user' | 'upn' | 'monthlyCost' | 'fix'>;

/** A licensing error of a license combination, without the person. */
interface ShapeError {
  skuId: string;
  groupId: string | null;
  state: string;
  error: string;
  /** Other failing SKUs from the same source for this user (a group assigns all of its licenses or none). */
  siblings: Array<{ skuId: string; error: string }>;
}

/** What a license combination means for the report (see shapeOf). Shared by every user who holds it: read-only. */
interface LicenseShape {
  /** Active licenses (skuIds, lower case), in source order. */
  active: readonly string[];
  /** Their part numbers, sorted. */
  licensedSkus: string[];
  errors: readonly ShapeError[];
  redundant: ReadonlyArray<RedundantSku & { monthlyCost: number | null }>;
  redundantIds: ReadonlySet<string>;
  /** Whether the bill's unpriced licenses went into the report's "no price" note (once an inactive user held them). */
  inactiveNoted: boolean;
  /** The bill's view (prices included); undefined without an active license. */
  billing: BillingShape | undefined;
}

/** License combinations remembered per scan; past this many (a pathological tenant) each user is worked out alone. */
const DEFAULT_MAX_SHAPES = 20_000;

const joinPlans = (plans: readonly string[] | null | undefined): string => (plans && plans.length ? plans.join(',') : '');

/**
 * The license fields that decide a LicenseShape, as one string (order kept: the same fields in another order only cost
 * a second entry). An assignedLicenses entry for a SKU that licenseAssignmentStates lists is left out: the states
 * decide that SKU (shapeOf and the resolver read assignedLicenses only for SKUs the states omit), and the key is
 * built and hashed for every user of a scan.
 */
export function shapeKey(user: ReportUser): string {
  let key = '';
  const states = user.licenseAssignmentStates;
  // Empty lists are skipped before iterating, here and in add(): V8 gives an empty array literal another map than a
  // filled one, and iterating both in the same optimised code threw it away once per such site.
  if (states && states.length) for (const s of states) key += `${s.skuId}|${s.assignedByGroup ?? ''}|${s.state ?? ''}|${s.error ?? ''}|${joinPlans(s.disabledPlans)};`;
  key += '#';
  const licenses = user.assignedLicenses;
  if (licenses && licenses.length) for (const l of licenses) if (!states || !listsSku(states, l.skuId)) key += `${l.skuId}|${joinPlans(l.disabledPlans)};`;
  return key;
}

function listsSku(states: NonNullable<ReportUser['licenseAssignmentStates']>, skuId: string): boolean {
  for (const s of states) if (s.skuId === skuId) return true;
  return false;
}

const normaliseError = (error: string | null | undefined): string | null => (!error || error === 'None' ? null : error);

function toCents(amount: number): number {
  return Math.round(amount * 100);
}

/** The latest of the interactive, non-interactive and successful sign-ins: any of them shows the account in use. */
export function lastSignInOf(activity: ReportUser['signInActivity']): string | null {
  return latestSignIn(activity)?.at ?? null;
}

/** lastSignInOf with its time (parsed once: the report asks this of every licensed user). */
function latestSignIn(activity: ReportUser['signInActivity']): { at: string; ms: number } | null {
  const byText = latestByText(activity);
  if (byText === null) return null;
  if (byText !== undefined) {
    const ms = Date.parse(byText);
    if (!Number.isNaN(ms)) return { at: byText, ms };
  }
  const at = latestByTime(activity);
  return at === null ? null : { at, ms: Date.parse(at) };
}

/**
 * Graph writes sign-in times as "2026-11-20T08:00:00Z": strings of that form sort as their times do, so one comparison
 * stands for two Date.parse calls (this runs once per licensed user of a 100,000-user scan). Undefined when one is in
 * another form; the winner may still not be a date (the caller parses it).
 */
function latestByText(activity: ReportUser['signInActivity']): string | null | undefined {
  if (!activity) return null;
  const a = activity.lastSignInDateTime;
  const b = activity.lastNonInteractiveSignInDateTime;
  const c = activity.lastSuccessfulSignInDateTime;
  if (!isPlainUtcOrAbsent(a) || !isPlainUtcOrAbsent(b) || !isPlainUtcOrAbsent(c)) return undefined;
  let latest: string | null = null;
  if (typeof a === 'string') latest = a;
  if (typeof b === 'string' && (latest === null || b > latest)) latest = b;
  if (typeof c === 'string' && (latest === null || c > latest)) latest = c;
  return latest;
}

/** The same by parsing each (any ISO form Date.parse reads); unreadable dates are left out. */
function latestByTime(activity: ReportUser['signInActivity']): string | null {
  if (!activity) return null;
  let latest: string | null = null;
  let latestMs = -Infinity;
  for (const d of [activity.lastSignInDateTime, activity.lastNonInteractiveSignInDateTime, activity.lastSuccessfulSignInDateTime]) {
    if (typeof d !== 'string') continue;
    const ms = Date.parse(d);
    if (ms > latestMs) {
      latest = d;
      latestMs = ms;
    }
  }
  return latest;
}

/** Absent, or "YYYY-MM-DDTHH:MM:SSZ" by its shape (the caller parses the winner). */
function isPlainUtcOrAbsent(d: string | null | undefined): boolean {
  if (typeof d !== 'string') return true;
  return d.length === 20 && d.charCodeAt(10) === 84 /* T */ && d.charCodeAt(19) === 90 /* Z */ && d.charCodeAt(4) === 45 && d.charCodeAt(13) === 58;
}

export function isNearExhaustion(enabled: number, freeAfterPending: number, inUse: boolean): boolean {
  if (!inUse && enabled <= 0) return false;
  return freeAfterPending <= Math.max(1, Math.floor(enabled * NEAR_EXHAUSTION_SHARE));
}

/** What to do about a licensing error, in plain words. */
export function fixForError(error: string, product: string, groupLabel: string | null, blockedBy?: { error: string; product: string }): string {
  const where = groupLabel ? `the group "${groupLabel}"` : 'the direct assignment';
  const leave = groupLabel ? `remove the user from "${groupLabel}"` : 'remove the direct assignment';
  switch (error) {
    case 'CountViolation':
      return groupLabel
        ? `No free ${product} seat left for this member of "${groupLabel}": buy more seats, or remove members from the group.`
        : `No free ${product} seat left: buy more seats or free one.`;
    case 'MutuallyExclusiveViolation':
      return `${product} conflicts with a license the user already has: remove the conflicting license from the user, or ${leave}.`;
    case 'DependencyViolation':
      return `A service in ${product} needs a service the user lacks: assign the license that has it (or enable it in ${where}), or ${leave}.`;
    case 'ProhibitedInUsageLocationViolation':
      return `${product} is not available in the user's usage location: correct the user's usage location, or ${leave}.`;
    case 'UniquenessViolation':
      return "The user's proxy address is already used by another object: remove the duplicate address, then reprocess the user's licenses.";
    default:
      if (blockedBy) {
        return `Blocked by the ${blockedBy.error} on ${blockedBy.product} from ${where} (a group assigns all of its licenses or none): fix that one.`;
      }
      return "Entra gave no reason: reprocess the user's license assignment (Entra admin center → the user → Licenses → Reprocess); if it stays, check the group's licensing errors.";
  }
}

export function createReportBuilder(options: ReportBuilderOptions): ReportBuilder {
  const { skus, catalog, prices, inactiveDays, now } = options;
  if (!Number.isFinite(inactiveDays) || inactiveDays < 1) throw new RangeError(`inactiveDays must be at least 1, not ${inactiveDays}`);
  const index: TenantIndex = tenantIndex(skus, catalog);
  const signInData = options.signInDataAvailable ?? true;
  const pending = new Map<string, number>();
  if (options.pendingBySku) {
    const entries = options.pendingBySku instanceof Map ? [...options.pendingBySku] : Object.entries(options.pendingBySku);
    for (const [skuId, n] of entries) pending.set(skuId.toLowerCase(), (pending.get(skuId.toLowerCase()) ?? 0) + n);
  }
  const nowMs = now.getTime();
  const inactiveBefore = nowMs - inactiveDays * DAY_MS;
  const shapes = new Map<string, LicenseShape>();
  const maxShapes = options.maxLicenseShapes ?? DEFAULT_MAX_SHAPES;

  const counted = new Map<string, number>();
  const partNumberCache = new Map<string, { sku: string; product: string }>();
  const skuName = (skuId: string) => {
    let names = partNumberCache.get(skuId);
    if (!names) {
      const indexed = index.sku(skuId);
      names = { sku: indexed.skuPartNumber, product: indexed.displayName };
      partNumberCache.set(skuId, names);
    }
    return names;
  };
  const unpriced = new Set<string>();
  const priceOf = (sku: string): number | null => {
    const price = prices.monthly(sku);
    if (price === undefined) {
      unpriced.add(sku);
      return null;
    }
    return price;
  };

  let users = 0;
  let licensedUsers = 0;
  // Who has which finding, as flat records (see PersonRecords) until finish() makes the findings.
  const groupErrorPeople = personRecords<ShapeError>();
  const redundantPeople = personRecords<LicenseShape['redundant'][number]>();
  /** Own values: accountEnabled, lastSignIn, daysSinceSignIn, reason. */
  const inactivePeople = personRecords<LicenseShape>();
  /** Own value: accountEnabled as Graph gave it (true, false or null). */
  const noUsageLocationPeople = personRecords<LicenseShape>();
  /** Groups licenses come through: only for the billing rows' "which group". */
  const licensingGroups = new Set<string>();
  const trackGroups = Boolean(options.onBillingRow);
  const billing = createBillingAccumulator({ index, prices, onRow: options.onBillingRow, renewalWindowDays: options.renewalWindowDays });

  /** The resolver's redundant licenses for a license combination (the resolver memoises by combination too). */
  function redundantFor(user: ReportUser): RedundantSku[] {
    const resolution = resolveWithIndex({ assignedLicenses: user.assignedLicenses ?? [], licenseAssignmentStates: user.licenseAssignmentStates }, index);
    const result: RedundantSku[] = [];
    for (const sku of resolution.skus) {
      if (!sku.redundant) continue;
      const granting = sku.sources.filter((s) => GRANTING.has(s.state.toLowerCase()));
      const direct = granting.some((s) => s.source.kind === 'direct');
      const groupIds = [...new Set(granting.flatMap((s) => (s.source.kind === 'group' ? [s.source.groupId] : [])))];
      const source: AssignmentSource = direct && groupIds.length ? 'direct and group' : direct ? 'direct' : 'group';
      result.push({ skuId: sku.skuId, sku: sku.skuPartNumber, product: sku.displayName, coveredBy: Object.freeze([...sku.coveredBy]) as string[], source, groupIds: Object.freeze(groupIds) as string[] });
    }
    return result;
  }

  /**
   * Everything the report takes from a user's license fields alone, worked out once per combination: which licenses
   * are active, their errors, the redundant ones with their price, the bill's view. Tenants repeat a few hundred
   * combinations across 100,000 users, so the per-user work is a key, a lookup and the person's own findings.
   */
  function shapeOf(user: ReportUser): LicenseShape {
    // Sources per SKU, as the resolver collects them: licenseAssignmentStates first; a SKU only in
    // assignedLicenses (states not returned) is a direct, active assignment.
    const bySku = new Map<string, Source[]>();
    for (const s of user.licenseAssignmentStates ?? []) {
      const id = s.skuId.toLowerCase();
      let list = bySku.get(id);
      if (!list) bySku.set(id, (list = []));
      list.push({ groupId: s.assignedByGroup ? s.assignedByGroup.toLowerCase() : null, state: s.state ?? 'Active', error: normaliseError(s.error), disabledPlans: lowerAll(s.disabledPlans) });
    }
    for (const l of user.assignedLicenses ?? []) {
      const id = l.skuId.toLowerCase();
      if (!bySku.has(id)) bySku.set(id, [{ groupId: null, state: 'Active', error: null, disabledPlans: lowerAll(l.disabledPlans) }]);
    }

    const active: string[] = [];
    const errors: ShapeError[] = [];
    for (const [skuId, sources] of bySku) {
      if (sources.some((s) => GRANTING.has(s.state.toLowerCase()))) {
        active.push(skuId);
        if (trackGroups) for (const s of sources) if (s.groupId && GRANTING.has(s.state.toLowerCase())) licensingGroups.add(s.groupId);
      }
      for (const s of sources) {
        if (!s.error && s.state.toLowerCase() !== 'error') continue;
        const siblings: ShapeError['siblings'] = [];
        if (s.groupId) {
          for (const [otherId, otherSources] of bySku) {
            if (otherId === skuId) continue;
            const other = otherSources.find((o) => o.groupId === s.groupId && o.error && o.error !== 'Other');
            if (other) siblings.push({ skuId: otherId, error: other.error! });
          }
        }
        errors.push({ skuId, groupId: s.groupId, state: s.state, error: s.error ?? 'Other', siblings });
      }
    }
    const licensedSkus = Object.freeze(active.map((id) => skuName(id).sku).sort()) as string[];
    const found = active.length >= 2 ? redundantFor(user) : [];
    const redundantIds: ReadonlySet<string> = found.length ? new Set(found.map((r) => r.skuId.toLowerCase())) : NO_SKUS;
    return {
      active,
      licensedSkus,
      errors,
      // priceOf: an unpriced redundant license is named in the report's notes.
      redundant: found.map((r) => ({ ...r, monthlyCost: priceOf(r.sku) })),
      redundantIds,
      inactiveNoted: false,
      billing: active.length ? billing.shape(active, redundantIds, active.map((id) => activeLicense(id, bySku.get(id)!))) : undefined,
    };
  }

  function add(user: ReportUser): void {
    users++;
    const key = shapeKey(user);
    let shape = shapes.get(key);
    if (!shape) {
      shape = shapeOf(user);
      if (shapes.size < maxShapes) shapes.set(key, shape);
    }

    const userId = user.id ?? '';
    const name = user.displayName ?? user.userPrincipalName ?? userId;
    const upn = user.userPrincipalName ?? '';
    if (shape.errors.length) for (const e of shape.errors) groupErrorPeople.add(userId, name, upn, e);
    const active = shape.active;
    if (shape.redundant.length) for (const r of shape.redundant) redundantPeople.add(userId, name, upn, r);

    if (active.length > 0) {
      licensedUsers++;
      for (const skuId of active) counted.set(skuId, (counted.get(skuId) ?? 0) + 1);
      const enabled = user.accountEnabled !== false;
      const signIn = signInData ? latestSignIn(user.signInActivity) : null;
      const lastSignIn = signIn ? signIn.at : null;
      const daysSinceSignIn = signIn ? Math.floor((nowMs - signIn.ms) / DAY_MS) : null;
      let reason: InactiveFinding['reason'] | undefined;
      if (!enabled) reason = 'disabled';
      else if (signInData) {
        if (!signIn) reason = 'never-signed-in';
        else if (signIn.ms < inactiveBefore) reason = 'inactive';
      }
      const bill = shape.billing!;
      if (reason) {
        if (!shape.inactiveNoted) {
          for (const sku of bill.unpriced) unpriced.add(sku);
          shape.inactiveNoted = true;
        }
        inactivePeople.add(userId, name, upn, shape, enabled, lastSignIn, daysSinceSignIn, reason);
      }
      billing.add({ user, userId, name, upn, shape: bill, inactive: reason, lastSignIn, daysSinceSignIn });
    }

    if (!user.usageLocation) noUsageLocationPeople.add(userId, name, upn, shape, typeof user.accountEnabled === 'boolean' ? user.accountEnabled : null);
  }

  /** Where an active license comes from: direct and/or groups, and the plans disabled in every granting source. */
  function activeLicense(skuId: string, sources: Source[]): ActiveLicense {
    let direct = false;
    const groupIds: string[] = [];
    let disabled: readonly string[] | undefined;
    for (const s of sources) {
      if (!GRANTING.has(s.state.toLowerCase())) continue;
      if (s.groupId) {
        if (!groupIds.includes(s.groupId)) groupIds.push(s.groupId);
      } else direct = true;
      disabled = disabled === undefined ? s.disabledPlans : disabled.filter((p) => s.disabledPlans.includes(p));
    }
    return { skuId, direct, groupIds, disabledPlans: disabled && disabled.length ? [...disabled] : [] };
  }

  function finish(extra: ReportFinishExtra = {}): TenantReport {
    const groupNames = new Map<string, string>();
    for (const [id, groupName] of extra.groupNames ?? []) groupNames.set(id.toLowerCase(), groupName);

    const seats: SkuSeats[] = skus.map((sku) => {
      const skuId = sku.skuId.toLowerCase();
      const enabled = sku.prepaidUnits?.enabled ?? 0;
      const consumed = sku.consumedUnits ?? 0;
      const consumedCounted = counted.get(skuId) ?? 0;
      const pendingRequests = pending.get(skuId) ?? 0;
      const free = enabled - consumed;
      const freeAfterPending = free - pendingRequests;
      const forUsers = (sku.appliesTo ?? 'User').toLowerCase() === 'user';
      return {
        skuId,
        skuPartNumber: sku.skuPartNumber,
        displayName: index.sku(skuId).displayName,
        capabilityStatus: sku.capabilityStatus ?? 'Enabled',
        enabled,
        warning: sku.prepaidUnits?.warning ?? 0,
        suspended: sku.prepaidUnits?.suspended ?? 0,
        lockedOut: sku.prepaidUnits?.lockedOut ?? 0,
        consumed,
        consumedCounted,
        consumedMismatch: forUsers && consumedCounted !== consumed,
        free,
        pendingRequests,
        freeAfterPending,
        nearExhaustion: isNearExhaustion(enabled, freeAfterPending, consumed > 0 || pendingRequests > 0),
      };
    });

    const errorRows: GroupErrorFinding[] = groupErrorPeople.map((userId, user, upn, e) => {
      const names = skuName(e.skuId);
      const groupName = e.groupId ? groupNames.get(e.groupId) : undefined;
      const blocker = e.error === 'Other' && e.siblings.length > 0 ? { error: e.siblings[0].error, product: skuName(e.siblings[0].skuId).product } : undefined;
      const row: GroupErrorFinding = {
        userId,
        user,
        upn,
        skuId: e.skuId,
        sku: names.sku,
        product: names.product,
        groupId: e.groupId,
        state: e.state,
        error: e.error,
        fix: fixForError(e.error, names.product, e.groupId ? groupName ?? e.groupId : null, blocker),
      };
      if (groupName !== undefined) row.groupName = groupName;
      return row;
    });

    /** What to do about a redundant license (the same for everyone holding the combination). */
    const redundantFix = (r: LicenseShape['redundant'][number]): string => {
      const covered = r.coveredBy.join(' + ') || 'another license';
      const groups = r.groupIds.map((id) => `"${groupNames.get(id) ?? id}"`).join(', ');
      return r.source === 'direct'
        ? `Remove ${r.sku} from the user: ${covered} already gives everything in it.`
        : r.source === 'group'
          ? `Remove the user from ${groups} (or ${r.sku} from the group): ${covered} already gives everything in it.`
          : `Remove the direct ${r.sku} and the user's membership of ${groups}: ${covered} already gives everything in it.`;
    };
    const redundant: RedundantFinding[] = redundantPeople.map((userId, user, upn, r) => ({ userId, user, upn, skuId: r.skuId, sku: r.sku, product: r.product, coveredBy: r.coveredBy, source: r.source, groupIds: r.groupIds, monthlyCost: r.monthlyCost, fix: redundantFix(r) }));
    const inactive: InactiveFinding[] = inactivePeople.map((userId, user, upn, shape, accountEnabled, lastSignIn, daysSinceSignIn, reason) => ({
      userId,
      user,
      upn,
      accountEnabled: accountEnabled as boolean,
      lastSignIn: lastSignIn as string | null,
      daysSinceSignIn: daysSinceSignIn as number | null,
      reason: reason as InactiveFinding['reason'],
      licensedSkus: shape.licensedSkus,
      // What every license costs a month; unknown when one has no price.
      monthlyCost: shape.billing!.all.unpriced ? null : shape.billing!.all.cents / 100,
    }));
    const noUsageLocation: NoUsageLocationFinding[] = noUsageLocationPeople.map((userId, user, upn, shape, accountEnabled) => {
      const licensed = shape.active.length > 0;
      return {
        userId,
        user,
        upn,
        accountEnabled: accountEnabled as boolean | null,
        licensed,
        licensedSkus: shape.licensedSkus,
        fix: licensed
          ? "Set the user's usage location: assigning or changing a license directly fails without it (group licenses fall back to the tenant's country)."
          : "Set the user's usage location before assigning a license directly.",
      };
    });

    const byCost = (a: number | null, b: number | null) => (b ?? -1) - (a ?? -1);
    redundant.sort((a, b) => byCost(a.monthlyCost, b.monthlyCost) || a.upn.localeCompare(b.upn) || a.sku.localeCompare(b.sku));
    errorRows.sort((a, b) => a.sku.localeCompare(b.sku) || (a.groupName ?? a.groupId ?? '').localeCompare(b.groupName ?? b.groupId ?? '') || a.error.localeCompare(b.error) || a.upn.localeCompare(b.upn));
    const reasonOrder = { disabled: 0, 'never-signed-in': 1, inactive: 2 } as const;
    inactive.sort((a, b) => reasonOrder[a.reason] - reasonOrder[b.reason] || (a.lastSignIn ?? '').localeCompare(b.lastSignIn ?? '') || a.upn.localeCompare(b.upn));
    noUsageLocation.sort((a, b) => Number(b.licensed) - Number(a.licensed) || a.upn.localeCompare(b.upn));

    const sumCents = (rows: Array<{ monthlyCost: number | null }>) => rows.reduce((sum, r) => sum + (r.monthlyCost === null ? 0 : toCents(r.monthlyCost)), 0);
    const notes = [...(extra.notes ?? [])];
    if (!signInData) notes.unshift('Sign-in activity was not available (it needs the AuditLog.Read.All permission and Entra ID P1): accounts that never or long did not sign in are not listed; disabled accounts are.');
    const mismatched = seats.filter((s) => s.consumedMismatch);
    if (mismatched.length) {
      notes.push(`Seat count differs from Microsoft's for ${mismatched.map((s) => `${s.skuPartNumber} (Graph ${s.consumed}, counted ${s.consumedCounted})`).join(', ')}: licenses may have changed during the scan.`);
    }
    if (unpriced.size) notes.push(`No price for ${[...unpriced].sort().join(', ')}: their cost is not in the totals.`);

    return {
      generatedAt: now.toISOString(),
      inactiveDays,
      signInDataAvailable: signInData,
      pendingRequestsJoined: options.pendingRequestsJoined ?? options.pendingBySku !== undefined,
      totals: {
        users,
        licensedUsers,
        monthlyWaste: sumCents(redundant) / 100,
        currency: prices.currency,
        redundantLicenses: redundant.length,
        groupErrors: errorRows.length,
        inactiveAccounts: inactive.length,
        disabledLicensed: inactive.filter((i) => i.reason === 'disabled').length,
        neverSignedIn: inactive.filter((i) => i.reason === 'never-signed-in').length,
        notSignedInRecently: inactive.filter((i) => i.reason === 'inactive').length,
        inactiveMonthlyCost: sumCents(inactive) / 100,
        noUsageLocation: noUsageLocation.length,
        seatsNearExhaustion: seats.filter((s) => s.nearExhaustion).length,
        consumedMismatches: mismatched.length,
        unpricedSkus: [...unpriced].sort(),
      },
      skus: seats,
      redundant,
      groupErrors: errorRows,
      inactive,
      noUsageLocation,
      billing: billing.finish(seats, licensedUsers, now, extra.subscriptions),
      notes,
    };
  }

  return {
    add,
    get count() {
      return users;
    },
    groupIds: () => [...new Set([...groupErrorPeople.map((_id, _name, _upn, e) => e.groupId).filter((id): id is string => Boolean(id)), ...redundantPeople.map((_id, _name, _upn, r) => r.groupIds).flat()])],
    licensingGroupIds: () => [...licensingGroups],
    finish,
  };
}
