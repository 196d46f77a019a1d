import { odata, TableClient } from '@azure/data-tables';
import type { AppConfig } from '../config';
import { getEntityOrUndefined, openTable, statusOf, type StoredEntity } from './table-client';
import type { ReportSnapshot } from '../report/history';
import type { ReportHistoryStore } from './report-history-store';
import { keyPart } from './table-request-store';

/**
 * The report history on Azure Table Storage (one table, `<prefix>reports`):
 *
 *   PK = "snapshot"   RK = <ISO week, "2026-W48">   the week's snapshot (JSON; RowKeys sort by week)
 *   PK = "run"        RK = <period, "2026-12">      { holder, at }: inserted once (409 for everyone after)
 *
 * Every query is a point read or one partition (52 snapshot rows a year).
 */
export class TableReportHistoryStore implements ReportHistoryStore {
  private constructor(private readonly table: TableClient) {}

  static async open(config: AppConfig['store']): Promise<TableReportHistoryStore> {
    return new TableReportHistoryStore(await openTable(config, 'reports'));
  }

  async saveSnapshot(snapshot: ReportSnapshot): Promise<void> {
    const entity = { partitionKey: 'snapshot', rowKey: keyPart(snapshot.week), takenAt: snapshot.takenAt, ...chunk(snapshot) };
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await this.get('snapshot', keyPart(snapshot.week));
      try {
        if (!current) await this.table.createEntity(entity);
        else if (String(current.takenAt) <= snapshot.takenAt) await this.table.updateEntity(entity, 'Replace', { etag: String(current.etag) });
        return;
      } catch (error) {
        // Someone wrote the week in between: read again and compare.
        if (statusOf(error) !== 409 && statusOf(error) !== 412) throw error;
      }
    }
  }

  async snapshot(week: string): Promise<ReportSnapshot | undefined> {
    const e = await this.get('snapshot', keyPart(week));
    return e ? unchunk<ReportSnapshot>(e) : undefined;
  }

  async snapshots(limit: number): Promise<ReportSnapshot[]> {
    const all: ReportSnapshot[] = [];
    for await (const e of this.table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${'snapshot'}` } })) all.push(unchunk<ReportSnapshot>(e));
    all.sort((a, b) => a.week.localeCompare(b.week));
    return limit > 0 ? all.slice(-Math.floor(limit)) : [];
  }

  async claimScheduledRun(period: string, holder: string, at: Date): Promise<boolean> {
    try {
      await this.table.createEntity({ partitionKey: 'run', rowKey: keyPart(period), holder, at: at.toISOString() });
      return true;
    } catch (error) {
      if (statusOf(error) === 409) return false;
      throw error;
    }
  }

  async scheduledRun(period: string): Promise<{ holder: string; at: string } | undefined> {
    const e = await this.get('run', keyPart(period));
    return e ? { holder: String(e.holder), at: String(e.at) } : undefined;
  }

  async close(): Promise<void> {
    // TableClient holds no connection to close.
  }

  private get(partitionKey: string, rowKey: string): Promise<StoredEntity | undefined> {
    return getEntityOrUndefined(this.table, partitionKey, rowKey);
  }
}

const CHUNK_CHARS = 32_000;
const MAX_CHUNKS = 15;

/** ASCII JSON split over properties of ≤ 32,000 characters (see table-request-store: Azurite and non-ASCII). */
function chunk(value: unknown): Record<string, string | number> {
  const text = JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const out: Record<string, string | number> = {};
  let n = 0;
  for (let i = 0; i < text.length; i += CHUNK_CHARS) out[`d${n++}`] = text.slice(i, i + CHUNK_CHARS);
  if (n > MAX_CHUNKS) throw new Error(`Snapshot too large for Table Storage (${text.length} characters).`);
  out.dn = n;
  return out;
}

function unchunk<T>(entity: Record<string, unknown>): T {
  let text = '';
  for (let i = 0; i < Number(entity.dn ?? 0); i++) text += String(entity[`d${i}`] ?? '');
  return JSON.parse(text) as T;
}

