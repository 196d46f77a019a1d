/**
 * The tenant watcher (issue 14): polls cheap Graph endpoints every WATCH_INTERVAL_SECONDS, turns what it read into
 * incidents (src/alerts, pure), compares them with the stored ones and raises, edits or resolves the approvers'
 * cards. One instance per deployment runs it: the one holding the `tenant-watch` lease in the store.
 *
 * A cycle where nothing changed costs 4 Graph requests whatever the tenant's size: groups with license errors,
 * subscribedSkus, directory/subscriptions, the audit log since the last cursor. Details are read only when one of
 * those moved (or every `detailEveryCycles`, or after a Reprocess): failing members and their license states, the
 * users an audit entry names, a few holders of a product, and — for a seat shortage — the tenant report for
 * candidates who could give a seat back.
 *
 * A Graph failure aborts the cycle before anything is saved: no incident raised or resolved from half a picture,
 * the audit cursor not advanced, so the next cycle catches up. Throttling is the gateway's (Retry-After honoured).
 * A 403 on the subscriptions or the audit log is not a failure: that watch is off, and a "watch off" notice says so
 * once, with the permission to grant.
 */
import { digestDue, digestFigures, digestLines } from '../alerts/digest';
import { detectIncidents } from '../alerts/detect';
import { diffIncidents, type IncidentChanges } from '../alerts/diff';
import type { DirectorySubscription, GroupErrorsRead, LicenseAuditEntry, MailboxRead, Refusal, WatchedUser, WatchSnapshot } from '../alerts/snapshot';
import type { AffectedPerson, Cause, Incident, IncidentKind, SeatCandidate } from '../alerts/types';
import { isGraphRequestError } from '../graph/errors';
import type { GraphGateway } from '../graph/gateway';
import type { Catalog } from '../licensing/catalog';
import type { TrendPoint } from '../report/history';
import type { TenantReport } from '../report/types';
import { OPEN_STATUSES } from '../requests/request';
import { DuplicateIncidentError, StaleVersionError, type AlertStore, type WatchState } from '../store/alert-store';
import type { RequestStore } from '../store/request-store';
import type { AlertNotifier } from './alert-notifier';
import type { AlertRecipients } from './alert-recipients';

export const WATCH_LEASE = 'tenant-watch';
export const LICENSE_AUDIT_ACTIVITY = 'Change user license';

export interface WatchLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface TenantWatcherDeps {
  graph: GraphGateway;
  store: AlertStore;
  requests: Pick<RequestStore, 'byStatus'>;
  catalog: Catalog;
  notifier: AlertNotifier;
  recipients: Pick<AlertRecipients, 'byKind'>;
  /** The tenant report, for seat candidates and the weekly digest. */
  report?: { run(options?: { readSignIns?: boolean }): Promise<{ report: TenantReport }> };
  /** The report's weekly history: the digest's report is recorded as the week's snapshot, and the digest shows the trend. */
  history?: { record(report: TenantReport): Promise<readonly TrendPoint[]> };
  now: () => Date;
  logger: WatchLogger;
  instanceId: string;
}

export interface TenantWatcherOptions {
  intervalMs: number;
  /** How long the lease holds without renewal; another instance takes over after. Default 3 intervals (≥ 10 s). */
  leaseMs?: number;
  /** Failing members are re-read at least every this many cycles even when nothing moved. Default 6. */
  detailEveryCycles?: number;
  /** Audit entries arrive late: each read starts this long before the cursor. Default 15 minutes. */
  auditOverlapMs?: number;
  /** The first read of the audit log looks this far back. Default 24 hours. */
  firstLookbackMs?: number;
  /** Seat candidates come from a report at most this old. Default 6 hours. */
  reportMaxAgeMs?: number;
  /** Weekly digest period (0 = off). Default 7. */
  digestDays?: number;
  reopenWithinMs?: number;
  /** Who License Desk is in the audit log (its app id, its name). */
  self: { appIds: string[]; names: string[] };
}

export interface CycleResult {
  ran: boolean;
  /** Why it did not run, or why it stopped. */
  reason?: 'not-lease-holder' | 'graph-failure' | 'busy';
  graphRequests: number;
  detailRead: boolean;
  raised: number;
  updated: number;
  reopened: number;
  resolved: number;
  cardsPosted: number;
  digestSent: boolean;
  error?: string;
}

interface Detail {
  read: GroupErrorsRead;
  signature: string;
  /** Which members of which groups had errors when the detail was read. */
  members: string;
  cycle: number;
}

