/**
 * `report` in chat (approvers only) and the CSV download behind it.
 *
 * The CSV goes out as a link, not as a file: a Teams file upload needs `supportsFiles` in the manifest and the
 * FileConsentCard round trip (personal scope only), and the Agents Playground does not implement file consent at
 * all. The link is `GET <publicUrl>/reports/<token>.csv`: 256 random bits, one download, 15 minutes, kept in
 * memory with the approver's aadObjectId (for the log; a browser cannot prove who it is, so the guarantee is
 * that only the approver's personal chat ever shows the link). "New download link" mints another for the same
 * report while it is kept (24 h). Approvers only, personal chat only: the report names people.
 *
 * A scan of a large tenant takes longer than Teams waits for a message turn (about 15 s before it redelivers):
 * when the report is not ready within `inlineWaitMs` the bot says so and posts the card proactively later.
 * Concurrent `report` commands share one scan.
 *
 * Two downloads per card (issue 17): the findings CSV (every finding with its fix) and the per-user billing CSV
 * (streamed from the report's spooled rows: one row per licensed user and a total). Each report run records its
 * week's snapshot (ReportHistory) and the card shows the trend. The scheduled monthly report is offered through
 * `offer()` (the ProactiveReportNotifier): a channel copy's links may be renewed by any approver.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { ActivityTypes, CardFactory, MessageFactory, TurnContext, type AdaptiveCardInvokeResponse, type ConversationReference } from 'botbuilder';
import type * as restify from 'restify';
import { z } from 'zod';
import { isGraphRequestError } from '../graph/errors';
import type { Logger } from '../logging';
import type { Approvers } from '../services/approvers';
import { createBillingCsv } from '../report/billing-csv';
import type { BillingRow } from '../report/billing-types';
import { toCsv } from '../report/csv';
import type { TrendPoint } from '../report/history';
import type { TenantReport } from '../report/types';
import type { BuiltReport } from '../services/report-notifier';
import type { TenantReportResult, TenantReportRunOptions } from '../services/tenant-report';
import type { RowSpool } from '../store/row-spool';
import { renderCard } from './render';
import { cardResponse, errorResponse } from './request-handlers';
import { turnOf } from './turn';
import { reportCardView } from './views/report-view';
import { messagesOf, type Messages } from './i18n';
import { errorView, messageFrom } from './views/simple-views';

export interface ReportHandlersDeps {
  report: { run(options?: TenantReportRunOptions): Promise<TenantReportResult> };
  approvers: Pick<Approvers, 'isApprover'>;
  /** The bot's public base URL (config.publicUrl), for the download links. */
  publicUrl: string;
  now?: () => Date;
  logger: Logger;
  /** For the proactive answer when a scan outlasts the turn ('' with auth off, as in the demo). */
  botAppId?: string;
  inactiveDays?: number;
  /** How long a download link lives; default 15 minutes. */
  linkTtlMs?: number;
  /** How long a built report stays available for new links; default 24 hours. */
  reportTtlMs?: number;
  /** How long the turn waits for the report before answering "working on it"; default 10 s. */
  inlineWaitMs?: number;
  random?: (bytes: number) => Buffer;
  /** Records each report's weekly snapshot and gives the trend for the card (optional: no trend without it). */
  history?: { record(report: TenantReport): Promise<readonly TrendPoint[]> };
}

/** A report as the handlers keep it: the findings, the billing rows (off the heap), the group names, the trend. */
export type OfferedReport = BuiltReport;

interface StoredReport extends OfferedReport {
  /** aadObjectId of the approver it was made for, or ANY_APPROVER (a channel copy). */
  owner: string;
  createdAt: number;
  scheduled?: { period: string; channel: boolean };
}

type DownloadKind = 'findings' | 'billing';

interface DownloadToken {
  reportId: string;
  owner: string;
  expiresAt: number;
  kind: DownloadKind;
}

/** Owner of a report posted to the approval channel: any approver may renew its links. */
export const ANY_APPROVER = '*';

