/**
 * Temporary licenses after approval: the end is fixed when the change is applied, reminders go to the requester
 * and the person before it, and at the end the change is reverted — ONE atomic assignLicense giving back what was
 * replaced and taking away what was added, the mailbox guard checked again first. A revert that would hurt the
 * mailbox (or cannot be made) is held, and approvers decide: revert anyway, or keep the license.
 *
 * Everything is driven by scheduled jobs (the store's schedule, polled every few seconds on every instance) and
 * claimed on the request itself (`temporary.revert.owner/leaseUntil`), so a revert runs once across instances and
 * survives restarts. Extensions are requests of their own (approved like any other) that move the end.
 */
import type { GraphGateway } from '../graph/gateway';
import { isGraphRequestError } from '../graph/errors';
import type { Catalog } from '../licensing/catalog';
import { applyChange, diff } from '../licensing/diff';
import { resolve } from '../licensing/resolver';
import { guardProblems, type BatchItem } from '../requests/batch';
import { durationText, endOf, parseDuration, type LicenseDuration } from '../requests/duration';
import { mailboxProblems, seatsOf } from '../requests/preflight';
import { finishExecution, newRequestId, sameId, type LicenseRequest, type Person } from '../requests/request';
import { dueReminders, reminders, revertApplied, revertChange, revertDue, type TemporaryGrant } from '../requests/temporary';
import type { BatchItemStore, ScheduleStore } from '../store/bulk-store';
import type { RequestStore } from '../store/request-store';
import { saveWithRetry } from '../store/save-with-retry';
import type { Approvers } from './approvers';
import { CHUNK, mapLimited, merge } from './batch-executor';
import type { MailboxUsage } from './mailbox-usage';
import type { ExecutorLogger } from './request-executor';
import type { RequestNotifier } from './request-notifier';
import type { ApproverReach, RequestService } from './request-service';

export interface TemporaryDeps {
  graph: GraphGateway;
  store: RequestStore;
  items: BatchItemStore;
  schedule: ScheduleStore;
  catalog: Catalog;
  approvers: Approvers;
  mailbox: MailboxUsage;
  notifier: RequestNotifier;
  requests: RequestService;
  now: () => Date;
  random: (n: number) => Uint8Array;
  logger: ExecutorLogger;
  instanceId: string;
  leaseMs: number;
  expiryDays: number;
}

export type ExtendOutcome =
  | { kind: 'created'; request: LicenseRequest; reach: ApproverReach }
  | { kind: 'not-found' }
  | { kind: 'not-allowed' }
  | { kind: 'not-extendable'; request: LicenseRequest }
  | { kind: 'bad-duration'; code: string; text: string }
  | { kind: 'already-asked'; requestId: string };

export type HeldDecision = { kind: 'decided'; request: LicenseRequest } | { kind: 'refused'; reason: 'not-approver' | 'own-request' | 'not-held'; request: LicenseRequest } | { kind: 'not-found' };

const RETRY_LATER_MS = 60_000;
const jobKey = (requestId: string, kind: 'revert' | 'remind') => `${requestId}|${kind}`;
const lapsed = (until: string | undefined, now: Date) => Date.parse(until ?? '1970-01-01T00:00:00Z') <= now.getTime();

export class TemporaryLicenses {
  private running = false;

  constructor(private readonly deps: TemporaryDeps) {}

  // ------------------------------------------------------------------------------------------ lifecycle hooks

  /** A temporary request was stored: its revert job exists from now on (at the earliest possible end). */
  async onSubmitted(request: LicenseRequest): Promise<void> {
    if (!request.temporary) return;
    await this.scheduleRevert(request.id, endOf(request.temporary.duration, this.deps.now()));
  }

  /** The change was applied: the end is fixed now ("for 30 days" counts from here) and the jobs are set. */
  async onApplied(request: LicenseRequest): Promise<void> {
    if (!request.temporary || request.temporary.state !== 'scheduled') return;
    const saved = await saveWithRetry(this.deps.store, request.id, (r) => {
      if (!r.temporary || r.temporary.state !== 'scheduled' || r.status !== 'completed') return undefined;
      const appliedAt = new Date(r.execution?.finishedAt ?? this.deps.now().toISOString());
      const endsAt = endOf(r.temporary.duration, appliedAt).toISOString();
      return { ...r, temporary: { ...r.temporary, appliedAt: appliedAt.toISOString(), endsAt, state: 'active' } };
    });
    const active = saved.request;
    if (!active?.temporary?.endsAt) return;
    await this.audit(active, 'temporary-active', 'info', `reverts at ${active.temporary.endsAt}`);
    await this.scheduleJobs(active);
  }

