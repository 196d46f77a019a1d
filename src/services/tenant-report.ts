/**
 * Runs the tenant license report: `GET /subscribedSkus` (fresh), ONE streaming scan of `/users` ($select, paged,
 * one page in memory) fed to the report builder, then group names for the findings through `$batch` and the
 * tenant's report settings (concealed names). Open license requests come from the RequestStore when one is given.
 *
 * Graph caps pages that $select signInActivity at 120 users (and has at times refused a larger $top with 400
 * "Cannot query data for more than 120 users at a time"): the gateway asks for 120 then; a 400 of that kind
 * (a lower cap) restarts the scan at the size Graph names, and failing that without sign-in activity.
 * Graph requests: 1 + ceil(users / 120) (ceil(users / 999) without sign-ins) + ceil(groups named / 20) + 1 —
 * plus one refused first page when sign-in activity is not readable.
 */
import { isGraphRequestError } from '../graph/errors';
import type { GraphGateway } from '../graph/gateway';
import { CONCEALED_NAMES_SETTING } from '../graph/mailbox-report';
import type { Catalog } from '../licensing/catalog';
import type { PriceList } from '../licensing/prices';
import { createReportBuilder } from '../report/builder';
import type { BillingRow } from '../report/billing-types';
import { billingRowCodec } from '../report/billing-row-codec';
import type { TenantReport } from '../report/types';
import { budgetTally } from '../report/budget-use';
import type { BudgetStore } from '../store/bulk-store';
import type { DirectorySubscription } from '../alerts/snapshot';
import type { RequestStore } from '../store/request-store';
import type { RowSpool, SpoolFactory } from '../store/row-spool';

/**
 * Identity, account state, the license fields and the billing attributes (cost allocation: department, country,
 * company, cost center — `employeeOrgData` is returned only on $select —, and the account's creation for the billing
 * CSV); signInActivity is added when it can be read.
 */
export const REPORT_USER_SELECT = [
  'id',
  'displayName',
  'userPrincipalName',
  'accountEnabled',
  'usageLocation',
  'assignedLicenses',
  'licenseAssignmentStates',
  'department',
  'country',
  'companyName',
  'employeeOrgData',
  'createdDateTime',
] as const;
export const SIGN_IN_PROPERTY = 'signInActivity';
export const DEFAULT_INACTIVE_DAYS = 90;
export const SUBSCRIPTIONS_NOTE = 'Subscriptions could not be read (Organization.Read.All missing?): renewal dates are not shown.';
/** How many open requests per status are read from the store. */
const OPEN_REQUESTS_LIMIT = 10_000;

export interface ReportLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface TenantReportServiceDeps {
  graph: GraphGateway;
  catalog: Catalog;
  prices: PriceList;
  /** Optional: open requests (pending, approved, executing) show what they will consume. */
  store?: Pick<RequestStore, 'byStatus'>;
  now?: () => Date;
  logger?: ReportLogger;
  /** Optional: seat budgets, whose use per department or group the report counts. */
  budgets?: Pick<BudgetStore, 'budgets'>;
  /** Where the per-user billing rows go when a run keeps them (files in DATA_DIR; memory in tests). */
  spools?: SpoolFactory;
  /** Free seats are called out this many days before a renewal (default 30). */
  renewalWindowDays?: number;
}

export interface TenantReportRunOptions {
  /** Default 90. */
  inactiveDays?: number;
  /** Users scanned so far, after each page (restarts from 0 if the scan is retried without sign-in activity). */
  onProgress?: (usersScanned: number) => void;
  /** Ask Graph for signInActivity (default true); refused → the scan is redone without it. */
  readSignIns?: boolean;
  /** $top, 1..999 (default 999). */
  pageSize?: number;
  /** Keep one row per licensed user for the billing CSV (needs `spools`); default false. */
  billingRows?: boolean;
  /** Read `/directory/subscriptions` for the renewals (default true). */
  readSubscriptions?: boolean;
}

