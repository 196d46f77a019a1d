/**
 * The Graph gateway: the only code in License Desk that talks to Microsoft Graph.
 *
 * Built on @microsoft/microsoft-graph-client v3 with a middleware chain of the SDK's own handlers:
 *
 *   AuthenticationHandler (only with credentials) → RetryHandler (429/503/504, honours Retry-After)
 *   → ServerErrorRetryHandler (ours: 500/502/network, idempotent requests only) → RedirectHandler
 *   (report downloads; drops Authorization across hosts) → StatsHandler (ours: counts) → TelemetryHandler
 *   → FetchHandler (the SDK's HTTPMessageHandler with an injectable fetch; JSON reads on the whole-text fetch)
 *
 * JSON GETs go straight into that chain with their URL as built (getDirect), POSTs and downloads through the SDK's
 * GraphRequest. Paging follows @odata.nextLink (absolute, as Graph sends it, or relative) as Graph gave it; batching
 * uses the SDK's BatchRequestContent/BatchResponseContent. Every failure
 * leaves this module as a GraphRequestError with a `kind` (errors.ts).
 */
import {
  AuthenticationHandler,
  BatchRequestContent,
  BatchResponseContent,
  Client,
  type Context,
  GraphError,
  type Middleware,
  type MiddlewareOptions,
  RedirectHandler,
  RedirectHandlerOptions,
  ResponseType,
  RetryHandler,
  RetryHandlerOptions,
  type ShouldRetry,
  TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import type { TokenCredential } from '@azure/identity';
import { GraphRequestError } from './errors';
import { looksConcealed, mailboxUsageRowsFromChunks, parseMailboxUsageCsv } from './mailbox-report';
import {
  FetchHandler,
  isIdempotent,
  readsWholeText,
  retryAfterSeconds,
  ServerErrorRetryHandler,
  sleep,
  StatsHandler,
} from './middleware';
import { graphAuthMode, type GraphGatewayOptions, type GraphLogger } from './options';
import { createWholeTextFetch } from './whole-text-fetch';
import type {
  AssignedLicense,
  AssignLicenseResult,
  DirectorySubscription,
  GatewayStats,
  GraphContact,
  GraphGroup,
  GroupRef,
  LicenseAuditEntry,
  WatchedUser,
  GraphOrganization,
  GraphUser,
  MailboxUsageReport,
  MailboxUsageRow,
  ReportSettings,
  ScanUsersOptions,
  SubscribedSku,
  UserSummary,
} from './types';

export type { GraphGatewayOptions } from './options';

export interface GraphGateway {
  /** One request: the user with identity and license fields. Unknown user → GraphRequestError kind 'not-found'. */
  getUser(idOrUpn: string): Promise<GraphUser>;
  /** By object id, UPN, mail or proxy address (one $filter request); null when nobody matches. */
  findUser(text: string): Promise<GraphUser | null>;
  /**
   * People whose display name, given name, surname, mail or UPN starts with `name` (one $filter request, members
   * only, at most `top`), for "give Megan Bowen Power BI Pro". Exact display-name matches first.
   */
  findUsersByName(name: string, top?: number): Promise<UserSummary[]>;
  /** The user's manager, or null when none is set. */
  getManager(userId: string): Promise<UserSummary | null>;
  /** Manager, manager's manager, … up to maxDepth (default 10); stops at the top or on a cycle. */
  getManagerChain(userId: string, maxDepth?: number): Promise<UserSummary[]>;
  getDirectReports(userId: string): Promise<UserSummary[]>;
  /** Ids of the users in a group, nested groups included (transitiveMembers, paged). */
  getGroupMemberIds(groupId: string): Promise<string[]>;
  /** The subset of groupIds the user is a member of — transitively, as Graph's checkMemberGroups is (≤20 per call, chunked). */
  checkMemberGroups(userId: string, groupIds: string[]): Promise<string[]>;
  isMemberOf(userId: string, groupId: string): Promise<boolean>;
  /** Tenant SKUs with consumedUnits and servicePlans, cached for skuCacheTtlMs unless fresh. */
  getSubscribedSkus(options?: { fresh?: boolean }): Promise<SubscribedSku[]>;
  invalidateSkuCache(): void;
  /**
   * One atomic assignLicense call (both arrays always sent), then the user read back. Invalidates the SKU cache.
   * `retries: 0` leaves 429/503 handling to the caller (the executor re-reads state and renews its claim first).
   */
  assignLicense(userId: string, addLicenses: AssignedLicense[], removeLicenses: string[], options?: { retries?: number; readBack?: boolean }): Promise<AssignLicenseResult>;
  /** A group by object id or exact display name (one request); null when none matches, the first by name otherwise. */
  findGroup(idOrName: string): Promise<{ id: string; displayName: string | null } | null>;
  /** Graph's mailbox usage report (D7), following the 302 to the download URL. */
  getMailboxUsage(): Promise<MailboxUsageRow[]>;
  /** The same report, streamed row by row as it downloads: for tenant-sized reads such as the export. */
  mailboxUsageRows(): AsyncIterable<MailboxUsageRow>;
  /** The mailbox report plus whether its names are concealed (report settings, else judged from the rows). */
  getMailboxUsageReport(): Promise<MailboxUsageReport>;
  /** `GET /admin/reportSettings` (ReportSettings.Read.All): do usage reports conceal names? */
  getReportSettings(): Promise<ReportSettings>;
  /** Every user, streamed page by page ($top ≤ 999, following @odata.nextLink); one page in memory. */
  scanUsers(options?: ScanUsersOptions): AsyncIterable<GraphUser>;
  /** The same scan a page at a time: one await per page, not per user (the report walks 100,000 users). */
  scanUserPages(options?: ScanUsersOptions): AsyncIterable<GraphUser[]>;
  getOrganization(): Promise<GraphOrganization>;
  /** Users by id through JSON $batch (20 per batch); unknown ids map to null. */
  batchGetUsers(ids: string[]): Promise<Map<string, GraphUser | null>>;
  /** Group display names by id through JSON $batch; unknown groups are left out. */
  /** Group display names, cached like the SKU table (a license card shows them; renames are rare). */
  getGroupNames(groupIds: string[]): Promise<Map<string, string>>;
  /** Every group id in Graph's order (`/groups?$select=id`, paged). */
  scanGroupIds(): AsyncIterable<string>;
  /** Groups with their license assignments through JSON $batch; unknown ids map to null. */
  getGroups(groupIds: string[]): Promise<Map<string, GraphGroup | null>>;
  /** Organizational contacts (with their manager's id) through JSON $batch (OrgContact.Read.All); unknown → null. */
  getContacts(contactIds: string[]): Promise<Map<string, GraphContact | null>>;
  stats(): GatewayStats;
  /** Gets a token as the middleware would (doctor): its expiry and the application permissions it carries. */
  acquireToken(): Promise<TokenProbe>;
  /** One read-only GET, answer discarded: does Graph let us read this? Failure → GraphRequestError. */
  probe(path: string): Promise<void>;

  // ---- the tenant watcher (issue 14): cheap polls, then detail only where something is wrong
  /** `GET /groups?$filter=hasMembersWithLicenseErrors eq true` (paged). GroupMember.Read.All. */
  listGroupsWithLicenseErrors(): Promise<GroupRef[]>;
  /** `GET /groups/{id}/membersWithLicenseErrors` (paged): the failing members' ids. */
  getMembersWithLicenseErrors(groupId: string): Promise<string[]>;
  /** Users' license fields (assignedLicenses, licenseAssignmentStates, usageLocation) through $batch (20 per batch); unknown ids → null. */
  batchGetLicenseStates(ids: string[]): Promise<Map<string, WatchedUser | null>>;
  /** `POST /users/{id}/reprocessLicenseAssignment`: Entra re-evaluates the user's group licenses. LicenseAssignment.ReadWrite.All. */
  reprocessLicenseAssignment(userId: string): Promise<void>;
  /** `GET /directory/subscriptions` (Organization.Read.All): one companySubscription per commercial subscription. */
  listDirectorySubscriptions(): Promise<DirectorySubscription[]>;
  /** `GET /auditLogs/directoryAudits` for one activity since a time (AuditLog.Read.All), oldest first. */
  listDirectoryAudits(activityDisplayName: string, since: Date): Promise<LicenseAuditEntry[]>;
  /** A few holders of a SKU (`assignedLicenses/any(x:x/skuId eq …)`, one page). */
  usersWithSku(skuId: string, top: number): Promise<UserSummary[]>;
}

export type TokenProbe =
  | { kind: 'anonymous' }
  | { kind: 'ok'; expiresOn: string; /** undefined when the token is not a JWT */ roles?: string[] }
  | { kind: 'failed'; message: string };

/** The $select behind GraphUser: identity + the three license fields (licenseDetails is not available app-only). */
export const USER_SELECT = [
  'id',
  'displayName',
  'userPrincipalName',
  'mail',
  'jobTitle',
  'department',
  'accountEnabled',
  'usageLocation',
  'assignedLicenses',
  'licenseAssignmentStates',
  'assignedPlans',
] as const;

export const USER_SUMMARY_SELECT = ['id', 'displayName', 'userPrincipalName', 'mail', 'jobTitle', 'department'] as const;

const DEFAULT_BASE_URL = 'https://graph.microsoft.com/v1.0';
const GRAPH_HOSTS = new Set(['graph.microsoft.com', 'graph.microsoft.us', 'dod-graph.microsoft.us', 'graph.microsoft.de', 'microsoftgraph.chinacloudapi.cn', 'canary.graph.microsoft.com']);
const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BATCH_LIMIT = 20;
/** Graph's cap on pages that $select signInActivity ("Cannot query data for more than 120 users at a time"). */
export const SIGN_IN_ACTIVITY_PAGE_LIMIT = 120;
const CHECK_MEMBER_GROUPS_LIMIT = 20;

/** OData string literal body: a single quote is doubled. */
export function escapeODataString(value: string): string {
  return value.replace(/'/g, "''");
}

/** A user key as a path segment: percent-encoded ('#', '/', '?', '%' …) but '@' kept readable, as Graph shows it. */
export function userPathSegment(idOrUpn: string): string {
  const key = idOrUpn.trim();
  if (!key) {
    // GET /users/ would list the tenant: an empty key is a user that does not exist.
    throw new GraphRequestError({ status: 404, code: 'Request_ResourceNotFound', graphMessage: "Resource '' does not exist or one of its queried reference-property objects are not present." });
  }
  return encodeURIComponent(key).replace(/%40/g, '@');
}

export function splitBaseUrl(baseUrl: string): { host: string; version: string; hostname: string } {
  const url = new URL(baseUrl);
  const segments = url.pathname.split('/').filter(Boolean);
  let version = 'v1.0';
  if (segments.length && /^(v1\.0|beta)$/i.test(segments[segments.length - 1])) version = segments.pop()!;
  else if (segments.length) version = '';
  const host = `${url.protocol}//${url.host}/${segments.length ? segments.join('/') + '/' : ''}`;
  return { host, version, hostname: url.hostname.toLowerCase() };
}

export function createGraphGateway(options: GraphGatewayOptions = {}): GraphGateway {
  return new SdkGraphGateway(options);
}

class SdkGraphGateway implements GraphGateway {
  private readonly client: Client;
  /** The first handler of the client's middleware chain (JSON GETs go straight into it: see getDirect). */
  private readonly chain: Middleware;
  private readonly customHosts?: Set<string>;
  private readonly counters: GatewayStats = { requests: 0, retries: 0, throttled: 0 };
  private readonly logger?: GraphLogger;
  private readonly skuCacheTtlMs: number;
  private readonly maxRetries: number;
  private readonly retryDelaySeconds: number;
  private skuCache?: { at: number; value: SubscribedSku[] };
  /** Group id (lower case) → display name ('' when the group does not exist), with when it was read. */
  private readonly groupNameCache = new Map<string, { at: number; name: string }>();
  private skuInflight?: Promise<SubscribedSku[]>;
  private skuGeneration = 0;
  /** Graph root with version, e.g. https://graph.microsoft.com/v1.0: nextLinks under it are followed as paths. */
  private readonly root: string;
  private readonly auth?: { credential: TokenCredential; scopes: string[] };
  private readonly initiator?: string;

  constructor(options: GraphGatewayOptions) {
    this.logger = options.logger;
    this.initiator = options.demoInitiator;
    this.skuCacheTtlMs = options.skuCacheTtlMs ?? 5 * 60_000;
    this.maxRetries = Math.min(10, Math.max(0, options.maxRetries ?? 3));
    this.retryDelaySeconds = Math.max(0, options.retryDelaySeconds ?? 3);
    const { host, version, hostname } = splitBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
    this.root = `${host}${version}`.replace(/\/+$/, '');

    const middleware: Middleware[] = [];
    const auth = createAuthProvider(options, hostname);
    this.auth = auth;
    if (auth) middleware.push(new AuthenticationHandler(auth.provider));
    const shouldRetry: ShouldRetry = (_delay, attempt, request, fetchOptions, response) => {
      const method = (typeof request === 'string' ? fetchOptions?.method ?? 'GET' : request.method).toUpperCase();
      const url = typeof request === 'string' ? request : request.url;
      // A 504 on a write may have been applied: never repeat it blindly (the caller re-reads instead).
      if (response.status === 504 && !isIdempotent(method, url)) return false;
      this.counters.retries++;
      this.logger?.warn({ status: response.status, attempt: attempt + 1, method, url: redactUrl(url), retryAfter: response.headers.get('Retry-After') }, 'Graph request retried');
      return true;
    };
    middleware.push(new RetryHandler(new RetryHandlerOptions(Math.min(180, this.retryDelaySeconds), this.maxRetries, shouldRetry)));
    middleware.push(
      new ServerErrorRetryHandler({
        maxRetries: this.maxRetries,
        delaySeconds: this.retryDelaySeconds,
        onRetry: (info) => {
          this.counters.retries++;
          this.logger?.warn({ ...info, url: redactUrl(info.url) }, 'Graph request retried');
        },
      }),
    );
    middleware.push(new RedirectHandler(new RedirectHandlerOptions()));
    middleware.push(new StatsHandler(this.counters));
    middleware.push(new TelemetryHandler());
    // An injected fetch (tests, proxies) carries every request; otherwise JSON reads go by the whole-text fetch.
    middleware.push(options.fetchImpl ? new FetchHandler(options.fetchImpl) : new FetchHandler(globalThis.fetch.bind(globalThis), createWholeTextFetch()));

    // The SDK attaches the token only to Graph hosts and these (https only): a custom endpoint must be listed.
    this.customHosts = GRAPH_HOSTS.has(hostname) ? undefined : new Set([hostname]);
    this.client = Client.initWithMiddleware({ middleware, baseUrl: host, defaultVersion: version, customHosts: this.customHosts });
    this.chain = middleware[0];
  }

  stats(): GatewayStats {
    return { ...this.counters };
  }

  async acquireToken(): Promise<TokenProbe> {
    if (!this.auth) return { kind: 'anonymous' };
    try {
      const token = await this.auth.credential.getToken(this.auth.scopes);
      if (!token) return { kind: 'failed', message: 'the credential returned no token' };
      return { kind: 'ok', expiresOn: new Date(token.expiresOnTimestamp).toISOString(), roles: rolesOf(token.token) };
    } catch (error) {
      return { kind: 'failed', message: (error as Error).message?.split('\n')[0] ?? String(error) };
    }
  }

  async probe(path: string): Promise<void> {
    await this.send('GET', path);
  }

  // ---------------------------------------------------------------------------------------------- users

  async getUser(idOrUpn: string): Promise<GraphUser> {
    const body = await this.getJson(`/users/${userPathSegment(idOrUpn)}?$select=${USER_SELECT.join(',')}`);
    return toGraphUser(body);
  }

  async findUser(text: string): Promise<GraphUser | null> {
    const value = text.trim().replace(/^mailto:/i, '');
    if (!value) return null;
    if (GUID_RE.test(value)) {
      try {
        return await this.getUser(value);
      } catch (error) {
        if (error instanceof GraphRequestError && error.kind === 'not-found') return null;
        throw error;
      }
    }
    const literal = `'${escapeODataString(value)}'`;
    // Primary (SMTP:) and secondary (smtp:) addresses; both spelled out, as is common practice with Entra ID.
    const smtp = (prefix: string): string => `proxyAddresses/any(p:p eq '${escapeODataString(`${prefix}:${value}`)}')`;
    const filter = `userPrincipalName eq ${literal} or mail eq ${literal} or ${smtp('SMTP')} or ${smtp('smtp')}`;
    const page = await this.getJson(`/users?$filter=${encodeURIComponent(filter)}&$select=${USER_SELECT.join(',')}&$top=5`);
    const users = ((page?.value ?? []) as unknown[]).map(toGraphUser);
    if (users.length === 0) return null;
    const lower = value.toLowerCase();
    return users.find((u) => u.userPrincipalName?.toLowerCase() === lower) ?? users.find((u) => u.mail?.toLowerCase() === lower) ?? users[0];
  }

  async findUsersByName(name: string, top = 10): Promise<UserSummary[]> {
    const value = name.trim().replace(/\s+/g, ' ');
    if (!value) return [];
    const literal = `'${escapeODataString(value)}'`;
    const filter = ['displayName', 'givenName', 'surname', 'mail', 'userPrincipalName'].map((p) => `startswith(${p},${literal})`).join(' or ');
    const page = await this.getJson(`/users?$filter=${encodeURIComponent(filter)}&$select=${USER_SUMMARY_SELECT.join(',')}&$top=${Math.min(Math.max(1, top), 25)}`);
    const lower = value.toLowerCase();
    const users = ((page?.value ?? []) as unknown[]).map(toSummary);
    return users.sort((a, b) => Number((b.displayName ?? '').toLowerCase() === lower) - Number((a.displayName ?? '').toLowerCase() === lower));
  }

  async getManager(userId: string): Promise<UserSummary | null> {
    return this.managerOf('users', userId);
  }

  /** `/users/{id}/manager` or `/contacts/{id}/manager`: a user or an organizational contact, or null for none. */
  private async managerOf(collection: 'users' | 'contacts', id: string): Promise<UserSummary | null> {
    try {
      const body = await this.getJson(`/${collection}/${userPathSegment(id)}/manager?$select=${USER_SUMMARY_SELECT.join(',')}`);
      return toSummary(body);
    } catch (error) {
      // Graph answers "no manager" with 404 Request_ResourceNotFound naming the navigation property 'manager'
      // (an unknown user gets the same code naming the user instead).
      if (error instanceof GraphRequestError && error.kind === 'not-found' && /'manager'/i.test(error.graphMessage)) return null;
      throw error;
    }
  }

  async getManagerChain(userId: string, maxDepth = 10): Promise<UserSummary[]> {
    const chain: UserSummary[] = [];
    const seen = new Set<string>([userId.toLowerCase()]);
    let current: UserSummary | undefined;
    for (let depth = 0; depth < maxDepth; depth++) {
      let manager: UserSummary | null;
      try {
        // A contact's manager lives under /contacts (and may need OrgContact.Read.All).
        manager = current ? await this.managerOf(current.objectType === 'contact' ? 'contacts' : 'users', current.id) : await this.getManager(userId);
      } catch (error) {
        // Only the user's own lookup may fail the chain; above it, a vanished or unreadable manager ends it.
        if (!current || !(error instanceof GraphRequestError) || !['not-found', 'forbidden'].includes(error.kind)) throw error;
        this.logger?.warn({ managerId: current.id, objectType: current.objectType, kind: error.kind }, 'manager chain ends early');
        break;
      }
      if (!manager) break;
      const key = manager.id.toLowerCase();
      if (seen.has(key)) break; // cycle
      seen.add(key);
      if (manager.userPrincipalName) seen.add(manager.userPrincipalName.toLowerCase());
      chain.push(manager);
      current = manager;
    }
    return chain;
  }

  async getDirectReports(userId: string): Promise<UserSummary[]> {
    const reports: UserSummary[] = [];
    for await (const item of this.iterate(`/users/${userPathSegment(userId)}/directReports?$select=${USER_SUMMARY_SELECT.join(',')}`)) {
      const report = toSummary(item);
      // Contacts hold no licenses: "my team" means the users who report to me.
      if (report.objectType !== 'contact') reports.push(report);
    }
    return reports;
  }

  async getGroupMemberIds(groupId: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const item of this.iterate(`/groups/${encodeURIComponent(groupId)}/transitiveMembers?$select=id&$top=999`)) {
      const member = item as { id?: string; '@odata.type'?: string };
      if (member.id && (!member['@odata.type'] || member['@odata.type'] === '#microsoft.graph.user')) ids.push(member.id.toLowerCase());
    }
    return ids;
  }

  async checkMemberGroups(userId: string, groupIds: string[]): Promise<string[]> {
    const unique = [...new Map(groupIds.map((id) => [id.toLowerCase(), id])).values()];
    const found = new Set<string>();
    for (const chunk of chunks(unique, CHECK_MEMBER_GROUPS_LIMIT)) {
      const body = await this.postJson(`/users/${userPathSegment(userId)}/checkMemberGroups`, { groupIds: chunk });
      for (const id of (body?.value ?? []) as string[]) found.add(String(id).toLowerCase());
    }
    return unique.filter((id) => found.has(id.toLowerCase()));
  }

  async isMemberOf(userId: string, groupId: string): Promise<boolean> {
    return (await this.checkMemberGroups(userId, [groupId])).length > 0;
  }

  async *scanUsers(options: ScanUsersOptions = {}): AsyncIterable<GraphUser> {
    for await (const page of this.scanUserPages(options)) yield* page;
  }

  async *scanUserPages(options: ScanUsersOptions = {}): AsyncIterable<GraphUser[]> {
    const requested = options.pageSize ?? 999;
    if (!Number.isInteger(requested) || requested < 1 || requested > 999) throw new RangeError(`pageSize must be 1..999, not ${requested}`);
    const select = [...new Set(['id', ...(options.select ?? USER_SELECT)])];
    // Graph serves at most 120 users per page with signInActivity, and has refused a larger $top with a 400.
    const pageSize = select.some((p) => p.toLowerCase() === 'signinactivity') ? Math.min(requested, SIGN_IN_ACTIVITY_PAGE_LIMIT) : requested;
    let path = `/users?$select=${select.join(',')}&$top=${pageSize}`;
    if (options.filter) path += `&$filter=${encodeURIComponent(options.filter)}`;
    if (options.expandManager) path += '&$expand=manager($select=id)';
    for await (const page of this.pages(path)) yield page.map(toGraphUser);
  }

  async batchGetUsers(ids: string[]): Promise<Map<string, GraphUser | null>> {
    const unique = [...new Set(ids)];
    const answers = await this.batchGet(unique.map((id) => `/users/${userPathSegment(id)}?$select=${USER_SELECT.join(',')}`));
    return new Map(unique.map((id, i) => [id, answers[i] === null ? null : toGraphUser(answers[i])]));
  }

  async *scanGroupIds(): AsyncIterable<string> {
    for await (const item of this.iterate('/groups?$select=id&$top=999')) if (item?.id) yield lower(item.id);
  }

  async getGroups(groupIds: string[]): Promise<Map<string, GraphGroup | null>> {
    const unique = [...new Set(groupIds)];
    const answers = await this.batchGet(unique.map((id) => `/groups/${userPathSegment(id)}?$select=id,displayName,securityEnabled,assignedLicenses`));
    return new Map(
      unique.map((id, i) => {
        const g = answers[i] as Record<string, any> | null;
        if (!g) return [id, null];
        const group: GraphGroup = {
          id: lower(g.id),
          displayName: g.displayName ?? null,
          securityEnabled: g.securityEnabled ?? null,
          assignedLicenses: ((g.assignedLicenses ?? []) as any[]).map((l) => ({ skuId: lower(l.skuId), disabledPlans: ((l.disabledPlans ?? []) as unknown[]).map(lower) })),
        };
        return [id, group];
      }),
    );
  }

  async getContacts(contactIds: string[]): Promise<Map<string, GraphContact | null>> {
    const unique = [...new Set(contactIds)];
    const answers = await this.batchGet(unique.map((id) => `/contacts/${userPathSegment(id)}?$select=id,displayName,mail,jobTitle,department&$expand=manager($select=id)`));
    return new Map(
      unique.map((id, i) => {
        const c = answers[i] as Record<string, any> | null;
        if (!c) return [id, null];
        const contact: GraphContact = { id: lower(c.id), displayName: c.displayName ?? null, mail: c.mail ?? null, jobTitle: c.jobTitle ?? null, department: c.department ?? null, manager: managerRef(c.manager) };
        return [id, contact];
      }),
    );
  }

  async getGroupNames(groupIds: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(groupIds)];
    const now = Date.now();
    const fresh = (id: string) => {
      const hit = this.groupNameCache.get(id.toLowerCase());
      return hit && this.skuCacheTtlMs > 0 && now - hit.at < this.skuCacheTtlMs ? hit : undefined;
    };
    const missing = unique.filter((id) => !fresh(id));
    if (missing.length > 0) {
      const answers = await this.batchGet(missing.map((id) => `/groups/${userPathSegment(id)}?$select=id,displayName`));
      // Bounded: a tenant has far fewer licensed groups than this; a flood of ids must not grow memory.
      if (this.groupNameCache.size > 10_000) this.groupNameCache.clear();
      missing.forEach((id, i) => {
        const group = answers[i] as { displayName?: string } | null;
        this.groupNameCache.set(id.toLowerCase(), { at: now, name: group?.displayName ?? '' });
      });
    }
    const names = new Map<string, string>();
    for (const id of unique) {
      const name = this.groupNameCache.get(id.toLowerCase())?.name;
      if (name) names.set(id, name);
    }
    return names;
  }

  /**
   * GETs through JSON $batch (the SDK's BatchRequestContent, ≤ 20 per batch). Answers in input order: the body,
   * or null for a 404. Inner 429/503/504 are retried here (the RetryHandler only sees the outer 200).
   */
  private async batchGet(paths: string[]): Promise<Array<unknown | null>> {
    const answers: Array<unknown | null> = new Array(paths.length).fill(null);
    for (let start = 0; start < paths.length; start += BATCH_LIMIT) {
      let pending = paths.slice(start, start + BATCH_LIMIT).map((path, i) => ({ path, index: start + i }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        const steps = pending.map((p, i) => ({
          id: String(i + 1),
          // BatchRequestContent strips scheme and host and keeps the rest: no version segment here.
          request: new Request(`https://graph.microsoft.com${p.path}`, { method: 'GET' }),
        }));
        const content = await new BatchRequestContent(steps).getContent();
        const batch = new BatchResponseContent(await this.postJson('/$batch', content));
        const retry: typeof pending = [];
        let waitSeconds = 0;
        for (const [i, p] of pending.entries()) {
          const response = batch.getResponseById(String(i + 1));
          const path = p.path.split('?')[0];
          if (!response) {
            throw new GraphRequestError({ status: 502, code: 'BatchResponseMissing', graphMessage: `No answer for request ${i + 1} in the $batch response`, method: 'GET', path });
          }
          const text = await response.text();
          if (response.status === 429) this.counters.throttled++;
          if (response.ok) answers[p.index] = parseJson(text) ?? null;
          else if (response.status === 404) answers[p.index] = null;
          else if ([429, 503, 504].includes(response.status) && attempt < this.maxRetries) {
            this.counters.retries++;
            retry.push(p);
            waitSeconds = Math.max(waitSeconds, retryAfterSeconds(response) ?? this.retryDelaySeconds);
          } else {
            throw errorFromResponse(response, text, 'GET', path);
          }
        }
        if (retry.length) {
          this.logger?.warn({ count: retry.length, waitSeconds }, 'Graph $batch requests retried');
          await sleep(waitSeconds * 1000);
        }
        pending = retry;
      }
    }
    return answers;
  }

  // ---------------------------------------------------------------------------------------------- licenses

  async getSubscribedSkus(options: { fresh?: boolean } = {}): Promise<SubscribedSku[]> {
    const cached = this.skuCache;
    // The same frozen array while cached: callers share it (and the resolver's per-tenant index keyed on it).
    if (!options.fresh && cached && this.skuCacheTtlMs > 0 && Date.now() - cached.at < this.skuCacheTtlMs) return cached.value;
    if (!options.fresh && this.skuInflight) return this.skuInflight;
    const generation = this.skuGeneration;
    const load = (async () => {
      const body = await this.getJson('/subscribedSkus');
      const value = Object.freeze(((body?.value ?? []) as unknown[]).map(toSubscribedSku)) as SubscribedSku[];
      if (generation === this.skuGeneration) this.skuCache = { at: Date.now(), value };
      return value;
    })();
    this.skuInflight = load;
    try {
      return await load;
    } finally {
      if (this.skuInflight === load) this.skuInflight = undefined;
    }
  }

  invalidateSkuCache(): void {
    this.skuCache = undefined;
    this.skuInflight = undefined;
    this.skuGeneration++;
  }

  async assignLicense(userId: string, addLicenses: AssignedLicense[], removeLicenses: string[], options: { retries?: number; readBack?: boolean } = {}): Promise<AssignLicenseResult> {
    const path = `/users/${userPathSegment(userId)}/assignLicense`;
    const body = {
      addLicenses: addLicenses.map((l) => ({ skuId: l.skuId, disabledPlans: [...(l.disabledPlans ?? [])] })),
      removeLicenses: [...removeLicenses],
    };
    let requestId: string | undefined;
    let returned: Record<string, unknown> | undefined;
    try {
      const perRequest = options.retries === undefined ? [] : [new RetryHandlerOptions(Math.min(180, this.retryDelaySeconds), Math.max(0, options.retries))];
      const { response, text } = await this.send('POST', path, body, perRequest);
      requestId = response.headers.get('request-id') ?? undefined;
      returned = parseJson(text) as Record<string, unknown> | undefined;
      this.logger?.info({ userId, add: body.addLicenses.map((l) => l.skuId), remove: body.removeLicenses, requestId }, 'Graph assignLicense applied');
    } catch (error) {
      if (error instanceof GraphRequestError) {
        this.logger?.warn({ userId, kind: error.kind, code: error.code, requestId: error.requestId }, 'Graph assignLicense refused');
      }
      throw error;
    } finally {
      // Seats changed (or our view of them was wrong): the next seat check must see Graph's numbers.
      this.invalidateSkuCache();
    }
    // Graph answers with the user object, but not necessarily with licenseAssignmentStates: read it back.
    if (returned && typeof returned.id === 'string' && Array.isArray(returned.assignedLicenses) && Array.isArray(returned.licenseAssignmentStates)) {
      return { user: toGraphUser(returned), requestId, userReadBack: false };
    }
    // Bulk changes verify many users at once with $batch instead of one read per write.
    if (options.readBack === false) return { user: toGraphUser(returned ?? { id: userId }), requestId, userReadBack: false };
    try {
      return { user: await this.getUser(typeof returned?.id === 'string' ? returned.id : userId), requestId, userReadBack: true };
    } catch (error) {
      // The change IS applied; do not turn a failed read-back into a failed assignment.
      this.logger?.warn({ userId, requestId, error: String(error) }, 'Graph assignLicense applied but the user could not be read back');
      return { user: toGraphUser(returned ?? { id: userId }), requestId, userReadBack: false, readBackError: error };
    }
  }

  // ---------------------------------------------------------------------------------------------- tenant watcher

  async listGroupsWithLicenseErrors(): Promise<GroupRef[]> {
    const groups: GroupRef[] = [];
    const filter = encodeURIComponent('hasMembersWithLicenseErrors eq true');
    for await (const item of this.iterate(`/groups?$filter=${filter}&$select=id,displayName&$top=999`)) {
      groups.push({ id: lower(item.id), displayName: item.displayName ?? null });
    }
    return groups;
  }

  async getMembersWithLicenseErrors(groupId: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const item of this.iterate(`/groups/${encodeURIComponent(groupId)}/membersWithLicenseErrors?$select=id&$top=999`)) {
      if (item?.id && (!item['@odata.type'] || item['@odata.type'] === '#microsoft.graph.user')) ids.push(lower(item.id));
    }
    return ids;
  }

  async batchGetLicenseStates(ids: string[]): Promise<Map<string, WatchedUser | null>> {
    const unique = [...new Set(ids)];
    const select = 'id,displayName,userPrincipalName,usageLocation,assignedLicenses,licenseAssignmentStates';
    const answers = await this.batchGet(unique.map((id) => `/users/${userPathSegment(id)}?$select=${select}`));
    return new Map(
      unique.map((id, i) => {
        if (answers[i] === null) return [id, null];
        const u = toGraphUser(answers[i]);
        return [id, { id: u.id.toLowerCase(), displayName: u.displayName, userPrincipalName: u.userPrincipalName, usageLocation: u.usageLocation, assignedLicenses: u.assignedLicenses, licenseAssignmentStates: u.licenseAssignmentStates }];
      }),
    );
  }

  async reprocessLicenseAssignment(userId: string): Promise<void> {
    await this.send('POST', `/users/${userPathSegment(userId)}/reprocessLicenseAssignment`, {});
  }

  async listDirectorySubscriptions(): Promise<DirectorySubscription[]> {
    const out: DirectorySubscription[] = [];
    for await (const s of this.iterate('/directory/subscriptions')) {
      out.push({
        id: lower(s.id),
        skuId: lower(s.skuId),
        skuPartNumber: String(s.skuPartNumber ?? ''),
        status: String(s.status ?? 'Enabled'),
        totalLicenses: Number(s.totalLicenses ?? 0),
        isTrial: s.isTrial === true,
        createdDateTime: s.createdDateTime ?? null,
        nextLifecycleDateTime: s.nextLifecycleDateTime ?? null,
      });
    }
    return out;
  }

  async listDirectoryAudits(activityDisplayName: string, since: Date): Promise<LicenseAuditEntry[]> {
    // Graph wants the date unquoted, to the second.
    const filter = `activityDisplayName eq '${escapeODataString(activityDisplayName)}' and activityDateTime ge ${since.toISOString().replace(/\.\d{3}Z$/, 'Z')}`;
    const entries: LicenseAuditEntry[] = [];
    for await (const e of this.iterate(`/auditLogs/directoryAudits?$filter=${encodeURIComponent(filter)}`)) {
      entries.push({
        id: String(e.id),
        activityDateTime: String(e.activityDateTime),
        activityDisplayName: String(e.activityDisplayName ?? ''),
        result: e.result ?? null,
        initiatedBy: { user: e.initiatedBy?.user ?? null, app: e.initiatedBy?.app ?? null },
        targetResources: ((e.targetResources ?? []) as any[]).map((t) => ({
          id: t.id ?? null,
          type: t.type ?? null,
          displayName: t.displayName ?? null,
          userPrincipalName: t.userPrincipalName ?? null,
          modifiedProperties: ((t.modifiedProperties ?? []) as any[]).map((p) => ({ displayName: p.displayName ?? null, oldValue: p.oldValue ?? null, newValue: p.newValue ?? null })),
        })),
      });
    }
    return entries.sort((a, b) => a.activityDateTime.localeCompare(b.activityDateTime) || a.id.localeCompare(b.id));
  }

  async usersWithSku(skuId: string, top: number): Promise<UserSummary[]> {
    const filter = encodeURIComponent(`assignedLicenses/any(x:x/skuId eq ${lower(skuId)})`);
    const page = await this.getJson(`/users?$filter=${filter}&$select=${USER_SUMMARY_SELECT.join(',')}&$top=${Math.max(1, Math.min(999, top))}`);
    return ((page?.value ?? []) as unknown[]).map(toSummary);
  }

  async findGroup(idOrName: string): Promise<{ id: string; displayName: string | null } | null> {
    const value = idOrName.trim();
    if (!value) return null;
    if (GUID_RE.test(value)) {
      try {
        const group = await this.getJson(`/groups/${encodeURIComponent(value)}?$select=id,displayName`);
        return { id: String(group.id).toLowerCase(), displayName: group.displayName ?? null };
      } catch (error) {
        if (error instanceof GraphRequestError && error.kind === 'not-found') return null;
        throw error;
      }
    }
    const filter = `displayName eq '${escapeODataString(value)}'`;
    const page = await this.getJson(`/groups?$filter=${encodeURIComponent(filter)}&$select=id,displayName&$top=5`);
    const group = ((page?.value ?? []) as Array<{ id: string; displayName?: string }>)[0];
    return group ? { id: String(group.id).toLowerCase(), displayName: group.displayName ?? null } : null;
  }

  // ---------------------------------------------------------------------------------------------- reports, org

  async getMailboxUsage(): Promise<MailboxUsageRow[]> {
    const { text } = await this.send('GET', "/reports/getMailboxUsageDetail(period='D7')");
    return parseMailboxUsageCsv(text);
  }

  async *mailboxUsageRows(): AsyncIterable<MailboxUsageRow> {
    const path = "/reports/getMailboxUsageDetail(period='D7')";
    const response = await this.open('GET', path);
    if (!response.ok) throw errorFromResponse(response, await response.text(), 'GET', path);
    yield* mailboxUsageRowsFromChunks(textChunks(response));
  }

  async getReportSettings(): Promise<ReportSettings> {
    const body = await this.getJson('/admin/reportSettings');
    return { displayConcealedNames: body?.displayConcealedNames === true };
  }

  async getMailboxUsageReport(): Promise<MailboxUsageReport> {
    const [rows, settings] = await Promise.all([
      this.getMailboxUsage(),
      // Without ReportSettings.Read.All the rows themselves tell: concealed names are hashes, not UPNs.
      this.getReportSettings().catch((error: unknown) => {
        if (error instanceof GraphRequestError && ['forbidden', 'not-found'].includes(error.kind)) return undefined;
        throw error;
      }),
    ]);
    return { rows, namesConcealed: settings ? settings.displayConcealedNames : looksConcealed(rows), settingsRead: Boolean(settings) };
  }

  async getOrganization(): Promise<GraphOrganization> {
    const body = await this.getJson('/organization?$select=id,displayName,countryLetterCode,verifiedDomains');
    const org = (body?.value ?? [])[0] as Record<string, any> | undefined;
    if (!org) throw new GraphRequestError({ status: 404, code: 'Request_ResourceNotFound', graphMessage: 'No organization returned', method: 'GET', path: '/organization' });
    return {
      id: String(org.id),
      displayName: org.displayName ?? null,
      countryLetterCode: org.countryLetterCode ?? null,
      verifiedDomains: ((org.verifiedDomains ?? []) as any[]).map((d) => ({ name: String(d.name), isDefault: d.isDefault ?? null, isInitial: d.isInitial ?? null })),
    };
  }

  // ---------------------------------------------------------------------------------------------- plumbing

  /**
   * A collection, item by item, one page in memory; the next page is fetched only when the consumer gets there.
   * Graph's nextLinks are absolute: one under our own root is followed as a path through the same middleware
   * (tokens, retries); https elsewhere is left to the SDK; plain http to another origin is refused.
   */
  private async *iterate(path: string): AsyncIterable<any> {
    for await (const page of this.pages(path)) yield* page;
  }

  /** A collection's pages (`value` arrays), following @odata.nextLink. */
  private async *pages(path: string): AsyncIterable<any[]> {
    let next: string | undefined = path;
    let first = true;
    while (next) {
      const page: { value?: unknown[]; '@odata.nextLink'?: string } | undefined = first ? await this.getJson(next) : await this.getNextPage(next, path);
      first = false;
      if (page?.value?.length) yield page.value;
      next = page?.['@odata.nextLink'] ? this.followable(page['@odata.nextLink'], path) : undefined;
    }
  }

  /** A nextLink as the path to request: relative to our root when it is under it. */
  private followable(nextLink: string, path: string): string {
    if (nextLink.startsWith('/')) return nextLink;
    if (nextLink.toLowerCase().startsWith(this.root.toLowerCase() + '/')) return nextLink.slice(this.root.length);
    if (/^https:\/\//i.test(nextLink)) return nextLink;
    throw new GraphRequestError({ status: undefined, code: 'UnsafeNextLink', graphMessage: `@odata.nextLink points outside ${this.root}: ${redactUrl(nextLink)}`, method: 'GET', path: `${path.split('?')[0]} (next page)` });
  }

  /**
   * A GET straight into the client's middleware chain — tokens, retries, redirects, counting, telemetry — with the URL
   * as it is: ours (root + path, already encoded where it needs to be) or a page's @odata.nextLink as Graph gave it
   * (Graph: use the link as is). The SDK's GraphRequest would take the query apart and put it back together, about a
   * tenth of a millisecond per request: as much again as License Desk's own work on a "my license" answer, and 834
   * times in a 100,000-user report. `where` names the request in errors.
   */
  private async getDirect(url: string, where: string): Promise<any> {
    const context = readsWholeText({ request: url, options: { method: 'GET', headers: {} }, customHosts: this.customHosts });
    let response: Response;
    let text: string;
    try {
      await this.chain.execute(context);
      response = context.response!;
      text = await response.text();
    } catch (error) {
      throw toGraphRequestError(error, 'GET', where);
    }
    if (!response.ok) throw errorFromResponse(response, text, 'GET', where);
    return parseJson(text);
  }

  /** A page behind a nextLink (what followable() returned: a path under our root, or an https URL). */
  private getNextPage(link: string, path: string): Promise<any> {
    return this.getDirect(link.startsWith('/') ? this.root + link : link, `${path.split('?')[0]} (next page)`);
  }

  private getJson(path: string): Promise<any> {
    return this.getDirect(this.root + path, path.split('?')[0]);
  }

  private async postJson(path: string, body: unknown): Promise<any> {
    const { text } = await this.send('POST', path, body);
    return parseJson(text);
  }

  /** One Graph call through the middleware chain; the raw response so that headers (request-id) stay visible. */
  private async send(method: 'GET' | 'POST', path: string, body?: unknown, middlewareOptions: MiddlewareOptions[] = []): Promise<{ response: Response; text: string }> {
    const response = await this.open(method, path, body, middlewareOptions);
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new GraphRequestError({ status: undefined, code: 'ResponseBodyFailed', graphMessage: String(error), method, path: path.split('?')[0], cause: error });
    }
    if (!response.ok) throw errorFromResponse(response, text, method, path.split('?')[0]);
    return { response, text };
  }

  /** The response with its body unread (send() reads it; a streamed download reads it chunk by chunk). */
  private async open(method: 'GET' | 'POST', path: string, body?: unknown, middlewareOptions: MiddlewareOptions[] = []): Promise<Response> {
    const request = this.client.api(path).responseType(ResponseType.RAW);
    if (middlewareOptions.length > 0) request.middlewareOptions(middlewareOptions);
    // The demo tenant's audit log names who wrote (real Graph knows the app from the token).
    if (this.initiator && method === 'POST' && !/\/(\$batch|checkMemberGroups)$/.test(path)) request.header('x-demo-initiator', this.initiator);
    try {
      return method === 'GET' ? await request.get() : await request.post(body);
    } catch (error) {
      throw toGraphRequestError(error, method, path.split('?')[0]);
    }
  }
}

