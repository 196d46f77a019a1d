/**
 * The demo tenant's state and semantics, independent of HTTP: group-based licensing, consumedUnits, the
 * user's served license fields, and atomic assignLicense with Graph's errors.
 *
 * Group-based licensing is derived, not stored: direct assignments first (users in fixture order), then each
 * group in fixture order, its members in listed order. A member who already holds the SKU consumes nothing more;
 * otherwise a free unit is taken, and when none is left (or the group's plans conflict with the member's) ALL of
 * that group's licenses for the member go to state "Error" (error CountViolation / MutuallyExclusiveViolation on
 * the failing SKU, "Other" on its siblings) — "all or none", as Entra does — and consume nothing. Recomputing after
 * each write mimics Entra's background reprocessing: a freed unit goes to the first member in that order who
 * lacked one.
 */
import { findMutuallyExclusive, type PlanRef, serviceOfPlan } from './exchange-rules';
import type { DemoBehaviour, FixtureContact, FixtureGroup, FixtureOrganization, FixtureSku, FixtureSubscription, FixtureUser, TenantFixture } from './fixture';

export interface GraphErrorBody {
  code: string;
  message: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; status: number; error: GraphErrorBody };

interface DirectLicense {
  skuId: string;
  disabledPlans: string[];
  assignedAt: string;
}

/** A fixture user as the tenant keeps it: the manager as an id and the direct licenses with their dates. */
export interface DemoUser extends Omit<FixtureUser, 'manager' | 'assignedLicenses'> {
  managerId?: string;
  direct: DirectLicense[];
}

export interface LicenseSourceState {
  skuId: string;
  assignedByGroup: string | null;
  disabledPlans: string[];
  state: 'Active' | 'Error';
  error: 'None' | 'CountViolation' | 'MutuallyExclusiveViolation' | 'Other';
  lastUpdatedDateTime: string;
}

export interface UserLicenseView {
  assignedLicenses: Array<{ disabledPlans: string[]; skuId: string }>;
  licenseAssignmentStates: LicenseSourceState[];
  assignedPlans: Array<{ assignedDateTime: string; capabilityStatus: string; service: string; servicePlanId: string }>;
  /** Active SKU → enabled plans (after disabledPlans, unioned across sources). */
  activePlans: Map<string, PlanRef[]>;
}