export interface TenantReportResult {
  report: TenantReport;
  /** The per-user billing rows (when asked for), sealed; the caller disposes of them. */
  billingRows?: RowSpool<BillingRow>;
  /** Display names of the groups named in the findings and the licensing groups (lower-case ids). */
  groupNames: ReadonlyMap<string, string>;
  /** Graph HTTP requests made for this report (the gateway's counter before and after; retries count). */
  graphRequests: number;
  seconds: number;
}

/** Graph refuses signInActivity with 403 without AuditLog.Read.All, and for tenants without Entra ID P1. */
export function isSignInRefusal(error: unknown): boolean {
  if (!isGraphRequestError(error)) return false;
  if (error.kind === 'forbidden') return true;
  return /NonPremiumTenant|B2CTenant/i.test(`${error.code ?? ''} ${error.graphMessage}`);
}

/** Graph's 400 for a signInActivity page larger than it serves: the size it names, or undefined if not that error. */
export function signInPageLimit(error: unknown): number | undefined {
  if (!isGraphRequestError(error) || error.status !== 400) return undefined;
  const m = /Cannot query data for more than (\d+) users at a time/i.exec(error.graphMessage);
  return m ? Number(m[1]) : undefined;
}

export class TenantReportService {
  constructor(private readonly deps: TenantReportServiceDeps) {}

  async run(options: TenantReportRunOptions = {}): Promise<TenantReportResult> {
    const { graph, catalog, prices, logger } = this.deps;
    const started = process.hrtime.bigint();
    const requestsBefore = graph.stats().requests;
    const inactiveDays = options.inactiveDays ?? DEFAULT_INACTIVE_DAYS;
    const now = (this.deps.now ?? (() => new Date()))();
    const skus = await graph.getSubscribedSkus({ fresh: true });
    const pendingBySku = await this.pendingBySku();
    const notes: string[] = [];
    const budgets = (await this.deps.budgets?.budgets()) ?? [];
    let tally = budgetTally(budgets);

    let pageSize = options.pageSize ?? 999;
    let readSignIns = options.readSignIns ?? true;
    const subscriptions = options.readSubscriptions === false ? Promise.resolve(null) : this.subscriptions(notes);
    let rows: RowSpool<BillingRow> | undefined;
    const newBuilder = (signInDataAvailable: boolean) => {
      // A restarted scan starts its rows afresh too.
      rows?.dispose();
      rows = options.billingRows && this.deps.spools ? this.deps.spools.create<BillingRow>(billingRowCodec()) : undefined;
      const sink = rows;
      return createReportBuilder({
        skus,
        catalog,
        prices,
        inactiveDays,
        now,
        pendingBySku,
        signInDataAvailable,
        pendingRequestsJoined: Boolean(this.deps.store),
        renewalWindowDays: this.deps.renewalWindowDays,
        onBillingRow: sink ? (row) => sink.append(row) : undefined,
      });
    };
    let builder = newBuilder(readSignIns);
    for (;;) {
      const base = budgets.length > 0 ? [...REPORT_USER_SELECT, 'department'] : [...REPORT_USER_SELECT];
      const select = readSignIns ? [...base, SIGN_IN_PROPERTY] : base;
      try {
        for await (const page of graph.scanUserPages({ select, pageSize })) {
          for (const user of page) {
            builder.add(user);
            if (budgets.length > 0) tally.add(user);
          }
          options.onProgress?.(builder.count);
        }
        break;
      } catch (error) {
        const limit = readSignIns ? signInPageLimit(error) : undefined;
        if (limit !== undefined && limit < pageSize && limit >= 1) {
          // A smaller signInActivity cap than the gateway's 120: scan again at the size Graph named.
          logger?.warn({ pageSize, limit, usersScannedBefore: builder.count }, 'Graph refused the signInActivity page size: scanning again with smaller pages');
          pageSize = limit;
          builder = newBuilder(true);
          options.onProgress?.(0);
          continue;
        }
        if (!readSignIns || !(isSignInRefusal(error) || limit !== undefined)) {
          rows?.dispose();
          throw error;
        }
        // Degrade: same scan without signInActivity; inactivity is then judged on disabled accounts only.
        logger?.warn({ status: isGraphRequestError(error) ? error.status : undefined, code: isGraphRequestError(error) ? error.code : undefined, usersScannedBefore: builder.count }, 'signInActivity refused: scanning without it (grant AuditLog.Read.All)');
        readSignIns = false;
        tally = budgetTally(budgets);
        builder = newBuilder(false);
        options.onProgress?.(0);
      }
    }
    options.onProgress?.(builder.count);

    rows?.seal();
    // Group names make the fixes and the billing CSV's "which group" readable; the report stands without them.
    const groupIds = [...new Set([...builder.groupIds(), ...(rows ? builder.licensingGroupIds() : [])])];
    let groupNames = new Map<string, string>();
    if (groupIds.length > 0) {
      try {
        groupNames = await graph.getGroupNames(groupIds);
      } catch (error) {
        logger?.warn({ err: (error as Error).message, groups: groupIds.length }, 'group names could not be read for the report');
        notes.push('Group names could not be read (GroupMember.Read.All or Group.Read.All missing?): groups are shown by id.');
      }
    }
    if (!this.deps.store) notes.push('Open license requests were not joined (no request store): "pending requests" is not known.');
    const concealed = await this.reportNamesNote();
    if (concealed) notes.push(concealed);
    const report = builder.finish({ groupNames, notes, subscriptions: await subscriptions });
    if (budgets.length > 0) {
      const members = new Map<string, Set<string>>();
      for (const b of budgets) if (b.scope.kind === 'group') members.set(b.scope.id.toLowerCase(), new Set(await graph.getGroupMemberIds(b.scope.id)));
      report.budgets = tally.finish(members);
    }
    const graphRequests = graph.stats().requests - requestsBefore;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    logger?.info({ users: report.totals.users, graphRequests, seconds: Math.round(seconds * 100) / 100, signInData: report.signInDataAvailable, billingRows: rows?.count }, 'tenant report built');
    return { report, graphRequests, seconds, groupNames, billingRows: rows };
  }

