/**
 * Composition root: config → store → Graph → services → bot → HTTP. The only place that reads process.env
 * (through loadConfig) and wires concrete implementations together.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, loadConfig, type AppConfig } from './config';
import { createLogger, type Logger } from './logging';
import { createGraphGateway, type GraphGateway } from './graph/gateway';
import { startDemoTenant } from './demo/server';
import { Catalog } from './licensing/catalog';
import { priceList } from './licensing/prices';
import { LicenseQueries } from './services/license-queries';
import { ApproverGroup } from './services/approvers';
import { MailboxUsageReport } from './services/mailbox-usage';
import { RequestExecutor } from './services/request-executor';
import { RequestService } from './services/request-service';
import type { LicenseRequest } from './requests/request';
import { openBulkStore, openRequestStore } from './store/open-store';
import type { BulkStore } from './store/bulk-store';
import { BatchExecutor } from './services/batch-executor';
import { BatchRequestService } from './services/batch-requests';
import { BudgetService } from './services/budgets';
import { PeopleResolver } from './services/people-resolver';
import { TemporaryLicenses } from './services/temporary-licenses';
import { BatchCsvHandlers } from './bot/batch-csv-handlers';
import { BudgetHandlers } from './bot/budget-handlers';
import { TemporaryHandlers } from './bot/temporary-handlers';
import type { RequestStore } from './store/request-store';
import { LicenseDeskBot } from './bot/license-desk-bot';
import { ProactiveNotifier } from './bot/proactive-notifier';
import { RequestHandlers } from './bot/request-handlers';
import { ReportHandlers } from './bot/report-handlers';
import { SearchHandlers } from './bot/search-handlers';
import { ConversationHandlers } from './bot/conversation-handlers';
import { sharedUnderstanding } from './conversation';
import { LicenseAnswers } from './services/license-answers';
import { TenantReportService } from './services/tenant-report';
import { createAdapter, createBotServer, type BotServer } from './bot/server';
import { AlertHandlers } from './bot/alert-handlers';
import { ProactiveAlertNotifier } from './bot/alert-notifier';
import { AlertRecipients } from './services/alert-recipients';
import { AlertService } from './services/alert-service';
import { TenantWatcher } from './services/tenant-watcher';
import { openAlertStore, openReportHistoryStore } from './store/open-store';
import { fileSpools, memorySpools } from './store/row-spool';
import type { ReportHistoryStore } from './store/report-history-store';
import { ReportHistory } from './services/report-history';
import { ReportScheduler } from './services/report-scheduler';
import { ProactiveReportNotifier } from './bot/report-notifier';
import type { AlertStore } from './store/alert-store';
import { hasGraphCredentials } from './graph/options';

/** How License Desk names itself as an initiator of directory changes (the demo tenant's audit log). */
export const LICENSE_DESK_NAME = 'License Desk';

export interface RunningLicenseDesk {
  url: string;
  port: number;
  graph: GraphGateway;
  bot: BotServer;
  store: RequestStore;
  conversations: RequestStore;
  requests: RequestService;
  executor: RequestExecutor;
  /** The tenant watcher (runs its cycles on a timer; tests may call runCycle()). */
  watcher: TenantWatcher;
  alerts: AlertService;
  alertStore: AlertStore;
  /** Batch items, scheduled jobs, seat budgets. */
  bulk: BulkStore;
  batches: BatchRequestService;
  temporary: TemporaryLicenses;
  budgets: BudgetService;
  /** The scheduled report and weekly snapshots (runs on a timer; tests may call tick()). */
  reportScheduler: ReportScheduler;
  reportHistoryStore: ReportHistoryStore;
  /** The Graph endpoint in use (the demo tenant's when it was started here). */
  graphBaseUrl?: string;
  /** Results of the start-up reconciliation of requests left executing. */
  reconciled: Promise<LicenseRequest[]>;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Listen address; tests use 127.0.0.1. */
  host?: string;
  /** Bot Framework auth settings for tests (local OpenID metadata). */
  authOverrides?: Record<string, string>;
  /** Clock for tests (expiry). */
  now?: () => Date;
}