export const REPORT_VERBS = ['report.link'] as const;
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;
const REPORT_ID_RE = /^[A-Za-z0-9_-]{16,64}$/;
/** Reports kept for new links (a 100,000-user report is ~25 MB of findings). */
const MAX_REPORTS = 5;
const MAX_TOKENS = 1_000;
const LinkData = z.object({ reportId: z.string().regex(REPORT_ID_RE) });

export class ReportHandlers {
  private readonly reports = new Map<string, StoredReport>();
  private readonly tokens = new Map<string, DownloadToken>();
  private inflight?: Promise<OfferedReport>;
  private readonly background = new Set<Promise<void>>();
  private readonly now: () => Date;
  private readonly random: (bytes: number) => Buffer;

  constructor(private readonly deps: ReportHandlersDeps) {
    this.now = deps.now ?? (() => new Date());
    this.random = deps.random ?? ((n) => randomBytes(n));
  }

  // ---------------------------------------------------------------------------------------------- chat

  /** The `report` command. */
  async onCommand(context: TurnContext): Promise<void> {
    const turn = turnOf(context, this.deps.logger);
    const log = turn.logger;
    const m = messagesOf(context);
    const actorId = turn.actor?.aadObjectId;
    if (!actorId) {
      await this.sendMessage(context, 'message.no-user.report', 'Warning');
      return;
    }
    if (!(await this.deps.approvers.isApprover(actorId))) {
      log.warn({ actor: actorId }, 'refused: report requested by a non-approver');
      await this.sendMessage(context, 'message.report.approvers-only', 'Warning');
      return;
    }
    if (turn.conversationType !== 'personal') {
      await this.sendMessage(context, 'message.report.personal-only', 'Warning');
      return;
    }

    await context.sendActivity({ type: ActivityTypes.Typing });
    const build = this.build();
    const inline = await Promise.race([build.then(() => true, () => true), delay(this.deps.inlineWaitMs ?? 10_000).then(() => false)]);
    if (inline) {
      try {
        const built = await build;
        await context.sendActivity(this.cardMessage(this.store(actorId, built), m));
      } catch (error) {
        await context.sendActivity(this.failureMessage(error, turn.correlationId, log, m));
      }
      return;
    }

    await this.sendMessage(context, 'message.report.building', 'Default');
    const adapter = context.adapter;
    const reference = TurnContext.getConversationReference(context.activity) as Partial<ConversationReference>;
    const { correlationId } = turn;
    const later = build
      .then(
        (built) => this.cardMessage(this.store(actorId, built), m),
        (error) => this.failureMessage(error, correlationId, log, m),
      )
      .then((message) => adapter.continueConversationAsync(this.deps.botAppId ?? '', reference, async (proactive) => void (await proactive.sendActivity(message))))
      .catch((error) => log.error({ err: (error as Error).message }, 'could not deliver the report'));
    this.background.add(later);
    void later.finally(() => this.background.delete(later));
  }

  /** Card actions whose verb starts with `report.`. */
  async onAction(context: TurnContext, verb: string, data: unknown): Promise<AdaptiveCardInvokeResponse> {
    const { logger: log, actor } = turnOf(context, this.deps.logger);
    const m = messagesOf(context);
    const actorId = actor?.aadObjectId;
    if (!actorId) return errorResponse(401, 'NoUser', m.t('error.action.no-user'));
    if (verb !== 'report.link') {
      log.warn({ verb: verb.slice(0, 50) }, 'refused: unknown report action');
      return errorResponse(400, 'UnknownAction', m.t('error.action.unknown', { verb: verb.slice(0, 50) }));
    }
    const parsed = LinkData.safeParse(data);
    if (!parsed.success) return errorResponse(400, 'BadRequest', m.t('error.action.no-report-id'));
    if (!(await this.deps.approvers.isApprover(actorId))) {
      log.warn({ actor: actorId }, 'refused: report link for a non-approver');
      return errorResponse(403, 'NotApprover', m.t('error.action.report-approvers-only'));
    }
    this.sweep();
    const stored = this.reports.get(parsed.data.reportId);
    if (!stored) {
      return cardResponse(renderCard('message', messageFrom(m, 'message.report.expired', {}, { color: 'Warning' })));
    }
    if (stored.owner !== ANY_APPROVER && stored.owner.toLowerCase() !== actorId.toLowerCase()) {
      log.warn({ actor: actorId, reportId: parsed.data.reportId }, "refused: link to another approver's report");
      return errorResponse(403, 'NotYours', m.t('error.action.report-not-yours'));
    }
    return cardResponse(this.card(parsed.data.reportId, stored, actorId, m));
  }

