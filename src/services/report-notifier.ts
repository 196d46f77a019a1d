import type { TrendPoint } from '../report/history';
import type { TenantReportResult } from './tenant-report';

/** A built report as it is offered in Teams: the report, its billing rows and group names, and the trend. */
export interface BuiltReport {
  result: Pick<TenantReportResult, 'report' | 'billingRows' | 'groupNames'>;
  trend: readonly TrendPoint[];
}

export interface ScheduledReport {
  built: BuiltReport;
  /** "2026-12" (monthly) or "2026-W49" (weekly). */
  period: string;
}

/**
 * How the report scheduler reaches approvers in Teams (implemented in src/bot with proactive messages, like the
 * alert notifier): the report card with its one-time CSV links, to each approver's personal chat and the channel.
 */
export interface ReportNotifier {
  /** False when the bot is not installed for that approver (or the send failed). */
  postScheduledReport(report: ScheduledReport, aadObjectId: string): Promise<boolean>;
  /** False when no approval channel is configured or known. */
  postScheduledReportToChannel(report: ScheduledReport): Promise<boolean>;
  /** aadObjectIds of people with the bot installed in a personal chat. */
  reachablePeople(): Promise<string[]>;
  /** Done offering: frees the billing rows unless a posted card keeps them. */
  release(report: ScheduledReport): void;
}