  // ------------------------------------------------------------------------------------------ the schedule

  /** Runs what is due (reverts, reminders); every instance calls it every few seconds; claims make it run once. */
  async runDue(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let handled = 0;
    try {
      for (const job of await this.deps.schedule.dueJobs(this.deps.now().toISOString(), 50)) {
        try {
          await (job.kind === 'revert' ? this.onRevertJob(job.requestId, job.dueAt) : this.onRemindJob(job.requestId, job.dueAt));
          handled++;
        } catch (error) {
          this.deps.logger.error({ requestId: job.requestId, kind: job.kind, err: (error as Error).message }, 'scheduled job failed; retried later');
          await this.deps.schedule.scheduleJob({ key: job.key, requestId: job.requestId, kind: job.kind, dueAt: new Date(this.deps.now().getTime() + RETRY_LATER_MS).toISOString() });
        }
      }
    } finally {
      this.running = false;
    }
    return handled;
  }

  private async onRevertJob(requestId: string, dueAt: string): Promise<void> {
    const { store, schedule, now } = this.deps;
    let r = await store.get(requestId);
    const done = () => schedule.removeJob(jobKey(requestId, 'revert'), dueAt);
    if (!r?.temporary) return done();
    if (r.status === 'pending' || r.status === 'approved' || r.status === 'executing') return this.scheduleRevert(requestId, new Date(now().getTime() + RETRY_LATER_MS), dueAt);
    if (r.status !== 'completed') return done();
    if (r.temporary.state === 'scheduled') {
      // Applied, but the process stopped before the end was fixed: fix it now.
      await this.onApplied(r);
      r = (await store.get(requestId))!;
    }
    const t = r.temporary!;
    if (t.state === 'active' && !revertDue(t, now())) return this.scheduleRevert(requestId, new Date(t.endsAt!), dueAt);
    if (t.state === 'active' || (t.state === 'reverting' && lapsed(t.revert?.leaseUntil, now()))) await this.revert(requestId);
    const after = (await store.get(requestId))?.temporary;
    if (after?.state === 'reverting' || (after?.state === 'active' && after.endsAt)) {
      // Still running elsewhere, or a transient failure: look again when the claim would have lapsed.
      return this.scheduleRevert(requestId, new Date(Math.max(now().getTime() + 5_000, Date.parse(after.revert?.leaseUntil ?? after.endsAt ?? now().toISOString()))), dueAt);
    }
    return done();
  }

  private async onRemindJob(requestId: string, dueAt: string): Promise<void> {
    const { store, schedule, now } = this.deps;
    const r = await store.get(requestId);
    const t = r?.temporary;
    if (!r || !t || t.state !== 'active' || !t.endsAt) return schedule.removeJob(jobKey(requestId, 'remind'), dueAt);
    const due = dueReminders(t, now());
    if (due.length > 0) {
      // Marked first, sent after: a reminder goes out at most once even with two instances.
      const saved = await saveWithRetry(store, requestId, (x) => (x.temporary && due.some((d) => !x.temporary!.remindersSent.includes(d.label)) ? { ...x, temporary: { ...x.temporary, remindersSent: [...x.temporary.remindersSent, ...due.map((d) => d.label)] } } : undefined));
      if (saved.saved && saved.request) await this.sendReminder(saved.request);
    }
    await schedule.removeJob(jobKey(requestId, 'remind'), dueAt);
    await this.scheduleReminder((await store.get(requestId)) ?? r);
  }