  /** `/directory/subscriptions` for the renewals; a refusal (Organization.Read.All missing) leaves them out, with a note. */
  private async subscriptions(notes: string[]): Promise<DirectorySubscription[] | null> {
    try {
      return await this.deps.graph.listDirectorySubscriptions();
    } catch (error) {
      this.deps.logger?.warn({ err: (error as Error).message }, 'subscriptions could not be read for the report');
      notes.push(SUBSCRIPTIONS_NOTE);
      return null;
    }
  }

  /** Concealed names in usage reports (the tenant default) blind the mailbox guard: the report says so. */
  private async reportNamesNote(): Promise<string | undefined> {
    try {
      const settings = await this.deps.graph.getReportSettings();
      if (!settings.displayConcealedNames) return undefined;
      return `Usage reports conceal user names in this tenant, so mailbox sizes cannot be matched to users and the mailbox guard cannot check downgrades. To turn it off: ${CONCEALED_NAMES_SETTING}.`;
    } catch (error) {
      this.deps.logger?.warn({ err: (error as Error).message }, 'report settings could not be read');
      return 'Report settings could not be read (ReportSettings.Read.All missing?): whether usage reports conceal user names is not known.';
    }
  }

  /** skuId → number of open requests that add it. */
  private async pendingBySku(): Promise<Map<string, number> | undefined> {
    const store = this.deps.store;
    if (!store) return undefined;
    const counts = new Map<string, number>();
    for (const status of ['pending', 'approved', 'executing'] as const) {
      for (const request of await store.byStatus(status, OPEN_REQUESTS_LIMIT)) {
        const skuId = request.add.skuId.toLowerCase();
        counts.set(skuId, (counts.get(skuId) ?? 0) + 1);
      }
    }
    return counts;
  }
}