/** A response body as text chunks (UTF-8), without holding the whole body. */
async function* textChunks(response: Response): AsyncGenerator<string> {
  if (!response.body) {
    yield await response.text();
    return;
  }
  const decoder = new TextDecoder('utf-8');
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    yield decoder.decode(value, { stream: true });
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

// ------------------------------------------------------------------------------------------------ helpers

function createAuthProvider(options: GraphGatewayOptions, hostname: string): { provider: TokenCredentialAuthenticationProvider; credential: TokenCredential; scopes: string[] } | undefined {
  const mode = graphAuthMode(options);
  if (mode === 'anonymous') return undefined;
  let credential = options.credential as TokenCredential | undefined;
  if (!credential) {
    // Loaded only when needed: the demo and tests never pay for @azure/identity.
    const identity = require('@azure/identity') as typeof import('@azure/identity');
    if (mode === 'managed-identity') {
      credential = options.managedIdentityClientId
        ? new identity.ManagedIdentityCredential({ clientId: options.managedIdentityClientId })
        : new identity.ManagedIdentityCredential();
    } else {
      credential = new identity.ClientSecretCredential(options.tenantId!, options.clientId!, options.clientSecret!);
    }
  }
  const scopes = options.scopes ?? [GRAPH_HOSTS.has(hostname) ? `https://${hostname}/.default` : 'https://graph.microsoft.com/.default'];
  return { provider: new TokenCredentialAuthenticationProvider(credential, { scopes }), credential, scopes };
}

/** The `roles` claim of an app-only access token: the application permissions admin consent granted. */
function rolesOf(token: string): string[] | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { roles?: unknown };
    return Array.isArray(payload.roles) ? payload.roles.map(String) : [];
  } catch {
    return undefined; // not a JWT (a test credential): permissions are then judged by the calls alone
  }
}