  /**
   * A report built elsewhere (the monthly schedule) as a card for `owner` (an approver's aadObjectId, or ANY_APPROVER
   * for the approval channel), with fresh one-time links. The rows are shared: call `release` when no card will be made.
   */
  offer(built: OfferedReport, owner: string, m: Messages, scheduled?: { period: string; channel: boolean }): Record<string, unknown> {
    const reportId = this.store(owner, built, scheduled);
    return this.card(reportId, this.reports.get(reportId)!, owner, m);
  }

  /** Frees a built report's rows if no kept report uses them (e.g. nobody could be reached). */
  release(built: OfferedReport): void {
    const rows = built.result.billingRows;
    if (rows && ![...this.reports.values()].some((r) => r.result.billingRows === rows)) rows.dispose();
  }

  // ---------------------------------------------------------------------------------------------- HTTP

  /** `GET /reports/:token.csv`: the CSV once per token, then 404. */
  registerRoutes(server: restify.Server): void {
    server.get('/reports/:token.csv', async (req: restify.Request, res: restify.Response) => {
      const token = String(req.params?.token ?? '');
      const entry = TOKEN_RE.test(token) ? this.tokens.get(token) : undefined;
      // One use: the token is gone whatever happens next.
      if (entry) this.tokens.delete(token);
      const stored = entry && entry.expiresAt > this.now().getTime() ? this.reports.get(entry.reportId) : undefined;
      const common = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };
      if (!entry || !stored) {
        // A browser download carries no Teams locale: this one line stays English, like the CSV itself.
        res.sendRaw(404, 'This download link has expired or was already used. In your chat with License Desk, use "New download link" on the report card, or send "report".\n', {
          ...common,
          'Content-Type': 'text/plain; charset=utf-8',
        });
        return;
      }
      this.deps.logger.info({ reportId: entry.reportId, owner: entry.owner, kind: entry.kind }, 'report CSV downloaded');
      const report = stored.result.report;
      const day = report.generatedAt.slice(0, 10);
      if (entry.kind === 'findings') {
        res.sendRaw(200, toCsv(report, { bom: true }), {
          ...common,
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="license-report-${day}.csv"`,
        });
        return;
      }
      await this.streamBilling(res, stored.result.billingRows!, report, stored.result.groupNames, {
        ...common,
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="license-billing-${day}.csv"`,
      });
    });
  }

  /** The billing CSV, streamed row by row from the spool (a 100,000-user tenant never sits in memory). */
  private async streamBilling(res: restify.Response, rows: RowSpool<BillingRow>, report: TenantReport, groupNames: ReadonlyMap<string, string>, headers: Record<string, string>): Promise<void> {
    const writer = createBillingCsv({ currency: report.billing.currency, groupNames, signInDataAvailable: report.signInDataAvailable, bom: true });
    res.writeHead(200, headers);
    const write = async (text: string) => {
      if (!res.write(text)) await once(res, 'drain');
    };
    try {
      await write(writer.header());
      let chunk = '';
      for await (const row of rows.rows()) {
        chunk += writer.line(row);
        if (chunk.length >= 64 * 1024) {
          await write(chunk);
          chunk = '';
        }
      }
      await write(chunk + writer.total());
    } catch (error) {
      this.deps.logger.warn({ err: (error as Error).message }, 'billing CSV download interrupted');
    }
    res.end();
  }

