import { odata, TableClient, type TransactionAction } from '@azure/data-tables';
import type { AppConfig } from '../config';
import { statusOf, tableClient } from './table-client';
import type { BatchItem } from '../requests/batch';
import type { SeatBudget } from '../requests/budget';
import type { BulkStore, ScheduledJob } from './bulk-store';
import { chunk, keyPart, unchunk } from './table-request-store';

/**
 * Batch items, scheduled jobs and budgets on Azure Table Storage, every query one partition:
 *
 *   <prefix>items     PK = request id     RK = index (6 digits)        one entity per person (≤ 1 MiB each, tiny)
 *   <prefix>schedule  PK = "job"          RK = job key                 the job and its due time
 *                     PK = "due"          RK = "<dueAt>|<job key>"     dueJobs: RowKey lt "<t>}" (a hint, re-checked)
 *   <prefix>budgets   PK = "budget"       RK = budget key
 *
 * Items of one request share a partition, so up to 100 are written in one entity-group transaction.
 */
const TRANSACTION_LIMIT = 100;


async function ignore404(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
}

const indexKey = (index: number) => String(index).padStart(6, '0');

export class TableBulkStore implements BulkStore {
  private constructor(
    private readonly itemsTable: TableClient,
    private readonly schedule: TableClient,
    private readonly budgetsTable: TableClient,
  ) {}

  static async open(config: AppConfig['store']): Promise<TableBulkStore> {
    const client = (suffix: string): TableClient => tableClient(config, suffix);
    const tables = [client('items'), client('schedule'), client('budgets')] as const;
    await Promise.all(
      tables.map(async (t) => {
        try {
          await t.createTable();
        } catch (error) {
          if (statusOf(error) !== 409) throw error;
        }
      }),
    );
    return new TableBulkStore(...tables);
  }

  async saveItems(items: readonly BatchItem[]): Promise<void> {
    const byRequest = new Map<string, BatchItem[]>();
    for (const item of items) byRequest.set(item.requestId, [...(byRequest.get(item.requestId) ?? []), item]);
    for (const [requestId, list] of byRequest) {
      for (let i = 0; i < list.length; i += TRANSACTION_LIMIT) {
        const actions: TransactionAction[] = list.slice(i, i + TRANSACTION_LIMIT).map((item) => ['upsert', { partitionKey: keyPart(requestId), rowKey: indexKey(item.index), state: item.state, ...chunk(item) }, 'Replace']);
        await this.itemsTable.submitTransaction(actions);
      }
    }
  }

  async items(requestId: string): Promise<BatchItem[]> {
    const out: BatchItem[] = [];
    for await (const e of this.itemsTable.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${keyPart(requestId)}` } })) out.push(unchunk<BatchItem>(e));
    return out.sort((a, b) => a.index - b.index);
  }

  async scheduleJob(job: ScheduledJob): Promise<void> {
    const rowKey = keyPart(job.key);
    let previous: string | undefined;
    try {
      previous = String((await this.schedule.getEntity<Record<string, unknown>>('job', rowKey)).dueAt);
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
    // The due row first: a crash in between leaves an extra hint, never a lost job.
    await this.schedule.upsertEntity({ partitionKey: 'due', rowKey: `${job.dueAt}|${rowKey}`, ...chunk(job) }, 'Replace');
    await this.schedule.upsertEntity({ partitionKey: 'job', rowKey, dueAt: job.dueAt, ...chunk(job) }, 'Replace');
    if (previous && previous !== job.dueAt) await ignore404(this.schedule.deleteEntity('due', `${previous}|${rowKey}`));
  }

  async dueJobs(isoTime: string, limit = 100): Promise<ScheduledJob[]> {
    const out: ScheduledJob[] = [];
    const filter = odata`PartitionKey eq ${'due'} and RowKey lt ${`${isoTime}}`}`;
    for await (const e of this.schedule.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      const job = unchunk<ScheduledJob>(e);
      if (job.dueAt <= isoTime) out.push(job);
      if (out.length >= limit) break;
    }
    return out;
  }

  async removeJob(key: string, dueAt: string): Promise<void> {
    const rowKey = keyPart(key);
    try {
      const current = await this.schedule.getEntity<Record<string, unknown>>('job', rowKey);
      if (String(current.dueAt) === dueAt) await this.schedule.deleteEntity('job', rowKey, { etag: current.etag });
    } catch (error) {
      if (statusOf(error) !== 404 && statusOf(error) !== 412) throw error;
    }
    await ignore404(this.schedule.deleteEntity('due', `${dueAt}|${rowKey}`));
  }

  async setBudget(budget: SeatBudget): Promise<void> {
    await this.budgetsTable.upsertEntity({ partitionKey: 'budget', rowKey: keyPart(budget.key), ...chunk(budget) }, 'Replace');
  }

  async removeBudget(key: string): Promise<boolean> {
    try {
      await this.budgetsTable.deleteEntity('budget', keyPart(key));
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw error;
    }
  }

  async budgets(): Promise<SeatBudget[]> {
    const out: SeatBudget[] = [];
    for await (const e of this.budgetsTable.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${'budget'}` } })) out.push(unchunk<SeatBudget>(e));
    return out.sort((a, b) => a.key.localeCompare(b.key));
  }

  async close(): Promise<void> {}
}