  private async sendReminder(r: LicenseRequest): Promise<void> {
    const t = r.temporary!;
    const values = { id: r.id, product: r.add.displayName, target: r.target.name, until: t.endsAt!, hasRemove: r.remove ? 'yes' : 'no', removed: r.remove?.displayName ?? '' };
    const notice = {
      key: r.batch ? 'notify.reminder.batch' : 'notify.reminder',
      values,
      input: { id: 'duration', key: 'temporary.input.extend', value: durationText(t.duration.kind === 'for' ? t.duration : { kind: 'for', amount: 30, unit: 'day' }) },
      actions: [{ key: 'temporary.action.extend', verb: 'temporary.extend', data: { requestId: r.id } }],
    };
    await this.audit(r, 'reminder', 'info', `ends ${t.endsAt}`);
    await this.deps.notifier.tell(r.requester.aadObjectId, notice, r).catch(() => false);
    if (!r.batch && !sameId(r.target.aadObjectId, r.requester.aadObjectId)) await this.deps.notifier.tell(r.target.aadObjectId, notice, r).catch(() => false);
  }

  private async scheduleJobs(r: LicenseRequest): Promise<void> {
    if (!r.temporary?.endsAt) return;
    await this.scheduleRevert(r.id, new Date(r.temporary.endsAt));
    await this.scheduleReminder(r);
  }

  private async scheduleRevert(requestId: string, at: Date, previousDueAt?: string): Promise<void> {
    const dueAt = at.toISOString();
    if (previousDueAt && previousDueAt !== dueAt) await this.deps.schedule.removeJob(jobKey(requestId, 'revert'), previousDueAt);
    await this.deps.schedule.scheduleJob({ key: jobKey(requestId, 'revert'), requestId, kind: 'revert', dueAt });
  }

  private async scheduleReminder(r: LicenseRequest): Promise<void> {
    const t = r.temporary;
    if (!t?.endsAt || !t.appliedAt || t.state !== 'active') return;
    const next = reminders(new Date(t.appliedAt), new Date(t.endsAt)).find((x) => !t.remindersSent.includes(x.label));
    if (next) await this.deps.schedule.scheduleJob({ key: jobKey(r.id, 'remind'), requestId: r.id, kind: 'remind', dueAt: next.at.toISOString() });
  }

  // ------------------------------------------------------------------------------------------ revert

  /** Claims and runs the revert (due, lapsed, or forced by an approver on a held one). */
  async revert(requestId: string, options: { force?: boolean; by?: Person } = {}): Promise<LicenseRequest | undefined> {
    const { store, now } = this.deps;
    const claimed = await saveWithRetry(store, requestId, (r) => {
      const t = r.temporary;
      if (!t || r.status !== 'completed') return undefined;
      const allowed = (t.state === 'active' && revertDue(t, now())) || (t.state === 'reverting' && lapsed(t.revert?.leaseUntil, now())) || (options.force && t.state === 'held');
      if (!allowed) return undefined;
      const revert = t.revert ?? { attempts: 0, graphRequestIds: [] };
      return {
        ...r,
        temporary: {
          ...t,
          state: 'reverting',
          revert: { ...revert, attempts: revert.attempts + 1, owner: this.deps.instanceId, startedAt: now().toISOString(), leaseUntil: new Date(now().getTime() + this.deps.leaseMs).toISOString(), ...(options.by ? { decidedBy: options.by } : {}) },
        },
      };
    });
    if (!claimed.saved || !claimed.request) return claimed.request;
    const r = claimed.request;
    await this.audit(r, 'revert-started', 'info', `${options.force ? 'forced by an approver' : 'the temporary change ended'} (attempt ${r.temporary!.revert!.attempts})`);
    try {
      return r.batch ? await this.revertBatch(r, Boolean(options.force)) : await this.revertOne(r, Boolean(options.force));
    } catch (error) {
      // A transient Graph failure: the claim lapses and the schedule tries again (re-reading first).
      this.deps.logger.warn({ requestId, err: (error as Error).message }, 'revert interrupted; retried when the claim lapses');
      await this.audit(r, 'revert', 'failed', `interrupted: ${(error as Error).message}`);
      return r;
    }
  }

