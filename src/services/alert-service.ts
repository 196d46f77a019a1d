/**
 * What approvers do with alerts: list the open incidents, switch kinds off and on, Reprocess a group-licensing
 * error, and start a license request for a disconnected mailbox. Every action is authorised on server state —
 * Approvers (Graph group membership) and the incident from the store — never on card data beyond its id.
 */
import { switchKind, type AlertPreferences } from '../alerts/kinds';
import type { AlertKind, Incident } from '../alerts/types';
import { isGraphRequestError } from '../graph/errors';
import type { GraphGateway } from '../graph/gateway';
import { StaleVersionError, type AlertStore } from '../store/alert-store';
import type { Person } from '../requests/request';
import type { AlertNotifier } from './alert-notifier';
import type { Approvers } from './approvers';
import type { WatchLogger } from './tenant-watcher';

export type AlertListOutcome = { kind: 'not-approver' } | { kind: 'ok'; incidents: Incident[]; preferences: AlertPreferences | undefined };
export type AlertSwitchOutcome = { kind: 'not-approver' } | { kind: 'ok'; preferences: AlertPreferences };
type Refused = { kind: 'not-approver' } | { kind: 'not-found' };

export type ReprocessOutcome =
  | Refused
  | { kind: 'not-applicable'; incident: Incident }
  | { kind: 'started'; incident: Incident; users: number };
export type RestoreOutcome = Refused | { kind: 'not-applicable'; incident: Incident } | { kind: 'ok'; incident: Incident; target: string; product: string; reason: string };

export interface AlertServiceDeps {
  store: AlertStore;
  approvers: Pick<Approvers, 'isApprover'>;
  graph: Pick<GraphGateway, 'getMembersWithLicenseErrors' | 'reprocessLicenseAssignment'>;
  notifier: Pick<AlertNotifier, 'updateIncidentCards'>;
  now: () => Date;
  logger: WatchLogger;
}

/** Reprocess at most this many users per click (the admin center does 20); the rest on the next click. */
export const REPROCESS_LIMIT = 200;

export class AlertService {
  private readonly background = new Set<Promise<unknown>>();

  constructor(private readonly deps: AlertServiceDeps) {}

  async list(actor: Person): Promise<AlertListOutcome> {
    if (!(await this.deps.approvers.isApprover(actor.aadObjectId))) return { kind: 'not-approver' };
    const [incidents, preferences] = await Promise.all([this.deps.store.openIncidents(), this.deps.store.preferences(actor.aadObjectId)]);
    const rank = { high: 0, medium: 1, low: 2 } as const;
    incidents.sort((a, b) => rank[a.severity] - rank[b.severity] || b.updatedAt.localeCompare(a.updatedAt));
    return { kind: 'ok', incidents, preferences };
  }

  async switchKind(actor: Person, kind: AlertKind, on: boolean): Promise<AlertSwitchOutcome> {
    if (!(await this.deps.approvers.isApprover(actor.aadObjectId))) return { kind: 'not-approver' };
    const next = switchKind(await this.deps.store.preferences(actor.aadObjectId), actor.aadObjectId, kind, on, this.deps.now());
    await this.deps.store.savePreferences(next);
    return { kind: 'ok', preferences: next };
  }

  async incidentFor(actor: Person, incidentId: string): Promise<Refused | { kind: 'ok'; incident: Incident }> {
    if (!(await this.deps.approvers.isApprover(actor.aadObjectId))) return { kind: 'not-approver' };
    const incident = await this.deps.store.incident(incidentId);
    return incident ? { kind: 'ok', incident } : { kind: 'not-found' };
  }

  /**
   * Reprocess: the group's members with license errors as Graph lists them NOW, each sent to
   * reprocessLicenseAssignment in the background; the incident's history records it, and the watcher re-reads
   * the group on its next cycle.
   */
  async reprocess(actor: Person, incidentId: string): Promise<ReprocessOutcome> {
    const found = await this.incidentFor(actor, incidentId);
    if (found.kind !== 'ok') return found;
    const incident = found.incident;
    if (incident.status !== 'open' || incident.cause.code !== 'group-license-error' || !incident.actions.includes('reprocess')) return { kind: 'not-applicable', incident };
    const groupId = incident.cause.groupId;
    const members = (await this.deps.graph.getMembersWithLicenseErrors(groupId)).slice(0, REPROCESS_LIMIT);
    this.inBackground(async () => {
      let failed = 0;
      for (const id of members) {
        try {
          await this.deps.graph.reprocessLicenseAssignment(id);
        } catch (error) {
          failed++;
          this.deps.logger.warn({ user: id, err: (error as Error).message, code: isGraphRequestError(error) ? error.code : undefined }, 'reprocessLicenseAssignment refused');
        }
      }
      const updated = await this.record(incident.id, (i) => ({
        ...i,
        history: [...i.history, { at: this.deps.now().toISOString(), event: 'reprocessed', by: actor.name, sent: members.length, failed }],
      }));
      await this.requestRefresh();
      if (updated) await this.deps.notifier.updateIncidentCards(updated);
    });
    return { kind: 'started', incident, users: members.length };
  }

  /** What the request form is pre-filled with to restore a disconnected mailbox. */
  async restoreRequest(actor: Person, incidentId: string): Promise<RestoreOutcome> {
    const found = await this.incidentFor(actor, incidentId);
    if (found.kind !== 'ok') return found;
    const { incident } = found;
    const cause = incident.cause;
    if (cause.code !== 'mailbox-disconnected' || !cause.restore) return { kind: 'not-applicable', incident };
    return {
      kind: 'ok',
      incident,
      target: cause.upn || cause.userId,
      product: cause.restore.skuPartNumber,
      reason: `Restore the mailbox: its license was removed on ${cause.changedAt.slice(0, 10)} by ${cause.initiator}; its data is deleted after ${cause.deletedAfter.slice(0, 10)} (${incident.id}).`,
    };
  }

  async settled(): Promise<void> {
    while (this.background.size) await Promise.allSettled([...this.background]);
  }

  private async record(id: string, change: (i: Incident) => Incident): Promise<Incident | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.deps.store.incident(id);
      if (!current) return undefined;
      try {
        return await this.deps.store.updateIncident(change(current));
      } catch (error) {
        if (!(error instanceof StaleVersionError)) throw error;
      }
    }
    return undefined;
  }

  private async requestRefresh(): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const state = await this.deps.store.watchState();
      try {
        await this.deps.store.saveWatchState({ ...state, refreshRequested: true });
        return;
      } catch (error) {
        if (!(error instanceof StaleVersionError)) throw error;
      }
    }
  }

  private inBackground(job: () => Promise<unknown>): void {
    const promise = job()
      .catch((error) => this.deps.logger.error({ err: (error as Error).message }, 'alert job failed'))
      .finally(() => this.background.delete(promise));
    this.background.add(promise);
  }
}