function parseJson(text: string): any {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A non-2xx response → GraphRequestError, keeping Graph's code, message and request-id. */
export function errorFromResponse(response: Response, text: string, method: string, path: string): GraphRequestError {
  const body = parseJson(text);
  const error = body?.error;
  const message = typeof error?.message === 'string' ? error.message : typeof error?.message?.value === 'string' ? error.message.value : text.slice(0, 500);
  return new GraphRequestError({
    status: response.status,
    code: typeof error?.code === 'string' ? error.code : undefined,
    graphMessage: message,
    requestId: response.headers.get('request-id') ?? error?.innerError?.['request-id'] ?? error?.innererror?.['request-id'],
    clientRequestId: response.headers.get('client-request-id') ?? error?.innerError?.['client-request-id'],
    retryAfterSeconds: retryAfterSeconds(response),
    method,
    path,
  });
}

/** Anything thrown by the SDK (GraphError, GraphClientError, fetch's TypeError, @azure/identity errors). */
export function toGraphRequestError(error: unknown, method: string, path: string): GraphRequestError {
  if (error instanceof GraphRequestError) return error;
  if (error instanceof GraphError) {
    const status = error.statusCode > 0 ? error.statusCode : undefined;
    const headers = error.headers;
    return new GraphRequestError({
      status,
      code: error.code ?? undefined,
      graphMessage: error.message,
      requestId: headers?.get('request-id') ?? error.requestId ?? undefined,
      clientRequestId: headers?.get('client-request-id') ?? undefined,
      retryAfterSeconds: headers ? retryAfterSeconds({ headers } as Response) : undefined,
      method,
      path,
      cause: error,
    });
  }
  const e = error as { name?: string; message?: string } | undefined;
  return new GraphRequestError({ status: undefined, code: e?.name ?? 'Error', graphMessage: e?.message ?? String(error), method, path, cause: error });
}

const lower = (id: unknown): string => String(id).toLowerCase();

/**
 * A user as Graph sent it, normalised where it stands: ids in lower case, absent fields null. The object is ours (just
 * parsed) and is changed in place rather than copied: a copy of every user, its licenses and their plan lists doubled
 * what a 100,000-user scan allocates. (Nor is it rebuilt as `{ ...raw, … }`: V8 makes such a spread-then-extend literal
 * a slow dictionary object.)
 */
export function toGraphUser(raw: any): GraphUser {
  const user = raw !== null && typeof raw === 'object' ? raw : {};
  user.id = String(user.id ?? '');
  user.displayName ??= null;
  user.userPrincipalName ??= null;
  user.mail ??= null;
  user.jobTitle ??= null;
  user.department ??= null;
  // Managers and direct reports are directoryObjects: users, or organizational contacts (no UPN, no licenses).
  if (user['@odata.type'] === '#microsoft.graph.orgContact') user.objectType = 'contact';
  if (typeof user.accountEnabled !== 'boolean') user.accountEnabled = null;
  user.usageLocation ??= null;
  user.assignedLicenses = listOf(user.assignedLicenses);
  for (const l of user.assignedLicenses) {
    l.skuId = lower(l.skuId);
    l.disabledPlans = lowerAllInPlace(l.disabledPlans);
  }
  user.licenseAssignmentStates = listOf(user.licenseAssignmentStates);
  for (const s of user.licenseAssignmentStates) {
    s.skuId = lower(s.skuId);
    s.assignedByGroup = s.assignedByGroup ? lower(s.assignedByGroup) : null;
    s.disabledPlans = lowerAllInPlace(s.disabledPlans);
    s.state ??= null;
    s.error ??= null;
    s.lastUpdatedDateTime ??= null;
  }
  user.assignedPlans = listOf(user.assignedPlans);
  for (const p of user.assignedPlans) {
    p.assignedDateTime ??= null;
    p.capabilityStatus ??= null;
    p.service ??= null;
    p.servicePlanId = lower(p.servicePlanId);
  }
  if ('signInActivity' in user) user.signInActivity ??= null;
  if ('manager' in user) user.manager = managerRef(user.manager);
  // Billing attributes (the report's cost allocation), only when selected.
  if ('country' in user) user.country ??= null;
  if ('companyName' in user) user.companyName ??= null;
  if ('employeeOrgData' in user) user.employeeOrgData ??= null;
  if ('createdDateTime' in user) user.createdDateTime ??= null;
  return user as GraphUser;
}

const listOf = (value: unknown): any[] => (Array.isArray(value) ? value : []);

/** Lower-cases ids where they stand (toLowerCase returns the same string when it already is). */
function lowerAllInPlace(ids: unknown): string[] {
  const list = listOf(ids);
  for (let i = 0; i < list.length; i++) list[i] = lower(list[i]);
  return list;
}

/** An expanded manager ($expand=manager($select=id)): its id and whether it is a contact. */
function managerRef(raw: any): { id: string; objectType?: 'contact' } | null {
  if (!raw?.id) return null;
  // objectType: a user normalised once already (toGraphUser works in place) keeps what it was.
  return raw['@odata.type'] === '#microsoft.graph.orgContact' || raw.objectType === 'contact' ? { id: lower(raw.id), objectType: 'contact' } : { id: lower(raw.id) };
}

function toSummary(raw: any): UserSummary {
  const summary: UserSummary = {
    id: String(raw?.id ?? ''),
    displayName: raw?.displayName ?? null,
    userPrincipalName: raw?.userPrincipalName ?? null,
    mail: raw?.mail ?? null,
    jobTitle: raw?.jobTitle ?? null,
    department: raw?.department ?? null,
  };
  // Managers and direct reports are directoryObjects: users, or organizational contacts (no UPN, no licenses).
  if (raw?.['@odata.type'] === '#microsoft.graph.orgContact') summary.objectType = 'contact';
  return summary;
}

function toSubscribedSku(raw: any): SubscribedSku {
  return {
    id: raw?.id,
    skuId: lower(raw?.skuId),
    skuPartNumber: String(raw?.skuPartNumber ?? ''),
    capabilityStatus: raw?.capabilityStatus ?? null,
    appliesTo: raw?.appliesTo ?? null,
    consumedUnits: Number(raw?.consumedUnits ?? 0),
    prepaidUnits: {
      enabled: Number(raw?.prepaidUnits?.enabled ?? 0),
      suspended: Number(raw?.prepaidUnits?.suspended ?? 0),
      warning: Number(raw?.prepaidUnits?.warning ?? 0),
      lockedOut: Number(raw?.prepaidUnits?.lockedOut ?? 0),
    },
    servicePlans: ((raw?.servicePlans ?? []) as any[]).map((p) => ({
      servicePlanId: lower(p.servicePlanId),
      servicePlanName: p.servicePlanName ?? null,
      provisioningStatus: p.provisioningStatus ?? null,
      appliesTo: p.appliesTo ?? null,
    })),
  };
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Logs keep the path, not the query ($filter may contain a UPN). */
function redactUrl(url: string): string {
  return url.split('?')[0];
}