  private async revertOne(r: LicenseRequest, force: boolean): Promise<LicenseRequest | undefined> {
    const { graph, catalog } = this.deps;
    const [user, skus] = await Promise.all([graph.getUser(r.target.aadObjectId), graph.getSubscribedSkus({ fresh: true })]);
    const current = resolve(user, skus, catalog);
    if (revertApplied(current, r)) return this.finishRevert(r, 'reverted', [], 'Graph already shows the change undone');
    const change = revertChange(current, r)!;
    const proposed = resolve(applyChange(user, change), skus, catalog);
    const d = diff(current, proposed);
    const problems: string[] = [];
    if (!force) {
      const facts = await this.deps.mailbox.factsFor(user.userPrincipalName, { fresh: true });
      problems.push(...mailboxProblems(d, facts));
      if (d.leavesNoMailbox && (facts === undefined || (facts.storageUsedBytes ?? 0) > 0 || facts.hasArchive || facts.litigationHoldEnabled)) problems.push('no-mailbox');
    }
    const back = change.addLicenses[0] && skus.find((s) => s.skuId.toLowerCase() === change.addLicenses[0].skuId);
    if (back && seatsOf(back).free === 0 && !user.assignedLicenses.some((l) => l.skuId === back.skuId.toLowerCase())) problems.push('no-seat');
    if (problems.length > 0) return this.hold(r, problems);
    if (!(await this.renew(r))) return undefined;
    try {
      const result = await graph.assignLicense(r.target.aadObjectId, change.addLicenses, change.removeLicenses);
      await this.audit(r, 'assignLicense', 'ok', `revert: ${change.addLicenses.length ? `add ${r.remove?.skuPartNumber}, ` : ''}${change.removeLicenses.length ? `remove ${r.add.skuPartNumber}` : ''}`, result.requestId);
      const verified = revertApplied(resolve(result.user, skus, catalog), r);
      return this.finishRevert(r, 'reverted', result.requestId ? [result.requestId] : [], verified ? 'verified' : 'not verified yet');
    } catch (error) {
      if (isGraphRequestError(error) && !error.transient) return this.hold(r, [`graph:${error.plainReason}`], error.requestId);
      throw error;
    }
  }

  private async revertBatch(r: LicenseRequest, force: boolean): Promise<LicenseRequest | undefined> {
    const { graph, catalog, items: itemStore } = this.deps;
    let items = await itemStore.items(r.id);
    const skus = await graph.getSubscribedSkus({ fresh: true });
    const todo = items.filter((i) => i.state === 'done' && (!i.revert || i.revert.state === 'pending' || i.revert.state === 'writing' || (force && i.revert.state === 'held')));
    for (let start = 0; start < todo.length; start += CHUNK) {
      if (!(await this.renew(r))) return undefined;
      const chunk = todo.slice(start, start + CHUNK);
      const users = await graph.batchGetUsers(chunk.map((i) => i.person.aadObjectId));
      const planned = await Promise.all(
        chunk.map(async (item): Promise<{ item: BatchItem; change?: ReturnType<typeof revertChange> }> => {
          const user = users.get(item.person.aadObjectId);
          if (!user) return { item: { ...item, revert: { state: 'failed', message: 'The user no longer exists.' } } };
          const current = resolve(user, skus, catalog);
          const own = { add: r.add, remove: item.removes ? r.remove : undefined };
          if (revertApplied(current, own)) return { item: { ...item, revert: { state: 'reverted' } } };
          const change = revertChange(current, own)!;
          if (!force) {
            const d = diff(current, resolve(applyChange(user, change), skus, catalog));
            const limits = { quotaGB: d.exchange.to.mailboxQuotaGB, archiveLost: d.exchange.archiveLost && d.exchange.to.archive === 'none', holdLost: d.exchange.holdLost };
            const shrinks = d.exchange.quotaChangeGB < 0 || limits.archiveLost || limits.holdLost || d.leavesNoMailbox;
            if (shrinks) {
              const facts = await this.deps.mailbox.factsFor(user.userPrincipalName);
              const problems = [...guardProblems(limits, facts), ...(d.leavesNoMailbox && (facts === undefined || (facts.storageUsedBytes ?? 0) > 0) ? ['no-mailbox'] : [])];
              if (problems.length > 0) return { item: { ...item, revert: { state: 'held', message: problems.join(', ') } } };
            }
          }
          return { item: { ...item, revert: { state: 'writing' } }, change };
        }),
      );
      await itemStore.saveItems(planned.map((p) => p.item));
      const written = await mapLimited(planned, 4, async ({ item, change }) => {
        if (!change) return item;
        try {
          const result = await graph.assignLicense(item.person.aadObjectId, change.addLicenses, change.removeLicenses, { readBack: false });
          return { ...item, revert: { state: 'reverted' as const, graphRequestId: result.requestId } };
        } catch (error) {
          if (isGraphRequestError(error) && !error.transient) return { ...item, revert: { state: 'failed' as const, message: error.plainReason, graphRequestId: error.requestId } };
          return item; // stays `writing`: the next attempt re-reads this person first
        }
      });
      await itemStore.saveItems(written);
      items = merge(items, written);
    }
    const reverted = items.filter((i) => i.revert?.state === 'reverted').length;
    const held = items.filter((i) => i.revert?.state === 'held');
    const failed = items.filter((i) => i.revert?.state === 'failed').length;
    const total = items.filter((i) => i.state === 'done').length;
    await saveWithRetry(this.deps.store, r.id, (x) => (x.batch ? { ...x, batch: { ...x.batch, revertProgress: { reverted, held: held.length, failed, total } } } : undefined));
    if (items.some((i) => i.revert?.state === 'writing')) throw new Error('some reverts have an unknown outcome');
    if (held.length > 0) return this.hold(r, [`people:${held.length}`]);
    return this.finishRevert(r, failed > 0 && reverted === 0 ? 'failed' : 'reverted', [], `${reverted} reverted, ${failed} failed`);
  }