/** Group → failing member ids, as one comparable string. */
function memberSignature(memberIds: Map<string, string[]>): string {
  return [...memberIds].map(([g, ids]) => `${g}:${[...ids].sort().join(',')}`).sort().join('|');
}

/** The few fields of subscribedSkus that change when licenses are assigned or bought. */
function skuSignature(skus: readonly { skuId: string; consumedUnits?: number; prepaidUnits?: { enabled: number; warning?: number; suspended?: number; lockedOut?: number }; capabilityStatus?: string | null }[]): string {
  return skus.map((s) => `${s.skuId}:${s.consumedUnits}:${s.prepaidUnits?.enabled}:${s.prepaidUnits?.warning}:${s.prepaidUnits?.suspended}:${s.prepaidUnits?.lockedOut}:${s.capabilityStatus}`).join(',');
}

function refusalOf(error: unknown): Refusal | undefined {
  // 403: the permission is missing (or the tenant lacks Entra ID P1 for audit logs). Anything else is a failure.
  if (isGraphRequestError(error) && (error.kind === 'forbidden' || /NonPremiumTenant|B2CTenant|RequestFromNonPremiumTenant/i.test(`${error.code ?? ''}`))) {
    return { status: error.status ?? null, code: error.code ?? null };
  }
  return undefined;
}

export class TenantWatcher {
  private timer?: NodeJS.Timeout;
  private running?: Promise<CycleResult>;
  private cycle = 0;
  private detail?: Detail;
  private candidates?: { at: number; bySku: Map<string, SeatCandidate[]>; report: TenantReport };
  private readonly holders = new Map<string, { consumed: number; people: AffectedPerson[] }>();
  private audience?: string;
  private readonly leaseMs: number;

  constructor(
    private readonly deps: TenantWatcherDeps,
    private readonly options: TenantWatcherOptions,
  ) {
    this.leaseMs = options.leaseMs ?? Math.max(10_000, options.intervalMs * 3);
  }

