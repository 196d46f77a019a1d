import { resolve } from 'node:path';
import type { AppConfig } from '../config';
import type { AlertStore } from './alert-store';
import { SqliteAlertStore } from './sqlite-alert-store';
import { TableAlertStore } from './table-alert-store';
import type { RequestStore } from './request-store';
import { SqliteRequestStore } from './sqlite-request-store';
import { TableRequestStore } from './table-request-store';
import type { BulkStore } from './bulk-store';
import { SqliteBulkStore } from './sqlite-bulk-store';
import { TableBulkStore } from './table-bulk-store';
import type { ReportHistoryStore } from './report-history-store';
import { SqliteReportHistoryStore } from './sqlite-report-history-store';
import { TableReportHistoryStore } from './table-report-history-store';

export interface OpenedStore {
  store: RequestStore;
  /** Several instances share it: execution claims need leases, and reconciliation runs periodically. */
  shared: boolean;
}

/** The store chosen by config: embedded SQLite (default, one instance) or Azure Table Storage (several). */
export async function openRequestStore(config: Pick<AppConfig, 'store' | 'dataDir'>): Promise<OpenedStore> {
  if (config.store.kind === 'table') {
    return { store: await TableRequestStore.open(config.store), shared: true };
  }
  const file = config.dataDir === ':memory:' ? ':memory:' : resolve(config.dataDir, 'license-desk.db');
  return { store: SqliteRequestStore.open(file), shared: false };
}

/** The alert store beside the request store: the same SQLite file (its own tables), or the same Table account. */
export async function openAlertStore(config: Pick<AppConfig, 'store' | 'dataDir'>): Promise<AlertStore> {
  if (config.store.kind === 'table') return TableAlertStore.open(config.store);
  return SqliteAlertStore.open(config.dataDir === ':memory:' ? ':memory:' : resolve(config.dataDir, 'license-desk.db'));
}

/** The bulk store (batch items, schedule, budgets) on the same backend as the requests. */
export async function openBulkStore(config: Pick<AppConfig, 'store' | 'dataDir'>): Promise<BulkStore> {
  if (config.store.kind === 'table') return TableBulkStore.open(config.store);
  const file = config.dataDir === ':memory:' ? ':memory:' : resolve(config.dataDir, 'license-desk.db');
  return SqliteBulkStore.open(file);
}

/** The report history beside the others: the same SQLite file (its own tables), or the same Table account. */
export async function openReportHistoryStore(config: Pick<AppConfig, 'store' | 'dataDir'>): Promise<ReportHistoryStore> {
  if (config.store.kind === 'table') return TableReportHistoryStore.open(config.store);
  return SqliteReportHistoryStore.open(config.dataDir === ':memory:' ? ':memory:' : resolve(config.dataDir, 'license-desk.db'));
}