  /** Approvers decide: the revert would hurt a mailbox, or cannot be made (no seat, Graph refused). */
  private async hold(r: LicenseRequest, problems: string[], graphRequestId?: string): Promise<LicenseRequest | undefined> {
    const saved = await this.settleRevert(r, (t) => ({ ...t, state: 'held', revert: { ...t.revert!, held: problems, finishedAt: this.deps.now().toISOString() } }));
    if (!saved) return undefined;
    await this.audit(saved, 'revert-held', 'info', `approvers decide: ${problems.join('; ')}`, graphRequestId);
    const members = await this.deps.approvers.memberIds();
    const reachable = (await this.deps.notifier.reachablePeople()).filter((id) => members.has(id.toLowerCase()) && !sameId(id, saved.requester.aadObjectId));
    const values = { id: saved.id, product: saved.add.displayName, target: saved.target.name, reasons: problems.map(problemWords).join('; ') };
    const notice = {
      key: 'notify.revert-held',
      values,
      actions: [
        { key: 'temporary.action.revert-anyway', verb: 'temporary.revert', data: { requestId: saved.id } },
        { key: 'temporary.action.keep', verb: 'temporary.keep', data: { requestId: saved.id } },
      ],
    };
    for (const id of reachable) await this.deps.notifier.tell(id, notice, saved).catch(() => false);
    await this.deps.notifier.updateRequestCards(saved).catch(() => undefined);
    return saved;
  }

  private async finishRevert(r: LicenseRequest, state: 'reverted' | 'failed', graphRequestIds: string[], detail: string): Promise<LicenseRequest | undefined> {
    const saved = await this.settleRevert(r, (t) => ({ ...t, state, revert: { ...t.revert!, finishedAt: this.deps.now().toISOString(), graphRequestIds: [...t.revert!.graphRequestIds, ...graphRequestIds] } }));
    if (!saved) return undefined;
    await this.audit(saved, state === 'reverted' ? 'reverted' : 'revert-failed', state === 'reverted' ? 'ok' : 'failed', detail, graphRequestIds[0]);
    await this.deps.notifier.updateRequestCards(saved).catch(() => undefined);
    const values = { id: saved.id, product: saved.add.displayName, target: saved.target.name, hasRemove: saved.remove ? 'yes' : 'no', removed: saved.remove?.displayName ?? '' };
    const key = state === 'reverted' ? 'notify.reverted' : 'notify.revert-failed';
    await this.deps.notifier.tell(saved.requester.aadObjectId, { key, values }, saved).catch(() => false);
    if (!saved.batch && !sameId(saved.target.aadObjectId, saved.requester.aadObjectId)) await this.deps.notifier.tell(saved.target.aadObjectId, { key, values }, saved).catch(() => false);
    return saved;
  }

  /** Saves the revert's outcome if our claim still holds. */
  private async settleRevert(r: LicenseRequest, change: (t: TemporaryGrant) => TemporaryGrant): Promise<LicenseRequest | undefined> {
    const mine = r.temporary!.revert!;
    const saved = await saveWithRetry(this.deps.store, r.id, (x) => {
      const t = x.temporary;
      if (!t || t.state !== 'reverting' || t.revert?.owner !== mine.owner || t.revert?.startedAt !== mine.startedAt) return undefined;
      return { ...x, updatedAt: this.deps.now().toISOString(), temporary: change(t) };
    });
    return saved.saved ? saved.request : undefined;
  }

