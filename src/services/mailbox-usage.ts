import type { GraphGateway } from '../graph/gateway';
import type { MailboxUsageRow } from '../graph/types';
import type { MailboxFacts } from '../requests/preflight';
import type { ExecutorLogger } from './request-executor';

const TTL_MS = 10 * 60_000;

/**
 * Mailbox sizes, archives and holds from Graph's usage report (one download for everyone, cached 10 minutes):
 * what the mailbox guard needs for batches and reverts. undefined when the report is unavailable or conceals names.
 */
export class MailboxUsage {
  private report?: { at: number; rows: Promise<Map<string, MailboxUsageRow>> };

  constructor(
    private readonly graph: Pick<GraphGateway, 'getMailboxUsage'>,
    private readonly now: () => Date,
    private readonly logger: ExecutorLogger,
  ) {}

  async factsFor(userPrincipalName: string | null | undefined, options: { fresh?: boolean } = {}): Promise<MailboxFacts | undefined> {
    if (!userPrincipalName) return undefined;
    const rows = await this.rows(options.fresh);
    const row = rows?.get(userPrincipalName.toLowerCase());
    return row ? { storageUsedBytes: row.storageUsedInBytes, hasArchive: row.hasArchive, litigationHoldEnabled: row.litigationHoldEnabled } : undefined;
  }

  private async rows(fresh = false): Promise<Map<string, MailboxUsageRow> | undefined> {
    if (fresh || !this.report || this.now().getTime() - this.report.at > TTL_MS) {
      this.report = { at: this.now().getTime(), rows: this.graph.getMailboxUsage().then((list) => new Map(list.map((r) => [r.userPrincipalName.toLowerCase(), r]))) };
    }
    try {
      return await this.report.rows;
    } catch (error) {
      this.report = undefined;
      this.logger.warn({ err: (error as Error).message }, 'mailbox usage report unavailable');
      return undefined;
    }
  }
}