  /** Polls every interval; the first cycle runs one interval after the start (so start-up stays quick). */
  start(): void {
    if (this.timer || this.options.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.runCycle().catch((error) => this.deps.logger.error({ err: (error as Error).message }, 'watch cycle failed')), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
    await this.deps.store.releaseLease(WATCH_LEASE, this.deps.instanceId).catch(() => undefined);
  }

  /** One cycle, never two at once in this process. */
  runCycle(): Promise<CycleResult> {
    if (this.running) return this.running.then(() => this.runCycle());
    const run = this.cycleOnce().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async cycleOnce(): Promise<CycleResult> {
    const { graph, store, logger } = this.deps;
    const now = this.deps.now();
    const result: CycleResult = { ran: false, graphRequests: 0, detailRead: false, raised: 0, updated: 0, reopened: 0, resolved: 0, cardsPosted: 0, digestSent: false };
    if (!(await store.acquireLease(WATCH_LEASE, this.deps.instanceId, this.leaseMs, now))) return { ...result, reason: 'not-lease-holder' };
    result.ran = true;
    const requestsBefore = graph.stats().requests;
    this.cycle++;
    let state = await store.watchState();
    let changes: IncidentChanges;
    let snapshotAudit: LicenseAuditEntry[] = [];
    try {
      const since = state.auditCursor ? new Date(Date.parse(state.auditCursor) - (this.options.auditOverlapMs ?? 15 * 60_000)) : new Date(now.getTime() - (this.options.firstLookbackMs ?? 24 * 3600_000));
      const [groups, skus, subscriptions, audit] = await Promise.all([
        graph.listGroupsWithLicenseErrors(),
        graph.getSubscribedSkus({ fresh: true }),
        graph.listDirectorySubscriptions().catch((error: unknown): { refused: Refusal } => {
          const refused = refusalOf(error);
          if (!refused) throw error;
          return { refused };
        }),
        graph.listDirectoryAudits(LICENSE_AUDIT_ACTIVITY, since).catch((error: unknown): { refused: Refusal } => {
          const refused = refusalOf(error);
          if (!refused) throw error;
          return { refused };
        }),
      ]);
      const seen = new Set(state.seenAuditIds);
      const fresh = Array.isArray(audit) ? audit.filter((e) => !seen.has(e.id)) : [];
      snapshotAudit = Array.isArray(audit) ? audit : [];

      // Detail: only when the cheap reads moved, periodically, after a Reprocess, or after a restart.
      const signature = `${groups.map((g) => g.id).sort().join(',')}|${skuSignature(skus)}`;
      const periodic = this.detail && this.cycle - this.detail.cycle >= (this.options.detailEveryCycles ?? 6);
      let needDetail = !this.detail || this.detail.signature !== signature || fresh.length > 0 || state.refreshRequested === true || Boolean(periodic);
      // While groups are in error, one cheap read per group sees a member newly failing in a group that already had
      // errors (the group list and the seat counts do not move then); a healthy tenant pays nothing for it.
      let memberIds: Map<string, string[]> | undefined;
      if (!needDetail && groups.length > 0) {
        memberIds = await this.failingMembers(groups);
        needDetail = memberSignature(memberIds) !== this.detail!.members;
      }
      if (needDetail) {
        memberIds ??= await this.failingMembers(groups);
        this.detail = { read: await this.readGroupErrors(groups, memberIds), signature, members: memberSignature(memberIds), cycle: this.cycle };
        result.detailRead = true;
      }

      const open = await store.openIncidents();
      const mailbox = Array.isArray(audit) ? await this.readMailbox(fresh, open, needDetail) : audit;
      const openRequestsBySku = await this.openRequestsBySku();
      const base: WatchSnapshot = {
        now,
        skus,
        catalog: this.deps.catalog,
        groupErrors: this.detail!.read,
        subscriptions: subscriptions as DirectorySubscription[] | { refused: Refusal },
        mailbox,
        openRequestsBySku,
        candidatesBySku: this.candidates?.bySku,
        holdersBySku: this.holderMap(),
        self: this.options.self,
      };
      let detection = detectIncidents(base);
      // Second pass only when an incident needs facts not yet at hand (seat candidates, holders of a product).
      const enriched = await this.enrich(detection.drafts.map((d) => d.cause), skus, now);
      if (enriched) detection = detectIncidents({ ...base, candidatesBySku: this.candidates?.bySku, holdersBySku: this.holderMap() });

      const previous = [...open, ...(await store.resolvedSince(new Date(now.getTime() - (this.options.reopenWithinMs ?? 24 * 3600_000)).toISOString()))];
      changes = diffIncidents(previous, detection.drafts, { now, judged: detection.judged, reopenWithinMs: this.options.reopenWithinMs });
    } catch (error) {
      logger.warn({ err: (error as Error).message, graphRequestId: isGraphRequestError(error) ? error.requestId : undefined }, 'watch cycle stopped by a Graph failure; the next cycle catches up');
      return { ...result, reason: 'graph-failure', error: (error as Error).message, graphRequests: graph.stats().requests - requestsBefore };
    }

    const saved = await this.save(changes);
    result.raised = saved.raised.length;
    result.updated = saved.updated.length;
    result.reopened = saved.reopened.length;
    result.resolved = saved.resolved.length;
    result.cardsPosted = await this.deliver(saved);

    // The audit cursor moves only after the cycle succeeded.
    const newest = snapshotAudit.reduce((max, e) => (e.activityDateTime > max ? e.activityDateTime : max), state.auditCursor ?? '');
    state = { ...state, auditCursor: newest || now.toISOString(), seenAuditIds: snapshotAudit.map((e) => e.id).slice(-5000), firstRunAt: state.firstRunAt ?? now.toISOString(), refreshRequested: result.detailRead ? false : state.refreshRequested };
    if (this.deps.report && digestDue(now, state.lastDigestAt, state.firstRunAt!, this.options.digestDays ?? 7)) {
      const sent = await this.sendDigest(state, now);
      if (sent) {
        state = { ...state, lastDigestAt: now.toISOString(), lastDigest: sent };
        result.digestSent = true;
      }
    }
    try {
      await store.saveWatchState(state);
    } catch (error) {
      if (!(error instanceof StaleVersionError)) throw error;
      logger.warn({}, 'watch state changed meanwhile (a Reprocess click); it is re-read next cycle');
      const current = await store.watchState();
      await store.saveWatchState({ ...state, version: current.version, refreshRequested: current.refreshRequested || state.refreshRequested }).catch(() => undefined);
    }
    result.graphRequests = graph.stats().requests - requestsBefore;
    if (result.raised + result.updated + result.reopened + result.resolved > 0) logger.info({ ...result }, 'watch cycle changed incidents');
    return result;
  }

  // ------------------------------------------------------------------------------------------------ reads

  private async failingMembers(groups: Array<{ id: string }>): Promise<Map<string, string[]>> {
    const memberIds = new Map<string, string[]>();
    for (const g of groups) memberIds.set(g.id, await this.deps.graph.getMembersWithLicenseErrors(g.id));
    return memberIds;
  }

  private async readGroupErrors(groups: Array<{ id: string; displayName: string | null }>, memberIds: Map<string, string[]>): Promise<GroupErrorsRead> {
    const users = await this.deps.graph.batchGetLicenseStates([...new Set([...memberIds.values()].flat())]);
    const members: GroupErrorsRead['members'] = [];
    for (const [groupId, ids] of memberIds) {
      for (const id of ids) {
        const user = users.get(id);
        if (user) members.push({ groupId, user });
      }
    }
    return { groups, members };
  }

  private async readMailbox(fresh: LicenseAuditEntry[], open: Incident[], recheckOpen: boolean): Promise<MailboxRead> {
    const openCauses = open.map((i) => i.cause).filter((c): c is Extract<Cause, { code: 'mailbox-disconnected' }> => c.code === 'mailbox-disconnected');
    const ids = new Set<string>();
    for (const e of fresh) for (const t of e.targetResources) if (t.id && (!t.type || t.type.toLowerCase() === 'user')) ids.add(t.id.toLowerCase());
    if (recheckOpen) for (const c of openCauses) ids.add(c.userId);
    const users: Map<string, WatchedUser | null> = ids.size ? await this.deps.graph.batchGetLicenseStates([...ids]) : new Map();
    return { entries: fresh, users, open: openCauses };
  }

  private async openRequestsBySku(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const status of OPEN_STATUSES) {
      for (const r of await this.deps.requests.byStatus(status, 10_000)) counts.set(r.add.skuId.toLowerCase(), (counts.get(r.add.skuId.toLowerCase()) ?? 0) + 1);
    }
    return counts;
  }

  /** Reads what the current incidents need and are missing. True when anything new was read. */
  private async enrich(causes: Cause[], skus: readonly { skuId: string; consumedUnits?: number }[], now: Date): Promise<boolean> {
    let changed = false;
    const short = causes.some((c) => (c.code === 'group-license-error' && c.error === 'CountViolation') || c.code === 'seats-exhausted' || c.code === 'seats-over');
    const maxAge = this.options.reportMaxAgeMs ?? 6 * 3600_000;
    if (short && this.deps.report && (!this.candidates || now.getTime() - this.candidates.at > maxAge)) {
      try {
        const { report } = await this.deps.report.run({ readSignIns: true });
        this.candidates = { at: now.getTime(), bySku: candidatesFrom(report), report };
        changed = true;
      } catch (error) {
        this.deps.logger.warn({ err: (error as Error).message }, 'seat candidates unavailable (the report failed)');
      }
    }
    for (const c of causes) {
      if (c.code !== 'subscription-ending' && c.code !== 'subscription-status') continue;
      const consumed = skus.find((s) => s.skuId.toLowerCase() === c.skuId)?.consumedUnits ?? 0;
      if (this.holders.get(c.skuId)?.consumed === consumed) continue;
      const people = consumed > 0 ? await this.deps.graph.usersWithSku(c.skuId, 10) : [];
      this.holders.set(c.skuId, { consumed, people: people.map((p) => ({ id: p.id.toLowerCase(), name: p.displayName ?? p.userPrincipalName ?? p.id, upn: p.userPrincipalName ?? undefined })) });
      changed = true;
    }
    return changed;
  }

  private holderMap(): Map<string, AffectedPerson[]> {
    return new Map([...this.holders].map(([sku, h]) => [sku, h.people]));
  }

  // ------------------------------------------------------------------------------------------------ save + deliver

  /** Stores the changes; an incident someone else saved first is left to them (and re-diffed next cycle). */
  private async save(changes: IncidentChanges): Promise<IncidentChanges> {
    const { store, logger } = this.deps;
    const out: IncidentChanges = { raised: [], updated: [], reopened: [], resolved: [] };
    for (const incident of changes.raised) {
      try {
        out.raised.push(await store.createIncident(incident));
      } catch (error) {
        if (!(error instanceof DuplicateIncidentError)) throw error;
        logger.warn({ key: incident.key }, 'incident already raised elsewhere');
      }
    }
    for (const kind of ['updated', 'reopened', 'resolved'] as const) {
      for (const incident of changes[kind]) {
        try {
          out[kind].push(await store.updateIncident(incident));
        } catch (error) {
          if (!(error instanceof StaleVersionError) && !(error instanceof DuplicateIncidentError)) throw error;
        }
      }
    }
    return out;
  }

  /**
   * Edits the cards of what changed, and posts the card of every open incident to each approver who wants its kind
   * and has none yet (a new incident, a new approver, an "alerts on"). Recipients are worked out — one Graph call —
   * only when something changed or the audience did.
   */
  private async deliver(changes: IncidentChanges): Promise<number> {
    const { notifier, store, logger } = this.deps;
    for (const incident of [...changes.updated, ...changes.reopened, ...changes.resolved]) {
      await notifier.updateIncidentCards(incident).catch((error) => logger.warn({ err: (error as Error).message, incident: incident.id }, 'card update failed'));
    }
    const audience = `${await notifier.audienceFingerprint()}|${(await store.allPreferences()).map((p) => `${p.aadObjectId}:${p.off.join('+')}`).join(',')}`;
    const something = changes.raised.length + changes.reopened.length > 0;
    if (!something && audience === this.audience) return 0;
    const recipients = await this.deps.recipients.byKind();
    let posted = 0;
    let complete = true;
    for (const incident of await store.openIncidents()) {
      const want = recipients(incident.kind as IncidentKind);
      let current = incident;
      const have = new Set(current.cards.filter((c) => c.role === 'approver').map((c) => (c.aadObjectId ?? '').toLowerCase()));
      const added = [];
      for (const id of want.filter((w) => !have.has(w))) {
        const location = await notifier.postIncidentCard(current, id).catch(() => undefined);
        if (location) added.push(location);
        else complete = false;
      }
      if (!current.cards.some((c) => c.role === 'channel')) {
        const channel = await notifier.postChannelIncidentCard(current).catch(() => undefined);
        if (channel) added.push(channel);
      }
      if (added.length === 0) continue;
      posted += added.length;
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          current = await store.updateIncident({ ...current, cards: [...current.cards, ...added] });
          break;
        } catch (error) {
          if (!(error instanceof StaleVersionError)) throw error;
          const fresh = await store.incident(current.id);
          if (!fresh) break;
          current = fresh;
        }
      }
    }
    // An approver who could not be reached is retried when the audience changes (or next change).
    this.audience = complete ? audience : undefined;
    return posted;
  }

  private async sendDigest(state: WatchState, now: Date) {
    const { notifier, logger } = this.deps;
    try {
      const report = this.candidates && now.getTime() - this.candidates.at < 3600_000 ? this.candidates.report : (await this.deps.report!.run({ readSignIns: true })).report;
      const figures = digestFigures(report, (await this.deps.store.openIncidents()).length, now);
      const trend = this.deps.history ? await this.deps.history.record(report) : undefined;
      const digest = { figures, lines: digestLines(figures, state.lastDigest), report, previousAt: state.lastDigest?.at, trend };
      const recipients = (await this.deps.recipients.byKind())('digest');
      for (const id of recipients) await notifier.postDigest(digest, id).catch(() => false);
      await notifier.postDigest(digest).catch(() => false);
      return figures;
    } catch (error) {
      logger.warn({ err: (error as Error).message }, 'weekly digest not sent; retried next cycle');
      return undefined;
    }
  }
}

/** Holders of each product who could give a seat back: redundant copies first, then unused accounts. */
export function candidatesFrom(report: TenantReport): Map<string, SeatCandidate[]> {
  const bySku = new Map<string, SeatCandidate[]>();
  const add = (skuId: string, c: SeatCandidate) => {
    const list = bySku.get(skuId) ?? [];
    if (!list.some((x) => x.userId === c.userId)) list.push(c);
    bySku.set(skuId, list);
  };
  for (const r of report.redundant) add(r.skuId.toLowerCase(), { userId: r.userId.toLowerCase(), name: r.user, upn: r.upn, reason: 'redundant', coveredBy: r.coveredBy });
  const skuIdByPart = new Map(report.skus.map((s) => [s.skuPartNumber.toUpperCase(), s.skuId.toLowerCase()]));
  for (const i of report.inactive) {
    for (const part of i.licensedSkus) {
      const skuId = skuIdByPart.get(part.toUpperCase());
      if (skuId) add(skuId, { userId: i.userId.toLowerCase(), name: i.user, upn: i.upn, reason: i.reason, days: i.daysSinceSignIn });
    }
  }
  return bySku;
}