  /** Resolves when background deliveries are done (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.background.size) await Promise.allSettled([...this.background]);
  }

  // ---------------------------------------------------------------------------------------------- internals

  private build(): Promise<OfferedReport> {
    if (!this.inflight) {
      const history = this.deps.history;
      const run = this.deps.report.run({ inactiveDays: this.deps.inactiveDays, billingRows: true }).then(async (result) => ({ result, trend: history ? await history.record(result.report) : [] }));
      this.inflight = run;
      const clear = () => {
        if (this.inflight === run) this.inflight = undefined;
      };
      run.then(clear, clear);
    }
    return this.inflight;
  }

  private store(owner: string, built: OfferedReport, scheduled?: StoredReport['scheduled']): string {
    this.sweep();
    const reportId = this.random(16).toString('base64url');
    this.reports.set(reportId, { owner, result: built.result, trend: built.trend, createdAt: this.now().getTime(), scheduled });
    while (this.reports.size > MAX_REPORTS) this.forget(this.reports.keys().next().value!);
    return reportId;
  }

  /** Drops a kept report; its billing rows go when no other kept report shares them (one scan serves several). */
  private forget(reportId: string): void {
    const stored = this.reports.get(reportId);
    this.reports.delete(reportId);
    if (stored) this.release(stored);
  }

  private link(reportId: string, owner: string, kind: DownloadKind = 'findings'): { url: string; expiresAt: Date } {
    this.sweep();
    const token = this.random(32).toString('base64url');
    const expiresAt = this.now().getTime() + (this.deps.linkTtlMs ?? 15 * 60_000);
    this.tokens.set(token, { reportId, owner, expiresAt, kind });
    while (this.tokens.size > MAX_TOKENS) this.tokens.delete(this.tokens.keys().next().value!);
    return { url: `${this.deps.publicUrl.replace(/\/+$/, '')}/reports/${token}.csv`, expiresAt: new Date(expiresAt) };
  }

  private sweep(): void {
    const now = this.now().getTime();
    for (const [token, entry] of this.tokens) if (entry.expiresAt <= now) this.tokens.delete(token);
    const keep = this.deps.reportTtlMs ?? 24 * 3600_000;
    for (const [id, stored] of this.reports) if (stored.createdAt + keep <= now) this.forget(id);
  }

  /** The card with fresh links: the findings CSV, and the billing CSV when its rows were kept. */
  private card(reportId: string, stored: StoredReport, linkOwner: string, m: Messages): Record<string, unknown> {
    const billingLink = stored.result.billingRows ? this.link(reportId, linkOwner, 'billing') : null;
    return renderCard('report', reportCardView(stored.result.report, reportId, this.link(reportId, linkOwner), m, { billingLink, trend: stored.trend, scheduled: stored.scheduled }));
  }

  private cardMessage(reportId: string, m: Messages) {
    const stored = this.reports.get(reportId)!;
    return MessageFactory.attachment(CardFactory.adaptiveCard(this.card(reportId, stored, stored.owner, m)));
  }

  private failureMessage(error: unknown, correlationId: string, log: Logger, m: Messages) {
    log.error({ err: error instanceof Error ? { message: error.message, name: error.name } : error, graphRequestId: isGraphRequestError(error) ? error.requestId : undefined }, 'report failed');
    let text: string | undefined;
    if (isGraphRequestError(error)) {
      const key = `graph.reason.${error.kind}`;
      const reason = m.has(key) && m.language !== 'en' ? m.t(key) : error.plainReason;
      text = m.t('error.report-graph', { reason });
    }
    return MessageFactory.attachment(CardFactory.adaptiveCard(renderCard('error', errorView(correlationId, text, m))));
  }

  private async sendMessage(context: TurnContext, key: string, color: 'Default' | 'Warning'): Promise<void> {
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(renderCard('message', messageFrom(messagesOf(context), key, {}, { color })))));
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