export async function startLicenseDesk(config: AppConfig, options: StartOptions = {}): Promise<RunningLicenseDesk> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const now = options.now ?? (() => new Date());
  const closers: Array<() => Promise<void>> = [];
  try {
    let graphBaseUrl = config.graph.baseUrl;
    let approverGroupId = config.approverGroupId;
    if (config.demo.enabled) {
      // No tenant configured: serve the bundled (or DEMO_TENANT_FILE) demo tenant from this process.
      const demo = await startDemoTenant(config.demo.tenantFile, { port: config.demo.port, behaviour: config.demo.pageSize ? { pageSize: config.demo.pageSize } : undefined });
      closers.push(() => demo.close());
      graphBaseUrl = demo.baseUrl;
      // The bundled Contoso tenant's "License Approvers" approve, unless configured otherwise.
      approverGroupId ??= config.demo.tenantFile ? undefined : demo.tenant.model.groups.find((g) => g.displayName === 'License Approvers')?.id;
      logger.info({ graph: graphBaseUrl, approverGroupId }, 'demo tenant started');
    }
    // Trains from the corpus files while the rest starts (≈0.3 s, once per process: the engine holds no state).
    const understanding = sharedUnderstanding();
    const graphOptions = { ...config.graph, baseUrl: graphBaseUrl, logger: logger.child({ component: 'graph' }) };
    // Without credentials (demo tenant) the audit log learns who wrote from a header; real Graph knows the app.
    const graph = createGraphGateway({ ...graphOptions, demoInitiator: hasGraphCredentials(graphOptions) ? undefined : LICENSE_DESK_NAME });

    const allowedTenantIds = [...config.allowedTenantIds];
    const organization = await graph.getOrganization();
    // Demo or a Graph endpoint without credentials: the tenant is the one that endpoint serves.
    if (allowedTenantIds.length === 0) allowedTenantIds.push(organization.id.toLowerCase());

    const { store, shared } = await openRequestStore(config);
    closers.push(() => store.close());
    const bulk = await openBulkStore(config);
    closers.push(() => bulk.close());
    const catalog = Catalog.bundled();
    const prices = priceList(config.requests.priceListFile ? JSON.parse(readFileSync(config.requests.priceListFile, 'utf8')) : undefined);

    const adapter = createAdapter(config, logger, options.authOverrides);
    const approvers = new ApproverGroup(graph, approverGroupId);
    const mailboxUsage = new MailboxUsageReport(graph, logger.child({ component: 'mailbox-usage' }), now);
    const approverMris = async () => {
      if (!approvers.configured) return [];
      const members = await approvers.memberIds();
      return (await store.conversations())
        .filter((c) => c.conversationType === 'personal' && c.userMri && members.has((c.userAadObjectId ?? '').toLowerCase()))
        .map((c) => c.userMri!);
    };
    const notifier = new ProactiveNotifier(adapter, store, logger.child({ component: 'notifier' }), { botAppId: config.bot.id, approvalChannelId: config.requests.approvalChannelId, approverMris });
    let requests: RequestService | undefined;
    let temporary: TemporaryLicenses | undefined;
    // One cached mailbox usage report for the guard (requests, batches, reverts) and the mailbox answers.
    const mailbox = mailboxUsage;
    const batchExecutor = new BatchExecutor({
      graph,
      store,
      items: bulk,
      catalog,
      mailbox,
      notifier,
      now,
      logger: logger.child({ component: 'batch' }),
      leaseMs: config.requests.executionLeaseSeconds * 1000,
      concurrency: config.bulk.concurrency,
      progressEditMs: config.bulk.progressEditSeconds * 1000,
      onFinished: (request) => requests!.onExecutionFinished(request),
    });
    const executor = new RequestExecutor({
      batch: batchExecutor,
      extension: { apply: (request) => temporary!.applyExtension(request) },
      graph,
      store,
      catalog,
      now,
      logger: logger.child({ component: 'executor' }),
      instanceId: config.instanceId,
      leaseMs: config.requests.executionLeaseSeconds * 1000,
      retryDelaySeconds: config.graph.retryDelaySeconds,
      onFinished: (request) => requests!.onExecutionFinished(request),
    });
    const budgets = new BudgetService({ graph, store: bulk, approvers, catalog, now });
    const hooks = { onSubmitted: (r: LicenseRequest) => temporary!.onSubmitted(r), onApplied: (r: LicenseRequest) => temporary!.onApplied(r) };
    const tenantId = organization.id.toLowerCase();
    requests = new RequestService(
      { graph, approvers, store, catalog, prices, notifier, executor, mailboxUsage, now, random: (n) => randomBytes(n), logger: logger.child({ component: 'requests' }), budgets, hooks },
      { tenantId, expiryDays: config.requests.expiryDays, autoApproveWithinBudget: config.requests.autoApproveWithinBudget },
    );
    temporary = new TemporaryLicenses({
      graph,
      store,
      items: bulk,
      schedule: bulk,
      catalog,
      approvers,
      mailbox,
      notifier,
      requests,
      now,
      random: (n) => randomBytes(n),
      logger: logger.child({ component: 'temporary' }),
      instanceId: config.instanceId,
      leaseMs: config.requests.executionLeaseSeconds * 1000,
      expiryDays: config.requests.expiryDays,
    });
    const batches = new BatchRequestService({
      graph,
      approvers,
      store,
      items: bulk,
      catalog,
      prices,
      people: new PeopleResolver(graph),
      mailbox,
      budgets,
      requests,
      now,
      random: (n) => randomBytes(n),
      options: { tenantId, expiryDays: config.requests.expiryDays, autoApproveWithinBudget: config.requests.autoApproveWithinBudget },
    });
    const licenses = new LicenseQueries({ graph, catalog, approvers, now });
    // The billing CSV's per-user rows live off the heap, in files of this instance (memory for DATA_DIR=:memory:).
    const spools = config.dataDir === ':memory:' ? memorySpools() : fileSpools(resolve(config.dataDir, 'report-spool', config.instanceId.replace(/[^A-Za-z0-9._-]/g, '_')));
    const reportService = new TenantReportService({ graph, catalog, prices, store, now, spools, renewalWindowDays: config.report.renewalWindowDays, logger: logger.child({ component: 'report' }), budgets: bulk });
    const reportHistoryStore = await openReportHistoryStore(config);
    closers.push(() => reportHistoryStore.close());
    const reportHistory = new ReportHistory(reportHistoryStore, logger.child({ component: 'report' }));
    const reports = new ReportHandlers({
      report: reportService,
      approvers,
      publicUrl: config.publicUrl,
      now,
      botAppId: config.bot.id,
      history: reportHistory,
      logger: logger.child({ component: 'report' }),
    });
    const requestHandlers = new RequestHandlers(requests, approvers, logger, { batches, now });
    const alertStore = await openAlertStore(config);
    closers.push(() => alertStore.close());
    const alertNotifier = new ProactiveAlertNotifier(adapter, store, logger.child({ component: 'alerts' }), { botAppId: config.bot.id, approvalChannelId: config.requests.approvalChannelId });
    const alertService = new AlertService({ store: alertStore, approvers, graph, notifier: alertNotifier, now, logger: logger.child({ component: 'alerts' }) });
    const watcher = new TenantWatcher(
      { graph, store: alertStore, requests: store, catalog, notifier: alertNotifier, recipients: new AlertRecipients(approvers, alertNotifier, alertStore), report: reportService, history: reportHistory, now, logger: logger.child({ component: 'watcher' }), instanceId: config.instanceId },
      {
        intervalMs: config.watch.intervalSeconds * 1000,
        leaseMs: config.watch.leaseSeconds ? config.watch.leaseSeconds * 1000 : undefined,
        digestDays: config.watch.digestDays,
        self: { appIds: config.graph.clientId ? [config.graph.clientId] : [], names: [LICENSE_DESK_NAME] },
      },
    );
    // Scheduled work shares the watcher's lease: one instance per deployment runs both.
    const scheduledLeaseMs = config.watch.leaseSeconds ? config.watch.leaseSeconds * 1000 : Math.max(10_000, config.watch.intervalSeconds * 3000);
    const reportScheduler = new ReportScheduler(
      {
        lease: alertStore,
        store: reportHistoryStore,
        history: reportHistory,
        report: reportService,
        notifier: new ProactiveReportNotifier(adapter, store, reports, logger.child({ component: 'report' }), { botAppId: config.bot.id, approvalChannelId: config.requests.approvalChannelId }),
        approvers,
        now,
        logger: logger.child({ component: 'report-schedule' }),
        instanceId: config.instanceId,
      },
      { schedule: config.report.schedule, leaseMs: scheduledLeaseMs },
    );
    const alertHandlers = new AlertHandlers({ alerts: alertService, requestForm: (values, m) => requestHandlers.formCardFor(values, m), logger });
    const search = new SearchHandlers(requests, logger);
    const batchCsv = new BatchCsvHandlers({ requests, batches, approvers, publicUrl: config.publicUrl, logger, now });
    const answers = new LicenseAnswers({ licenses, graph, catalog, prices, approvers, mailboxUsage });
    let bot: LicenseDeskBot | undefined;
    const conversation = new ConversationHandlers({
      understanding,
      answers,
      requestExpiryDays: config.requests.expiryDays,
      now,
      logger,
      routes: {
        showForm: (context, error, values) => requestHandlers.showForm(context, error, values),
        listRequests: (context) => requestHandlers.list(context),
        report: (context) => reports.onCommand(context),
        sendLookup: (context, lookup, m) => bot!.sendLookup(context, lookup, m),
      },
    });
    bot = new LicenseDeskBot({
      licenses,
      requests: requestHandlers,
      reports,
      alerts: alertHandlers,
      search,
      conversation,
      answers,
      conversations: store,
      logger,
      budgets: new BudgetHandlers(budgets, approvers, logger),
      batchCsv,
      temporary: new TemporaryHandlers(temporary, logger),
    });
    await understanding.ready;
    const server = createBotServer({ config, adapter, bot, logger, allowedTenantIds: () => allowedTenantIds });
    reports.registerRoutes(server.server);
    batchCsv.registerRoutes(server.server);
    const { port, url } = await server.listen(config.port, options.host);
    closers.unshift(() => server.close());
    closers.unshift(() => requests!.settled());
    closers.unshift(() => reports.settled());
    closers.unshift(() => alertService.settled());
    watcher.start();
    closers.unshift(() => watcher.stop());
    reportScheduler.start();
    closers.unshift(() => reportScheduler.stop());

    // One instance on its own store owns whatever was left executing; with a shared store only lapsed claims.
    const reconciled = executor.reconcile({ takeOverAll: !shared }).catch((error) => {
      logger.error({ err: (error as Error).message }, 'start-up reconciliation failed');
      return [] as LicenseRequest[];
    });
    const sweep = setInterval(() => {
      requests!.expireDue().catch((error) => logger.warn({ err: (error as Error).message }, 'expiry sweep failed'));
      // An execution whose claim lapsed belongs to a dead process (another instance's, with a shared store).
      executor.reconcile().catch((error) => logger.warn({ err: (error as Error).message }, 'reconciliation failed'));
    }, config.requests.sweepSeconds * 1000);
    sweep.unref();
    closers.unshift(async () => clearInterval(sweep));
    // Temporary licenses: reverts and reminders, polled often enough that a revert starts within 30 s of its end.
    const schedule = setInterval(() => {
      temporary!.runDue().catch((error) => logger.warn({ err: (error as Error).message }, 'schedule run failed'));
    }, config.temporary.pollSeconds * 1000);
    schedule.unref();
    closers.unshift(async () => clearInterval(schedule));
    logger.info({ port, auth: config.bot.authEnabled, allowedTenantIds, dataDir: config.dataDir }, 'License Desk is listening');
    return {
      url,
      port,
      graph,
      bot: server,
      store,
      conversations: store,
      requests,
      executor,
      watcher,
      alerts: alertService,
      alertStore,
      bulk,
      batches,
      temporary,
      budgets,
      reportScheduler,
      reportHistoryStore,
      graphBaseUrl,
      reconciled,
      async close() {
        await reconciled;
        for (const close of closers) await close().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    throw error;
  }
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`License Desk: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const app = await startLicenseDesk(config, { logger });
  console.log(`License Desk bot on http://localhost:${app.port}/api/messages${config.demo.enabled ? ` (demo tenant at ${app.graphBaseUrl})` : ''}`);
  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`License Desk failed to start: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