interface Derived {
  states: Map<string, LicenseSourceState[]>;
  consumed: Map<string, number>;
}

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const GRAPH_ERRORS = {
  notFound: (key: string): GraphErrorBody => ({
    code: 'Request_ResourceNotFound',
    message: `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
  }),
  missingParameters: (names: string[]): GraphErrorBody => ({
    code: 'Request_BadRequest',
    message: `One or more parameters of the operation 'assignLicense' are missing from the request payload. The missing parameters are: ${names.join(', ')}.`,
  }),
  badGuid: (): GraphErrorBody => ({
    code: 'BadRequest',
    message: "Cannot convert a primitive value to the expected type 'Edm.Guid'. See the inner exception for more details.",
  }),
  invalidLicense: (skuId: string): GraphErrorBody => ({ code: 'Request_BadRequest', message: `License ${skuId} does not correspond to a valid company License.` }),
  notForUsers: (skuId: string): GraphErrorBody => ({ code: 'Request_BadRequest', message: `License ${skuId} cannot be assigned to a user.` }),
  noSeats: (skuId: string): GraphErrorBody => ({ code: 'Request_BadRequest', message: `Subscription with SKU ${skuId} does not have any available licenses.` }),
  usageLocation: (): GraphErrorBody => ({ code: 'Request_BadRequest', message: 'License assignment cannot be done for user with invalid usage location.' }),
  inherited: (): GraphErrorBody => ({
    code: 'Request_BadRequest',
    message: 'User license is inherited from a group membership and it cannot be removed directly from the user.',
  }),
  notAssigned: (): GraphErrorBody => ({ code: 'Request_BadRequest', message: 'User does not have a corresponding license.' }),
  mutuallyExclusive: (a: string, b: string): GraphErrorBody => ({
    code: 'Request_BadRequest',
    message: `License assignment failed because service plans ${a},${b} are mutually exclusive.`,
  }),
  planNotInSku: (planId: string, skuId: string): GraphErrorBody => ({
    code: 'Request_BadRequest',
    message: `The service plan ${planId} does not belong to the subscription ${skuId}.`,
  }),
  addAndRemove: (skuId: string): GraphErrorBody => ({
    code: 'Request_BadRequest',
    message: `License ${skuId} cannot be both added and removed in the same request.`,
  }),
};

export class TenantModel {
  readonly organization: FixtureOrganization;
  readonly skus: FixtureSku[];
  readonly users: DemoUser[];
  readonly groups: FixtureGroup[];
  /** Organizational contacts; a user's manager may be one (Graph's manager is a directoryObject). */
  readonly contacts: FixtureContact[];
  readonly reportSettings: { displayConcealedNames: boolean };
  readonly behaviour: DemoBehaviour;
  private readonly contactById: Map<string, FixtureContact>;
  /** GET /directory/subscriptions: the fixture's, or one per SKU (renewing a year after the tenant was loaded). */
  readonly subscriptions: FixtureSubscription[];
  private readonly skuById: Map<string, FixtureSku>;
  private readonly planBySku: Map<string, Map<string, PlanRef>>;
  private readonly userById = new Map<string, DemoUser>();
  private readonly userByUpn = new Map<string, DemoUser>();
  private readonly groupById: Map<string, FixtureGroup>;
  private readonly loadedAt: string;
  private derived?: Derived;

  constructor(
    fixture: TenantFixture,
    private readonly now: () => Date = () => new Date(),
  ) {
    const copy = structuredClone(fixture);
    this.loadedAt = isoSeconds(this.now());
    this.organization = copy.organization;
    this.skus = copy.subscribedSkus;
    this.skuById = new Map(this.skus.map((s) => [s.skuId, s]));
    this.planBySku = new Map(this.skus.map((s) => [s.skuId, new Map(s.servicePlans.map((p) => [p.servicePlanId, p]))]));
    this.users = copy.users.map(({ assignedLicenses, manager, ...rest }) => ({
      ...rest,
      managerId: manager,
      direct: assignedLicenses.map((l) => ({ skuId: l.skuId, disabledPlans: [...l.disabledPlans], assignedAt: this.loadedAt })),
    }));
    for (const u of this.users) {
      this.userById.set(u.id, u);
      this.userByUpn.set(u.userPrincipalName.toLowerCase(), u);
    }
    this.groups = copy.groups;
    this.groupById = new Map(this.groups.map((g) => [g.id, g]));
    this.contacts = copy.contacts;
    this.contactById = new Map(this.contacts.map((c) => [c.id, c]));
    this.reportSettings = { ...copy.reportSettings };
    this.behaviour = { ...copy.demo };
    const renewal = isoSeconds(new Date(this.now().getTime() + 365 * 86_400_000));
    this.subscriptions =
      copy.subscriptions ??
      this.skus.map((sku) => ({
        id: derivedSubscriptionId(sku.skuId),
        skuId: sku.skuId,
        skuPartNumber: sku.skuPartNumber,
        status: sku.capabilityStatus,
        totalLicenses: sku.prepaidUnits.enabled,
        isTrial: false,
        createdDateTime: this.loadedAt,
        nextLifecycleDateTime: renewal,
        extra: {},
      }));
  }

  // ------------------------------------------------------------------------------------------- lookups

  /** By object id or userPrincipalName, case-insensitively (as Graph's /users/{id | userPrincipalName}). */
  findUser(key: string): DemoUser | undefined {
    const k = key.toLowerCase();
    return this.userById.get(k) ?? this.userByUpn.get(k);
  }

  findGroup(id: string): FixtureGroup | undefined {
    return this.groupById.get(id.toLowerCase());
  }

  sku(skuId: string): FixtureSku | undefined {
    return this.skuById.get(skuId.toLowerCase());
  }

  findContact(id: string): FixtureContact | undefined {
    return this.contactById.get(id.toLowerCase());
  }

  /** A user's or contact's manager: a user or an organizational contact, as Graph's directoryObject. */
  managerOf(managerId: string | undefined): { kind: 'user'; user: DemoUser } | { kind: 'contact'; contact: FixtureContact } | undefined {
    if (!managerId) return undefined;
    const user = this.findUser(managerId);
    if (user) return { kind: 'user', user };
    const contact = this.findContact(managerId);
    return contact ? { kind: 'contact', contact } : undefined;
  }

  /** Users (and contacts) whose manager is this user or contact. */
  directReports(managerId: string): Array<DemoUser | FixtureContact> {
    return [...this.users.filter((u) => u.managerId === managerId), ...this.contacts.filter((c) => c.manager === managerId)];
  }

  /** Groups the user is in (membership is flat in fixtures, so direct = transitive). */
  memberGroupIds(userId: string): Set<string> {
    return new Set(this.groups.filter((g) => g.members.includes(userId)).map((g) => g.id));
  }

  proxyAddresses(user: DemoUser): string[] {
    return user.proxyAddresses ?? (user.mail ? [`SMTP:${user.mail}`] : []);
  }

  // ------------------------------------------------------------------------------------------- derived state

  consumedUnits(skuId: string): number {
    return this.derive().consumed.get(skuId.toLowerCase()) ?? 0;
  }

  licenseStates(userId: string): LicenseSourceState[] {
    return this.derive().states.get(userId) ?? [];
  }

  licenseView(userId: string): UserLicenseView {
    const states = this.licenseStates(userId);
    const order: string[] = [];
    const disabledBySku = new Map<string, Set<string> | undefined>();
    const assignedAt = new Map<string, string>();
    for (const s of states) {
      if (s.state !== 'Active') continue;
      if (!disabledBySku.has(s.skuId)) {
        order.push(s.skuId);
        disabledBySku.set(s.skuId, new Set(s.disabledPlans));
      } else {
        // A plan enabled by any source is enabled: the disabled set is the intersection.
        const current = disabledBySku.get(s.skuId)!;
        disabledBySku.set(s.skuId, new Set([...current].filter((p) => s.disabledPlans.includes(p))));
      }
      const at = assignedAt.get(s.skuId);
      if (!at || s.lastUpdatedDateTime < at) assignedAt.set(s.skuId, s.lastUpdatedDateTime);
    }
    const activePlans = new Map<string, PlanRef[]>();
    const assignedPlans: UserLicenseView['assignedPlans'] = [];
    for (const skuId of order) {
      const disabled = disabledBySku.get(skuId)!;
      const plans = (this.skuById.get(skuId)?.servicePlans ?? []).filter((p) => !disabled.has(p.servicePlanId));
      activePlans.set(skuId, plans);
      for (const p of plans) {
        assignedPlans.push({ assignedDateTime: assignedAt.get(skuId)!, capabilityStatus: 'Enabled', service: serviceOfPlan(p.servicePlanName), servicePlanId: p.servicePlanId });
      }
    }
    return {
      assignedLicenses: order.map((skuId) => ({ disabledPlans: [...disabledBySku.get(skuId)!], skuId })),
      licenseAssignmentStates: states.map((s) => ({ ...s, disabledPlans: [...s.disabledPlans] })),
      assignedPlans,
      activePlans,
    };
  }

  private derive(): Derived {
    if (this.derived) return this.derived;
    const consumed = new Map(this.skus.map((s) => [s.skuId, 0]));
    const states = new Map<string, LicenseSourceState[]>();
    const held = new Map<string, Set<string>>();
    const plans = new Map<string, PlanRef[]>();
    const enabledPlans = (skuId: string, disabled: string[]): PlanRef[] =>
      (this.skuById.get(skuId)?.servicePlans ?? []).filter((p) => !disabled.includes(p.servicePlanId));

    for (const u of this.users) {
      const list: LicenseSourceState[] = [];
      const mine = new Set<string>();
      const myPlans: PlanRef[] = [];
      for (const d of u.direct) {
        list.push({ skuId: d.skuId, assignedByGroup: null, disabledPlans: [...d.disabledPlans], state: 'Active', error: 'None', lastUpdatedDateTime: d.assignedAt });
        if (!mine.has(d.skuId)) {
          mine.add(d.skuId);
          consumed.set(d.skuId, (consumed.get(d.skuId) ?? 0) + 1);
        }
        myPlans.push(...enabledPlans(d.skuId, d.disabledPlans));
      }
      states.set(u.id, list);
      held.set(u.id, mine);
      plans.set(u.id, myPlans);
    }

    for (const g of this.groups) {
      if (g.assignedLicenses.length === 0) continue;
      for (const memberId of g.members) {
        const mine = held.get(memberId);
        if (!mine) continue;
        let failing: { skuId: string; error: 'CountViolation' | 'MutuallyExclusiveViolation' } | undefined;
        for (const l of g.assignedLicenses) {
          if (mine.has(l.skuId)) continue;
          const sku = this.skuById.get(l.skuId);
          if (!sku || !hasUnits(sku) || (consumed.get(l.skuId) ?? 0) >= sku.prepaidUnits.enabled) {
            failing = { skuId: l.skuId, error: 'CountViolation' };
            break;
          }
        }
        if (!failing) {
          const combined = [...plans.get(memberId)!, ...g.assignedLicenses.flatMap((l) => enabledPlans(l.skuId, l.disabledPlans))];
          const conflict = findMutuallyExclusive(combined);
          if (conflict) {
            const culprit = g.assignedLicenses.find((l) => enabledPlans(l.skuId, l.disabledPlans).some((p) => p.servicePlanId === conflict[0].servicePlanId || p.servicePlanId === conflict[1].servicePlanId));
            failing = { skuId: culprit?.skuId ?? g.assignedLicenses[0].skuId, error: 'MutuallyExclusiveViolation' };
          }
        }
        const list = states.get(memberId)!;
        for (const l of g.assignedLicenses) {
          list.push({
            skuId: l.skuId,
            assignedByGroup: g.id,
            disabledPlans: [...l.disabledPlans],
            state: failing ? 'Error' : 'Active',
            error: !failing ? 'None' : failing.skuId === l.skuId ? failing.error : 'Other',
            lastUpdatedDateTime: this.loadedAt,
          });
          if (!failing && !mine.has(l.skuId)) {
            mine.add(l.skuId);
            consumed.set(l.skuId, (consumed.get(l.skuId) ?? 0) + 1);
          }
          if (!failing) plans.get(memberId)!.push(...enabledPlans(l.skuId, l.disabledPlans));
        }
      }
    }
    this.derived = { states, consumed };
    return this.derived;
  }

  // ------------------------------------------------------------------------------------------- writes

  /**
   * POST /users/{id}/assignLicense: validates everything first, then applies adds and removes together, or
   * nothing. Checks in this order: payload, user, SKUs exist, removals (held directly / only via a group / not at
   * all), usage location, disabledPlans, seats, mutually exclusive plans.
   */
  assignLicense(userKey: string, body: unknown): Outcome<DemoUser> {
    const parsed = parseLicenseChange(body);
    if (!parsed.ok) return parsed;
    const { adds, removes } = parsed.value;

    const user = this.findUser(userKey);
    if (!user) return fail(404, GRAPH_ERRORS.notFound(userKey));

    for (const skuId of [...adds.map((a) => a.skuId), ...removes]) {
      if (!this.skuById.has(skuId)) return fail(400, GRAPH_ERRORS.invalidLicense(skuId));
    }
    for (const a of adds) {
      if (removes.includes(a.skuId)) return fail(400, GRAPH_ERRORS.addAndRemove(a.skuId));
      if (this.skuById.get(a.skuId)!.appliesTo !== 'User') return fail(400, GRAPH_ERRORS.notForUsers(a.skuId));
    }
    const states = this.licenseStates(user.id);
    for (const skuId of removes) {
      if (user.direct.some((d) => d.skuId === skuId)) continue;
      if (states.some((s) => s.skuId === skuId && s.assignedByGroup)) return fail(400, GRAPH_ERRORS.inherited());
      return fail(400, GRAPH_ERRORS.notAssigned());
    }
    if (adds.length > 0 && !user.usageLocation) return fail(400, GRAPH_ERRORS.usageLocation());
    for (const a of adds) {
      const plans = this.planBySku.get(a.skuId)!;
      const stranger = a.disabledPlans.find((p) => !plans.has(p));
      if (stranger) return fail(400, GRAPH_ERRORS.planNotInSku(stranger, a.skuId));
    }
    const activeNow = new Set(states.filter((s) => s.state === 'Active').map((s) => s.skuId));
    for (const a of adds) {
      if (activeNow.has(a.skuId)) continue;
      const sku = this.skuById.get(a.skuId)!;
      if (!hasUnits(sku) || this.consumedUnits(a.skuId) + 1 > sku.prepaidUnits.enabled) return fail(400, GRAPH_ERRORS.noSeats(a.skuId));
    }

    const at = isoSeconds(this.now());
    const nextDirect: DirectLicense[] = user.direct.filter((d) => !removes.includes(d.skuId)).map((d) => ({ ...d }));
    for (const a of adds) {
      const existing = nextDirect.find((d) => d.skuId === a.skuId);
      if (existing) existing.disabledPlans = a.disabledPlans; // disabledPlans replaces, it does not merge
      else nextDirect.push({ skuId: a.skuId, disabledPlans: a.disabledPlans, assignedAt: at });
    }
    // Mutually exclusive plans: the user's resulting direct plans plus the group licenses that stay active.
    const resulting: PlanRef[] = [];
    for (const d of nextDirect) resulting.push(...this.enabled(d.skuId, d.disabledPlans));
    for (const s of states) if (s.assignedByGroup && s.state === 'Active') resulting.push(...this.enabled(s.skuId, s.disabledPlans));
    const conflict = findMutuallyExclusive(resulting);
    if (conflict) return fail(400, GRAPH_ERRORS.mutuallyExclusive(conflict[0].servicePlanId, conflict[1].servicePlanId));

    user.direct = nextDirect;
    this.derived = undefined;
    return { ok: true, value: user };
  }

  // ------------------------------------------------------------------------------------------- group writes

  /** Groups with at least one member whose license from that group is in error (hasMembersWithLicenseErrors). */
  hasMembersWithLicenseErrors(groupId: string): boolean {
    return this.membersWithLicenseErrors(groupId).length > 0;
  }

  membersWithLicenseErrors(groupId: string): DemoUser[] {
    const group = this.findGroup(groupId);
    if (!group || group.assignedLicenses.length === 0) return [];
    return group.members
      .map((id) => this.userById.get(id))
      .filter((u): u is DemoUser => Boolean(u))
      .filter((u) => this.licenseStates(u.id).some((s) => s.assignedByGroup === group.id && s.state !== 'Active'));
  }

  /** POST /groups/{id}/members/$ref. Group-based licensing is recomputed (a member beyond the free units fails). */
  addMember(groupId: string, memberId: string): Outcome<FixtureGroup> {
    const group = this.findGroup(groupId);
    if (!group) return fail(404, GRAPH_ERRORS.notFound(groupId));
    const user = this.findUser(memberId);
    if (!user) return fail(404, GRAPH_ERRORS.notFound(memberId));
    if (group.members.includes(user.id)) {
      return fail(400, { code: 'Request_BadRequest', message: "One or more added object references already exist for the following modified properties: 'members'." });
    }
    group.members.push(user.id);
    this.derived = undefined;
    return { ok: true, value: group };
  }

  /** DELETE /groups/{id}/members/{memberId}/$ref. */
  removeMember(groupId: string, memberId: string): Outcome<FixtureGroup> {
    const group = this.findGroup(groupId);
    if (!group) return fail(404, GRAPH_ERRORS.notFound(groupId));
    const user = this.findUser(memberId);
    const at = user ? group.members.indexOf(user.id) : -1;
    if (at < 0) return fail(404, GRAPH_ERRORS.notFound(memberId));
    group.members.splice(at, 1);
    this.derived = undefined;
    return { ok: true, value: group };
  }

  /** POST /groups: a security group (what group-based licensing needs). */
  createGroup(body: unknown): Outcome<FixtureGroup> {
    const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    if (typeof b.displayName !== 'string' || !b.displayName.trim()) {
      return fail(400, { code: 'Request_BadRequest', message: "Invalid value specified for property 'displayName' of resource 'Group'." });
    }
    const id = newGuid(`${b.displayName}|${this.groups.length}|${this.now().getTime()}`);
    const group: FixtureGroup = {
      id,
      displayName: b.displayName.trim(),
      securityEnabled: b.securityEnabled !== false,
      assignedLicenses: [],
      members: [],
      extra: typeof b.mailNickname === 'string' ? { mailNickname: b.mailNickname } : {},
    };
    this.groups.push(group);
    this.groupById.set(id, group);
    return { ok: true, value: group };
  }

  /** POST /groups/{id}/assignLicense: the group's licenses (group-based licensing), applied to members in the background. */
  assignGroupLicense(groupId: string, body: unknown): Outcome<FixtureGroup> {
    const group = this.findGroup(groupId);
    if (!group) return fail(404, GRAPH_ERRORS.notFound(groupId));
    const parsed = parseLicenseChange(body);
    if (!parsed.ok) return parsed;
    const { adds, removes } = parsed.value;
    for (const skuId of adds.map((a) => a.skuId)) {
      if (!this.skuById.has(skuId)) return fail(400, GRAPH_ERRORS.invalidLicense(skuId));
    }
    if (!group.securityEnabled) return fail(400, { code: 'Request_BadRequest', message: 'License assignment is only supported for security groups.' });
    group.assignedLicenses = [...group.assignedLicenses.filter((l) => !removes.includes(l.skuId) && !adds.some((a) => a.skuId === l.skuId)), ...adds];
    this.derived = undefined;
    return { ok: true, value: group };
  }

  /** POST /users/{id}/reprocessLicenseAssignment: Entra re-evaluates the user's group licenses. */
  reprocess(userKey: string): Outcome<DemoUser> {
    const user = this.findUser(userKey);
    if (!user) return fail(404, GRAPH_ERRORS.notFound(userKey));
    // Group licensing is derived afresh from the current state, which is exactly what a reprocess asks for.
    this.derived = undefined;
    return { ok: true, value: user };
  }

  /** Active SKUs per user (for the audit log's before/after of every write). */
  activeSkus(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const u of this.users) out.set(u.id, [...new Set(this.licenseStates(u.id).filter((s) => s.state === 'Active').map((s) => s.skuId))]);
    return out;
  }

  private enabled(skuId: string, disabled: string[]): PlanRef[] {
    return (this.skuById.get(skuId)?.servicePlans ?? []).filter((p) => !disabled.includes(p.servicePlanId));
  }
}

/** A stable GUID-shaped id from text (FNV-1a), for derived subscriptions and created groups. */
function newGuid(text: string): string {
  const hash = (seed: number) => {
    let h = seed >>> 0;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return h.toString(16).padStart(8, '0');
  };
  const a = hash(0x811c9dc5), b = hash(0x1b873593), c = hash(0xcc9e2d51), d = hash(0x85ebca6b);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-8${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

function derivedSubscriptionId(skuId: string): string {
  return newGuid(`subscription|${skuId}`);
}

function hasUnits(sku: FixtureSku): boolean {
  return sku.capabilityStatus === 'Enabled' || sku.capabilityStatus === 'Warning';
}

function fail(status: number, error: GraphErrorBody): Outcome<never> {
  return { ok: false, status, error };
}

/** Graph's timestamps: ISO 8601 UTC without milliseconds. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The body of an assignLicense (user or group) as Graph validates it: both arrays present, every id a GUID. */
function parseLicenseChange(body: unknown): Outcome<{ adds: Array<{ skuId: string; disabledPlans: string[] }>; removes: string[] }> {
  const payload = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const missing = ['addLicenses', 'removeLicenses'].filter((k) => !Array.isArray(payload[k]));
  if (missing.length) return fail(400, GRAPH_ERRORS.missingParameters(missing));
  const adds: Array<{ skuId: string; disabledPlans: string[] }> = [];
  for (const raw of payload.addLicenses as unknown[]) {
    const item = (raw ?? {}) as { skuId?: unknown; disabledPlans?: unknown };
    if (typeof item.skuId !== 'string' || !GUID_RE.test(item.skuId)) return fail(400, GRAPH_ERRORS.badGuid());
    const disabled = item.disabledPlans ?? [];
    if (!Array.isArray(disabled) || disabled.some((p) => typeof p !== 'string' || !GUID_RE.test(p))) return fail(400, GRAPH_ERRORS.badGuid());
    adds.push({ skuId: item.skuId.toLowerCase(), disabledPlans: [...new Set((disabled as string[]).map((p) => p.toLowerCase()))] });
  }
  const removes: string[] = [];
  for (const raw of payload.removeLicenses as unknown[]) {
    if (typeof raw !== 'string' || !GUID_RE.test(raw)) return fail(400, GRAPH_ERRORS.badGuid());
    removes.push(raw.toLowerCase());
  }
  return { ok: true, value: { adds, removes } };
}
