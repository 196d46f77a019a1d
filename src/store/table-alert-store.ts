import { odata, TableClient } from '@azure/data-tables';
import type { AlertPreferences } from '../alerts/kinds';
import type { Incident } from '../alerts/types';
import type { AppConfig } from '../config';
import { getEntityOrUndefined, openTable, statusOf, type StoredEntity } from './table-client';
import { DuplicateIncidentError, EMPTY_WATCH_STATE, StaleVersionError, type AlertStore, type WatchState } from './alert-store';
import { keyPart } from './table-request-store';

/**
 * The alert store on Azure Table Storage (one table, `<prefix>alerts`), for several instances:
 *
 *   PK = incident id   RK = "incident"               the incident (JSON, ETag = version)   point read
 *   PK = "openkey"     RK = <incident key>           { incidentId }: at most one open incident per key
 *   PK = "resolved"    RK = "<resolvedAt>|<id>"      resolvedSince (one partition, RowKey range)
 *   PK = "prefs"       RK = <aadObjectId>            an approver's switches
 *   PK = "state"       RK = "watch"                  the watcher's state (ETag)
 *   PK = "lease"       RK = <name>                   { holder, untilMs } (ETag): who runs the watch
 *
 * The "openkey" row is inserted before an incident is stored open (insert fails with 409 when one exists), so two
 * instances can never both raise the same incident; it is removed after the incident is saved resolved. A row
 * whose incident is missing or resolved (a crash in between) is stale and taken over.
 */
export class TableAlertStore implements AlertStore {
  private readonly etags = new Map<string, { version: number; etag: string }>();
  private stateEtag?: string;

  private constructor(private readonly table: TableClient) {}

  static async open(config: AppConfig['store']): Promise<TableAlertStore> {
    return new TableAlertStore(await openTable(config, 'alerts'));
  }

  // ------------------------------------------------------------------------------------------------ incidents

  async incident(id: string): Promise<Incident | undefined> {
    const entity = await this.get(keyPart(id), 'incident');
    if (!entity) return undefined;
    const incident = unchunk<Incident>(entity);
    this.etags.set(incident.id, { version: incident.version, etag: String(entity.etag) });
    return incident;
  }

  async openIncidents(): Promise<Incident[]> {
    const rows = await this.partition('openkey');
    const incidents = await Promise.all(rows.map((r) => this.incident(String(r.incidentId))));
    return incidents.filter((i): i is Incident => i?.status === 'open').sort((a, b) => a.id.localeCompare(b.id));
  }

  async resolvedSince(isoTime: string): Promise<Incident[]> {
    const rows: Array<Record<string, unknown>> = [];
    for await (const e of this.table.listEntities({ queryOptions: { filter: odata`PartitionKey eq 'resolved' and RowKey ge ${isoTime}` } })) rows.push(e);
    const incidents = await Promise.all(rows.map((r) => this.incident(String(r.incidentId))));
    return incidents.filter((i): i is Incident => i?.status === 'resolved');
  }

  async createIncident(incident: Incident): Promise<Incident> {
    const stored = { ...incident, version: 1 };
    if (stored.status === 'open') await this.claimKey(stored.key, stored.id);
    const written = await this.table.createEntity({ partitionKey: keyPart(stored.id), rowKey: 'incident', status: stored.status, ...chunk(stored) });
    this.etags.set(stored.id, { version: 1, etag: written.etag ?? '*' });
    return stored;
  }

  async updateIncident(incident: Incident): Promise<Incident> {
    let known = this.etags.get(incident.id);
    if (!known || known.version !== incident.version) {
      const current = await this.incident(incident.id);
      known = current ? this.etags.get(incident.id) : undefined;
    }
    if (!known || known.version !== incident.version) throw new StaleVersionError(`Incident ${incident.id}`);
    const before = await this.incidentStatusBefore(incident.id);
    const next = { ...incident, version: incident.version + 1 };
    const reopening = next.status === 'open' && before === 'resolved';
    if (reopening) await this.claimKey(next.key, next.id);
    try {
      const written = await this.table.updateEntity({ partitionKey: keyPart(next.id), rowKey: 'incident', status: next.status, ...chunk(next) }, 'Replace', { etag: known.etag });
      this.etags.set(next.id, { version: next.version, etag: written.etag ?? '*' });
    } catch (error) {
      if (statusOf(error) === 412 || statusOf(error) === 404) {
        this.etags.delete(incident.id);
        throw new StaleVersionError(`Incident ${incident.id}`);
      }
      throw error;
    }
    if (next.status === 'resolved' && next.resolvedAt) {
      await this.table.upsertEntity({ partitionKey: 'resolved', rowKey: `${next.resolvedAt}|${keyPart(next.id)}`, incidentId: next.id }, 'Replace');
      await this.freeKey(next.key, next.id);
    }
    return next;
  }

  /** The status as stored: the cached copy is enough, it was read or written at this version. */
  private async incidentStatusBefore(id: string): Promise<string | undefined> {
    const entity = await this.get(keyPart(id), 'incident');
    return entity ? String(entity.status) : undefined;
  }

