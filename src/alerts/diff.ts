/**
 * Previous incidents vs. what holds now → raised / updated / reopened / resolved. Each incident is raised once,
 * edited in place when it changes, resolved when it clears; one that comes back soon after it cleared is reopened
 * (its card edited again) rather than raised anew, so a flapping condition never spams.
 */
import { incidentId } from './incident-id';
import { MAX_HISTORY, type HistoryEntry, type Incident, type IncidentDraft } from './types';

export interface IncidentChanges {
  raised: Incident[];
  updated: Incident[];
  reopened: Incident[];
  resolved: Incident[];
}

export interface DiffOptions {
  now: Date;
  /** A resolved incident seen again within this time is reopened. Default 24 hours. */
  reopenWithinMs?: number;
  /** Keys this cycle could not judge: their open incidents are left as they are. */
  judged: (key: string) => boolean;
}

/** What makes two versions of an incident different for the people reading it (not the days counting down). */
export function fingerprint(d: IncidentDraft): string {
  const cause = { ...d.cause } as Record<string, unknown>;
  delete cause.daysLeft;
  return JSON.stringify([d.severity, cause, d.fixes, d.affected.map((p) => [p.id, p.note ?? null]), d.affectedCount, d.actions]);
}

function withHistory(incident: Incident, entry: HistoryEntry): HistoryEntry[] {
  const history = [...incident.history, entry];
  // Keep the first entry (when it was raised) and the latest ones.
  return history.length <= MAX_HISTORY ? history : [history[0], ...history.slice(history.length - MAX_HISTORY + 1)];
}

export function diffIncidents(previous: readonly Incident[], drafts: readonly IncidentDraft[], options: DiffOptions): IncidentChanges {
  const at = options.now.toISOString();
  const reopenWithin = options.reopenWithinMs ?? 24 * 3600_000;
  const open = new Map(previous.filter((i) => i.status === 'open').map((i) => [i.key, i]));
  const recent = new Map<string, Incident>();
  for (const i of previous) {
    if (i.status !== 'resolved' || !i.resolvedAt || options.now.getTime() - Date.parse(i.resolvedAt) > reopenWithin) continue;
    const known = recent.get(i.key);
    if (!known || (known.resolvedAt ?? '') < i.resolvedAt) recent.set(i.key, i);
  }
  const changes: IncidentChanges = { raised: [], updated: [], reopened: [], resolved: [] };
  const seen = new Set<string>();
  for (const draft of drafts) {
    if (seen.has(draft.key)) continue; // one incident per key, whatever the rules produced
    seen.add(draft.key);
    const current = open.get(draft.key);
    const entry: HistoryEntry = { at, event: 'changed', severity: draft.severity, affectedCount: draft.affectedCount };
    if (current) {
      if (fingerprint(current) !== fingerprint(draft)) changes.updated.push({ ...current, ...draft, updatedAt: at, history: withHistory(current, entry) });
      continue;
    }
    const back = recent.get(draft.key);
    if (back) {
      const { resolvedAt: _gone, ...rest } = back;
      changes.reopened.push({ ...rest, ...draft, status: 'open', updatedAt: at, history: withHistory(back, { ...entry, event: 'reopened' }) });
      continue;
    }
    changes.raised.push({
      ...draft,
      id: incidentId(draft.key, at),
      status: 'open',
      raisedAt: at,
      updatedAt: at,
      history: [{ ...entry, event: 'raised' }],
      cards: [],
      version: 0,
    });
  }
  for (const [key, incident] of open) {
    if (seen.has(key) || !options.judged(key)) continue;
    changes.resolved.push({ ...incident, status: 'resolved', resolvedAt: at, updatedAt: at, history: withHistory(incident, { at, event: 'resolved' }) });
  }
  return changes;
}