  private async renew(r: LicenseRequest): Promise<boolean> {
    const mine = r.temporary!.revert!;
    const saved = await saveWithRetry(this.deps.store, r.id, (x) => {
      const t = x.temporary;
      if (!t || t.state !== 'reverting' || t.revert?.owner !== mine.owner || t.revert?.startedAt !== mine.startedAt) return undefined;
      return { ...x, temporary: { ...t, revert: { ...t.revert!, leaseUntil: new Date(this.deps.now().getTime() + this.deps.leaseMs).toISOString() } } };
    });
    return saved.saved;
  }

  // ------------------------------------------------------------------------------------------ held: approvers decide

  async decideHeld(actor: Person, requestId: string, decision: 'revert' | 'keep'): Promise<HeldDecision> {
    const r = await this.deps.store.get(requestId);
    if (!r?.temporary) return { kind: 'not-found' };
    if (!(await this.deps.approvers.isApprover(actor.aadObjectId))) return { kind: 'refused', reason: 'not-approver', request: r };
    if (sameId(actor.aadObjectId, r.requester.aadObjectId)) return { kind: 'refused', reason: 'own-request', request: r };
    if (r.temporary.state !== 'held') return { kind: 'refused', reason: 'not-held', request: r };
    if (decision === 'keep') {
      const saved = await saveWithRetry(this.deps.store, requestId, (x) => (x.temporary?.state === 'held' ? { ...x, updatedAt: this.deps.now().toISOString(), temporary: { ...x.temporary, state: 'kept', revert: { ...x.temporary.revert!, decidedBy: actor } } } : undefined));
      if (!saved.saved || !saved.request) return { kind: 'refused', reason: 'not-held', request: saved.request ?? r };
      await this.audit(saved.request, 'revert-kept', 'ok', `kept by ${actor.name}`, undefined, actor.aadObjectId);
      await this.deps.notifier.updateRequestCards(saved.request).catch(() => undefined);
      await this.deps.notifier.tell(saved.request.requester.aadObjectId, { key: 'notify.revert-kept', values: { id: r.id, product: r.add.displayName, target: r.target.name, by: actor.name } }, saved.request).catch(() => false);
      return { kind: 'decided', request: saved.request };
    }
    await this.audit(r, 'revert-forced', 'ok', `revert anyway, by ${actor.name}`, undefined, actor.aadObjectId);
    const after = await this.revert(requestId, { force: true, by: actor });
    return { kind: 'decided', request: after ?? (await this.deps.store.get(requestId)) ?? r };
  }

  // ------------------------------------------------------------------------------------------ extensions

  /** "Extend": an extension request for the same change, approved like any other. */
  async requestExtension(actor: Person, requestId: string, durationText: string): Promise<ExtendOutcome> {
    const { store, now } = this.deps;
    const original = await store.get(requestId);
    if (!original?.temporary) return { kind: 'not-found' };
    const allowed = sameId(actor.aadObjectId, original.requester.aadObjectId) || sameId(actor.aadObjectId, original.target.aadObjectId) || (await this.deps.approvers.isApprover(actor.aadObjectId));
    if (!allowed) return { kind: 'not-allowed' };
    if (!['scheduled', 'active', 'held'].includes(original.temporary.state) || ['rejected', 'cancelled', 'expired', 'failed'].includes(original.status)) return { kind: 'not-extendable', request: original };
    const parsed = parseDuration(durationText || '30 days', now());
    if (!parsed.ok) return { kind: 'bad-duration', code: parsed.code, text: parsed.text };
    const open = (await store.byStatus('pending', 500)).find((x) => x.extension?.of === original.id);
    if (open) return { kind: 'already-asked', requestId: open.id };
    const created = now();
    const fromEndsAt = original.temporary.endsAt ?? endOf(original.temporary.duration, created).toISOString();
    const request = await store.create({
      id: newRequestId(this.deps.random),
      tenantId: original.tenantId,
      status: 'pending',
      requester: actor,
      target: original.target,
      add: original.add,
      ...(original.remove ? { remove: original.remove } : {}),
      reason: `extension of ${original.id}`,
      confirmedNoMailbox: original.confirmedNoMailbox,
      summary: { ...original.summary, notices: [], phrases: original.summary.phrases ? { ...original.summary.phrases, notices: [] } : undefined },
      createdAt: created.toISOString(),
      expiresAt: new Date(created.getTime() + this.deps.expiryDays * 86_400_000).toISOString(),
      updatedAt: created.toISOString(),
      cards: [],
      extension: { of: original.id, duration: parsed.duration, fromEndsAt },
      version: 0,
    });
    await this.audit(request, 'created', 'ok', `extension of ${original.id} by ${durationText}`, undefined, actor.aadObjectId);
    const reach = await this.deps.requests.announce(request);
    return { kind: 'created', request: (await store.get(request.id)) ?? request, reach };
  }

