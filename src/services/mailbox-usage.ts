/**
 * The mailbox usage report (`getMailboxUsageDetail`, a tenant-wide CSV download) read at most once per
 * `ttlMs` and shared by every question about mailboxes. When the tenant conceals names in reports (the
 * default since 2021) the rows carry hashes instead of UPNs: that is said as such, never as "no data".
 */
import type { GraphGateway } from '../graph/gateway';
import type { MailboxUsageReport as UsageReport } from '../graph/types';
import type { MailboxFacts } from '../requests/preflight';
import type { MailboxUsageResult, MailboxUsageSource } from './license-answers';

export interface MailboxUsageLogger {
  warn(obj: object, msg?: string): void;
}

const DEFAULT_TTL_MS = 10 * 60_000;

export class MailboxUsageReport implements MailboxUsageSource {
  private cached?: { at: number; report: Promise<UsageReport> };

  constructor(
    private readonly graph: Pick<GraphGateway, 'getMailboxUsageReport'>,
    private readonly logger: MailboxUsageLogger,
    private readonly now: () => Date = () => new Date(),
    private readonly ttlMs = DEFAULT_TTL_MS,
  ) {}

  /** What the mailbox guard needs (requests, batches, reverts); `fresh` re-reads the report (a revert is due). */
  async factsFor(userPrincipalName: string | null | undefined, options: { fresh?: boolean } = {}): Promise<MailboxFacts | undefined> {
    if (!userPrincipalName) return undefined;
    const usage = await this.usageOf({ userPrincipalName }, options);
    // Concealed names (the tenant default): the guard cannot see this mailbox, and says why.
    if (usage.kind === 'concealed') return { namesConcealed: true };
    if (usage.kind !== 'found') return undefined;
    return { storageUsedBytes: usage.sizeKnown ? usage.usage.storageUsedBytes : undefined, hasArchive: usage.usage.archive ?? false, litigationHoldEnabled: usage.usage.hasLitigationHold };
  }

  async usageOf(user: { userPrincipalName?: string | null }, options: { fresh?: boolean } = {}): Promise<MailboxUsageResult> {
    let report: UsageReport;
    try {
      report = await this.report(options.fresh);
    } catch (error) {
      this.cached = undefined;
      this.logger.warn({ err: (error as Error).message }, 'mailbox usage report unavailable');
      return { kind: 'unavailable' };
    }
    const upn = (user.userPrincipalName ?? '').toLowerCase();
    const row = upn ? report.rows.find((r) => r.userPrincipalName.toLowerCase() === upn) : undefined;
    if (row) {
      return {
        kind: 'found',
        sizeKnown: row.storageUsedInBytes !== undefined,
        usage: {
          storageUsedBytes: row.storageUsedInBytes ?? 0,
          quotaBytes: row.prohibitSendQuotaInBytes,
          archive: row.hasArchive,
          hasLitigationHold: row.litigationHoldEnabled,
        },
      };
    }
    // Concealed names (the tenant default; /admin/reportSettings or hashes in the rows): nobody can be found.
    return report.namesConcealed ? { kind: 'concealed' } : { kind: 'unavailable' };
  }

  private report(fresh = false): Promise<UsageReport> {
    const now = this.now().getTime();
    if (fresh || !this.cached || now - this.cached.at > this.ttlMs) this.cached = { at: now, report: this.graph.getMailboxUsageReport() };
    return this.cached.report;
  }
}

/** The name the batch and temporary-license services use for it. */
export type MailboxUsage = MailboxUsageReport;
