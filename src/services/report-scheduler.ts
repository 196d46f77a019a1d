/**
 * The scheduled license report (issue 17): on REPORT_SCHEDULE (default the 1st of each month, 07:00 UTC) the report
 * card with its CSV links goes to every approver who has the bot installed and to the approval channel — once per
 * deployment: only the holder of the scheduled-work lease (the tenant watcher's, `tenant-watch`) runs it, and the
 * period is claimed in the store (first claim wins) after the report was built, so a Graph failure is retried on
 * the next check while a second instance can never send it again. It also makes sure each ISO week has a snapshot
 * for the trend (one report run a week when nothing else ran one).
 */
import { isoWeek } from '../report/history';
import { scheduledRunDue, type ReportSchedule } from '../report/schedule';
import type { AlertStore } from '../store/alert-store';
import type { ReportHistoryStore } from '../store/report-history-store';
import type { Approvers } from './approvers';
import type { ReportHistory } from './report-history';
import type { ReportNotifier, ScheduledReport } from './report-notifier';
import type { TenantReportResult, TenantReportRunOptions } from './tenant-report';
import { WATCH_LEASE } from './tenant-watcher';

export interface SchedulerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ReportSchedulerDeps {
  lease: Pick<AlertStore, 'acquireLease' | 'releaseLease'>;
  store: Pick<ReportHistoryStore, 'claimScheduledRun' | 'scheduledRun'>;
  history: Pick<ReportHistory, 'record' | 'hasWeek'>;
  report: { run(options?: TenantReportRunOptions): Promise<TenantReportResult> };
  notifier: ReportNotifier;
  approvers: Pick<Approvers, 'configured' | 'memberIds'>;
  now: () => Date;
  logger: SchedulerLogger;
  instanceId: string;
}

export interface ReportSchedulerOptions {
  schedule: ReportSchedule;
  /** The scheduled-work lease's time to live (the watcher's). */
  leaseMs: number;
  /** How often to check; default a third of the lease, between 5 s and 10 minutes. */
  checkEveryMs?: number;
  inactiveDays?: number;
  /** How long after its moment a missed run is still sent (default 2 days). */
  catchUpMs?: number;
}

export interface TickResult {
  ran: boolean;
  reason?: 'not-lease-holder' | 'report-failed';
  /** The period sent in this tick. */
  period?: string;
  /** Cards posted (approvers + channel). */
  sent: number;
  /** A weekly snapshot was taken. */
  snapshot: boolean;
  error?: string;
}

export class ReportScheduler {
  private timer?: NodeJS.Timeout;
  private running?: Promise<TickResult>;

  constructor(
    private readonly deps: ReportSchedulerDeps,
    private readonly options: ReportSchedulerOptions,
  ) {}

  get checkEveryMs(): number {
    return this.options.checkEveryMs ?? Math.min(600_000, Math.max(5_000, Math.floor(this.options.leaseMs / 3)));
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick().catch((error) => this.deps.logger.error({ err: (error as Error).message }, 'report schedule check failed')), this.checkEveryMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One check, never two at once in this process. */
  tick(): Promise<TickResult> {
    if (this.running) return this.running.then(() => this.tick());
    const run = this.check().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async check(): Promise<TickResult> {
    const { deps, options } = this;
    const now = deps.now();
    const result: TickResult = { ran: false, sent: 0, snapshot: false };
    if (!(await deps.lease.acquireLease(WATCH_LEASE, deps.instanceId, options.leaseMs, now))) return { ...result, reason: 'not-lease-holder' };
    result.ran = true;
    const due = scheduledRunDue(options.schedule, now, options.catchUpMs);
    const send = due !== undefined && !(await deps.store.scheduledRun(due.period));
    const snapshot = !(await deps.history.hasWeek(now));
    if (!send && !snapshot) return result;

    let built: ScheduledReport['built'];
    try {
      const run = await deps.report.run({ inactiveDays: options.inactiveDays, billingRows: send });
      built = { result: run, trend: await deps.history.record(run.report) };
      result.snapshot = true;
    } catch (error) {
      deps.logger.warn({ err: (error as Error).message, period: due?.period, week: isoWeek(now) }, 'scheduled report not built; retried at the next check');
      return { ...result, reason: 'report-failed', error: (error as Error).message };
    }
    if (!send) return result;

    const scheduled: ScheduledReport = { built, period: due!.period };
    try {
      if (!(await deps.store.claimScheduledRun(due!.period, deps.instanceId, now))) {
        deps.logger.info({ period: due!.period }, 'scheduled report already sent by another instance');
        return result;
      }
      result.period = due!.period;
      result.sent = await this.deliver(scheduled);
      deps.logger.info({ period: due!.period, sent: result.sent, users: built.result.report.totals.users }, 'scheduled report sent');
      return result;
    } finally {
      deps.notifier.release(scheduled);
    }
  }

  /** To each approver who has the bot installed, then to the approval channel. */
  private async deliver(report: ScheduledReport): Promise<number> {
    const { approvers, notifier, logger } = this.deps;
    let sent = 0;
    if (approvers.configured) {
      const [members, reachable] = await Promise.all([approvers.memberIds(), notifier.reachablePeople()]);
      for (const id of [...new Set(reachable.map((r) => r.toLowerCase()))].filter((r) => members.has(r))) {
        if (await notifier.postScheduledReport(report, id).catch(() => false)) sent++;
        else logger.warn({ approver: id }, 'scheduled report not delivered to an approver');
      }
    }
    if (await notifier.postScheduledReportToChannel(report).catch(() => false)) sent++;
    return sent;
  }
}