  /** The executor's runner for approved extensions: moves the original's end (no Graph write), once. */
  async applyExtension(request: LicenseRequest): Promise<LicenseRequest | undefined> {
    const { store, now } = this.deps;
    const ext = request.extension!;
    let toEndsAt: string | undefined;
    const moved = await saveWithRetry(store, ext.of, (o) => {
      const t = o.temporary;
      if (!t || !['scheduled', 'active', 'held'].includes(t.state)) return undefined;
      if (t.extensions.some((e) => e.requestId === request.id)) {
        toEndsAt = t.extensions.find((e) => e.requestId === request.id)!.to;
        return undefined;
      }
      const base = new Date(Math.max(now().getTime(), Date.parse(t.endsAt ?? ext.fromEndsAt)));
      toEndsAt = endOf(ext.duration, base).toISOString();
      const duration: LicenseDuration = t.endsAt ? t.duration : { kind: 'until', at: toEndsAt };
      return { ...o, updatedAt: now().toISOString(), temporary: { ...t, duration, endsAt: toEndsAt, state: t.state === 'held' ? 'active' : t.state, extensions: [...t.extensions, { requestId: request.id, from: t.endsAt ?? ext.fromEndsAt, to: toEndsAt }] } };
    });
    const sameClaim = (a: LicenseRequest) => a.execution?.owner === request.execution?.owner && a.execution?.startedAt === request.execution?.startedAt;
    const ok = Boolean(toEndsAt);
    const finished = await saveWithRetry(store, request.id, (r) =>
      r.status === 'executing' && sameClaim(r)
        ? finishExecution({ ...r, extension: { ...r.extension!, toEndsAt } }, now(), ok ? { ok: true, graphRequestIds: [], verified: true } : { ok: false, graphRequestIds: [], kind: 'not-extendable', message: `${ext.of} is no longer temporary (it was reverted or kept).` })
        : undefined,
    );
    if (moved.saved && moved.request) {
      await this.audit(moved.request, 'extended', 'ok', `until ${toEndsAt} (${request.id})`);
      await this.scheduleJobs(moved.request);
      await this.deps.notifier.updateRequestCards(moved.request).catch(() => undefined);
    }
    if (finished.saved && finished.request) {
      await this.audit(finished.request, ok ? 'completed' : 'failed', ok ? 'ok' : 'failed', ok ? `moved ${ext.of} to ${toEndsAt}` : 'nothing to extend');
      await this.deps.requests.onExecutionFinished(finished.request).catch(() => undefined);
    }
    return finished.request;
  }

  private audit(r: LicenseRequest, action: string, outcome: 'ok' | 'refused' | 'failed' | 'info', detail?: string, graphRequestId?: string, actor = 'system'): Promise<void> {
    return this.deps.store.appendAudit({ requestId: r.id, at: this.deps.now().toISOString(), actor, action, outcome, detail, graphRequestId });
  }
}

/** The held revert's reasons in the words the notifier sends (codes; English here, the card shows them as given). */
function problemWords(problem: string): string {
  if (problem.startsWith('graph:')) return problem.slice('graph:'.length);
  if (problem.startsWith('people:')) return `${problem.slice('people:'.length)} mailbox(es) would be hurt`;
  if (problem === 'no-mailbox') return 'the user would lose their mailbox, which holds data';
  if (problem === 'no-seat') return 'no free seat of the license to give back';
  return problem;
}

