import { wants } from '../alerts/kinds';
import type { AlertKind } from '../alerts/types';
import type { AlertStore } from '../store/alert-store';
import type { AlertNotifier } from './alert-notifier';
import type { Approvers } from './approvers';

/**
 * Who gets an alert: approvers (the group's members, one paged Graph call) who have the bot installed, minus those
 * who switched that kind off. As RequestService.sendForApproval does it, never a Graph call per person.
 */
export class AlertRecipients {
  constructor(
    private readonly approvers: Pick<Approvers, 'configured' | 'memberIds'>,
    private readonly notifier: Pick<AlertNotifier, 'reachablePeople'>,
    private readonly store: Pick<AlertStore, 'allPreferences'>,
  ) {}

  /** kind → approver aadObjectIds (lower case) who want it. */
  async byKind(): Promise<(kind: AlertKind) => string[]> {
    if (!this.approvers.configured) return () => [];
    const [members, reachable, preferences] = await Promise.all([this.approvers.memberIds(), this.notifier.reachablePeople(), this.store.allPreferences()]);
    const prefs = new Map(preferences.map((p) => [p.aadObjectId.toLowerCase(), p]));
    const approvers = [...new Set(reachable.map((id) => id.toLowerCase()))].filter((id) => members.has(id));
    return (kind) => approvers.filter((id) => wants(prefs.get(id), kind));
  }
}