  private async claimKey(key: string, id: string): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.table.createEntity({ partitionKey: 'openkey', rowKey: keyPart(key), incidentId: id });
        return;
      } catch (error) {
        if (statusOf(error) !== 409) throw error;
      }
      const row = await this.get('openkey', keyPart(key));
      if (!row) continue;
      if (String(row.incidentId) === id) return;
      const holder = await this.get(keyPart(String(row.incidentId)), 'incident');
      if (holder && String(holder.status) === 'open') throw new DuplicateIncidentError(key);
      // Stale: its incident never got stored, or was resolved without the row being removed.
      try {
        await this.table.deleteEntity('openkey', keyPart(key), { etag: String(row.etag) });
      } catch (error) {
        if (statusOf(error) !== 412 && statusOf(error) !== 404) throw error;
      }
    }
    throw new DuplicateIncidentError(key);
  }

  private async freeKey(key: string, id: string): Promise<void> {
    const row = await this.get('openkey', keyPart(key));
    if (!row || String(row.incidentId) !== id) return;
    try {
      await this.table.deleteEntity('openkey', keyPart(key), { etag: String(row.etag) });
    } catch (error) {
      if (statusOf(error) !== 412 && statusOf(error) !== 404) throw error;
    }
  }

  // ------------------------------------------------------------------------------------------------ preferences

  async preferences(aadObjectId: string): Promise<AlertPreferences | undefined> {
    const e = await this.get('prefs', keyPart(aadObjectId.toLowerCase()));
    return e ? (JSON.parse(String(e.data)) as AlertPreferences) : undefined;
  }

  async allPreferences(): Promise<AlertPreferences[]> {
    return (await this.partition('prefs')).map((e) => JSON.parse(String(e.data)) as AlertPreferences);
  }

  async savePreferences(preferences: AlertPreferences): Promise<void> {
    const p = { ...preferences, aadObjectId: preferences.aadObjectId.toLowerCase() };
    await this.table.upsertEntity({ partitionKey: 'prefs', rowKey: keyPart(p.aadObjectId), data: asciiJson(p) }, 'Replace');
  }

  // ------------------------------------------------------------------------------------------------ watch state

  async watchState(): Promise<WatchState> {
    const e = await this.get('state', 'watch');
    if (!e) return { ...EMPTY_WATCH_STATE, seenAuditIds: [] };
    this.stateEtag = String(e.etag);
    return { ...unchunk<WatchState>(e), version: Number(e.version) };
  }

  async saveWatchState(state: WatchState): Promise<WatchState> {
    const entity = { partitionKey: 'state', rowKey: 'watch', version: state.version + 1, ...chunk({ ...state, version: undefined }) };
    try {
      if (state.version === 0) {
        const written = await this.table.createEntity(entity);
        this.stateEtag = written.etag;
      } else {
        if (!this.stateEtag) await this.watchState();
        const stored = await this.get('state', 'watch');
        if (!stored || Number(stored.version) !== state.version) throw new StaleVersionError('The watch state');
        const written = await this.table.updateEntity(entity, 'Replace', { etag: String(stored.etag) });
        this.stateEtag = written.etag;
      }
    } catch (error) {
      if (error instanceof StaleVersionError) throw error;
      if (statusOf(error) === 409 || statusOf(error) === 412) throw new StaleVersionError('The watch state');
      throw error;
    }
    return { ...state, version: state.version + 1 };
  }

  // ------------------------------------------------------------------------------------------------ lease

  async acquireLease(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    const untilMs = now.getTime() + ttlMs;
    const current = await this.get('lease', keyPart(name));
    try {
      if (!current) {
        await this.table.createEntity({ partitionKey: 'lease', rowKey: keyPart(name), holder, untilMs });
        return true;
      }
      if (String(current.holder) !== holder && Number(current.untilMs) >= now.getTime()) return false;
      // Conditional on the ETag read: of two instances taking over a lapsed lease, one gets 412.
      await this.table.updateEntity({ partitionKey: 'lease', rowKey: keyPart(name), holder, untilMs }, 'Replace', { etag: String(current.etag) });
      return true;
    } catch (error) {
      if (statusOf(error) === 409 || statusOf(error) === 412) return false;
      throw error;
    }
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    const current = await this.get('lease', keyPart(name));
    if (!current || String(current.holder) !== holder) return;
    try {
      await this.table.updateEntity({ partitionKey: 'lease', rowKey: keyPart(name), holder, untilMs: 0 }, 'Replace', { etag: String(current.etag) });
    } catch (error) {
      if (statusOf(error) !== 412 && statusOf(error) !== 404) throw error;
    }
  }

  async close(): Promise<void> {
    // TableClient holds no connection to close.
  }

  // ------------------------------------------------------------------------------------------------ plumbing

  private get(partitionKey: string, rowKey: string): Promise<StoredEntity | undefined> {
    return getEntityOrUndefined(this.table, partitionKey, rowKey);
  }

  private async partition(partitionKey: string): Promise<Array<Record<string, unknown>>> {
    const rows: Array<Record<string, unknown>> = [];
    for await (const e of this.table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey}` } })) rows.push(e);
    return rows;
  }
}

const CHUNK_CHARS = 32_000;
const MAX_CHUNKS = 15;

/** ASCII JSON (Azurite decodes each network chunk on its own, so non-ASCII is escaped; see table-request-store). */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function chunk(value: unknown): Record<string, string | number> {
  const text = asciiJson(value);
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += CHUNK_CHARS) parts.push(text.slice(i, i + CHUNK_CHARS));
  if (parts.length > MAX_CHUNKS) throw new Error(`Entity too large for Table Storage (${text.length} characters).`);
  const out: Record<string, string | number> = { dn: parts.length };
  parts.forEach((p, i) => (out[`d${i}`] = p));
  return out;
}

function unchunk<T>(entity: Record<string, unknown>): T {
  let text = '';
  for (let i = 0; i < Number(entity.dn ?? 0); i++) text += String(entity[`d${i}`] ?? '');
  return JSON.parse(text) as T;
}

