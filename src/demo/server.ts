/**
 * The demo tenant: a Graph-compatible HTTP server (plain node:http) over a tenant fixture. License Desk's Graph
 * gateway talks to it exactly as to graph.microsoft.com — same paths under /v1.0, same JSON shapes, same error
 * bodies and headers. Test-only endpoints live under /_demo (never faulted, never logged as Graph requests).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Catalog } from '../licensing/catalog';
import { bundledFixture, type DemoBehaviour, type FixtureContact, loadFixture, type TenantFixture, validateFixture } from './fixture';
import { evaluateFilter, ODataError, parseFilter, parseSelect } from './odata';
import { auditFilter, DemoAuditLog, initiatorFrom, type DirectoryAudit } from './audit-log';
import { mailboxUsageCsv } from './reports';
import { shuffled } from './shuffle';
import { type DemoUser, type GraphErrorBody, GRAPH_ERRORS, isoSeconds, TenantModel } from './tenant';

export interface DemoFaults {
  /** Delay before every Graph answer. */
  latencyMs?: number;
  /** Share of Graph requests answered 429 (with Retry-After). */
  rate429?: number;
  /** Share of Graph requests answered 503 (with Retry-After). */
  rate5xx?: number;
  /** The next N Graph requests (matching failMatch, if given) fail with failNextStatus. */
  failNext?: number;
  /** Status for failNext: 503 (default), 429, 500, 502, 504, 401 or 403. */
  failNextStatus?: number;
  /** Only requests whose path (after /v1.0, with query) contains this text are faulted. */
  failMatch?: string;
  /** Retry-After sent with 429/503/504; default 1. */
  retryAfterSeconds?: number;
  /** Seed for rate429/rate5xx (deterministic runs); default 1. */
  seed?: number;
}

export interface DemoTenantOptions {
  catalog?: Catalog;
  now?: () => Date;
  /** Answer the mailbox usage report with a 302 to a download URL, as Graph does (default true). */
  reportRedirect?: boolean;
  /** When set, Graph requests must carry `Authorization: Bearer <requireToken>` (else 401 like Graph). */
  requireToken?: string;
  /** Overrides the fixture's `demo` behaviour (page sizes, $batch order), e.g. from DEMO_PAGE_SIZE. */
  behaviour?: DemoBehaviour;
}

export interface DemoWrite {
  method: string;
  path: string;
  body: unknown;
  status: number;
  at: string;
}

export interface DemoRequestRecord {
  method: string;
  path: string;
  status: number;
  at: string;
}

export interface DemoTenant {
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
  /** The current state (replaced by reset()). */
  readonly model: TenantModel;
  setFaults(faults: DemoFaults): void;
  faults(): DemoFaults;
  /** Reload the fixture, clear writes and faults. */
  reset(): void;
  writes(): DemoWrite[];
  requests(): { count: number; recent: DemoRequestRecord[] };
}

/** A fixture path, a fixture object (raw or validated), or undefined for the bundled Contoso tenant. */
export type DemoFixtureInput = string | TenantFixture | Record<string, unknown> | undefined;

export interface StartedDemoTenant {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  /** url + /v1.0 — what the Graph gateway takes as baseUrl. */
  baseUrl: string;
  port: number;
  tenant: DemoTenant;
  close(): Promise<void>;
}

/** Starts a demo tenant on an ephemeral port (default) for tests and for the composition root. */
export async function startDemoTenant(
  fixture?: DemoFixtureInput,
  options: DemoTenantOptions & { port?: number; host?: string } = {},
): Promise<StartedDemoTenant> {
  const tenant = createDemoTenant(fixture, options);
  const { url, port } = await tenant.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return { url, baseUrl: `${url}/v1.0`, port, tenant, close: () => tenant.close() };
}

export function createDemoTenant(fixture?: DemoFixtureInput, options: DemoTenantOptions = {}): DemoTenant {
  return new DemoTenantServer(fixtureLoader(fixture, options.catalog), options);
}

function fixtureLoader(input: DemoFixtureInput, catalog?: Catalog): () => TenantFixture {
  if (input === undefined) return () => bundledFixture(catalog);
  if (typeof input === 'string') return () => loadFixture(input, catalog);
  const snapshot = structuredClone(input);
  return () => validateFixture(structuredClone(snapshot), 'fixture object', catalog);
}

// ---------------------------------------------------------------------------------------------------- server

const JSON_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const MAX_BODY = 4 * 1024 * 1024;
const BATCH_LIMIT = 20;
const USER_DEFAULT_SELECT = ['businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id'];
const USER_FILTERABLE = new Set(['id', 'userPrincipalName', 'mail', 'displayName', 'givenName', 'surname', 'accountEnabled', 'usageLocation', 'department', 'jobTitle', 'proxyAddresses', 'assignedLicenses', 'userType']);
const GROUP_FILTERABLE = new Set(['id', 'displayName', 'securityEnabled', 'mailEnabled', 'hasMembersWithLicenseErrors']);
const SKU_PROPS = new Set(['accountId', 'accountName', 'appliesTo', 'capabilityStatus', 'consumedUnits', 'id', 'prepaidUnits', 'servicePlans', 'skuId', 'skuPartNumber', 'subscriptionIds']);
/** Read-only POSTs: not "writes". */
const READ_ONLY_POST = /\/(checkMemberGroups|checkMemberObjects|getMemberGroups|getMemberObjects|getByIds|\$batch)$/i;

interface GraphCall {
  method: string;
  /** Path after /v1.0, e.g. /users/abc */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: string;
  origin: string;
}

interface GraphAnswer {
  status: number;
  headers?: Record<string, string>;
  /** JSON value, or a string sent as is (with contentType). */
  body?: unknown;
  contentType?: string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: GraphErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(error.message);
  }
}

class DemoTenantServer implements DemoTenant {
  private server?: Server;
  private current: TenantModel;
  private faultConfig: DemoFaults = {};
  private random: () => number = mulberry32(1);
  /** Its own sequence: shuffling $batch answers must not shift seeded fault runs. */
  private readonly batchRandom: () => number = mulberry32(7);
  private readonly writeLog: DemoWrite[] = [];
  private readonly recent: DemoRequestRecord[] = [];
  private requestCount = 0;
  private readonly now: () => Date;
  private readonly reports = new Map<string, number>();
  private auditLog: DemoAuditLog;

  constructor(
    private readonly load: () => TenantFixture,
    private readonly options: DemoTenantOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.current = new TenantModel(load(), this.now);
    this.auditLog = new DemoAuditLog(this.now);
  }

  get model(): TenantModel {
    return this.current;
  }

  setFaults(faults: DemoFaults): void {
    this.faultConfig = { ...faults };
    this.random = mulberry32(faults.seed ?? 1);
  }

  faults(): DemoFaults {
    return { ...this.faultConfig };
  }

  reset(): void {
    this.current = new TenantModel(this.load(), this.now);
    this.auditLog = new DemoAuditLog(this.now);
    this.writeLog.length = 0;
    this.setFaults({});
  }

  writes(): DemoWrite[] {
    return this.writeLog.map((w) => ({ ...w }));
  }

  requests(): { count: number; recent: DemoRequestRecord[] } {
    return { count: this.requestCount, recent: this.recent.map((r) => ({ ...r })) };
  }

  listen(port = 0, host = '127.0.0.1'): Promise<{ url: string; port: number }> {
    const server = createServer((req, res) => {
      this.onRequest(req, res).catch((error) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': JSON_TYPE });
          res.end(JSON.stringify({ error: { code: 'generalException', message: String(error) } }));
        } else res.destroy();
      });
    });
    // Connections stay open between requests, as Graph's do. (Not 1 s: undici subtracts a second from the server's
    // Keep-Alive hint, so every request would open a new connection.)
    server.keepAliveTimeout = 5000;
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        const address = server.address() as AddressInfo;
        const shownHost = host.includes(':') ? `[${host}]` : host;
        resolve({ url: `http://${shownHost}:${address.port}`, port: address.port });
      });
    });
  }

  close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  // ------------------------------------------------------------------------------------------------ HTTP

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
    const requestId = randomUUID();
    const clientRequestId = headers['client-request-id'] || randomUUID();
    const method = (req.method ?? 'GET').toUpperCase();
    let body: string;
    try {
      body = await readBody(req);
    } catch {
      return this.reply(res, { status: 413, body: errorBody({ code: 'RequestEntityTooLarge', message: 'The request is too large.' }, requestId, clientRequestId, this.now()) }, requestId, clientRequestId);
    }
    // Behind a TLS-terminating proxy the links we hand out (nextLink, report downloads) are https, as Graph's.
    const origin = `${headers['x-forwarded-proto'] === 'https' ? 'https' : 'http'}://${headers['x-forwarded-host'] ?? headers.host ?? '127.0.0.1'}`;

    if (url.pathname.startsWith('/_demo/')) {
      const answer = this.demoEndpoint(method, url.pathname, body);
      return this.reply(res, answer, requestId, clientRequestId);
    }

    if (this.faultConfig.latencyMs) await delay(this.faultConfig.latencyMs);
    let answer: GraphAnswer;
    const versionMatch = /^\/v1\.0(\/.*)?$/.exec(url.pathname);
    if (!versionMatch) {
      const segment = url.pathname.split('/')[1] ?? '';
      answer = { status: 400, body: errorBody({ code: 'BadRequest', message: `Invalid version: ${segment}` }, requestId, clientRequestId, this.now()) };
    } else {
      const call: GraphCall = { method, path: versionMatch[1] ?? '/', query: url.searchParams, headers, body, origin };
      answer = await this.graph(call, requestId, clientRequestId, false);
    }
    this.requestCount++;
    this.recent.push({ method, path: url.pathname + url.search, status: answer.status, at: new Date().toISOString() });
    if (this.recent.length > 1000) this.recent.splice(0, this.recent.length - 1000);
    this.reply(res, answer, requestId, clientRequestId);
  }

  private reply(res: ServerResponse, answer: GraphAnswer, requestId: string, clientRequestId: string): void {
    const headers: Record<string, string> = { 'request-id': requestId, 'client-request-id': clientRequestId, ...(answer.headers ?? {}) };
    let payload = '';
    if (answer.body !== undefined) {
      if (typeof answer.body === 'string') {
        payload = answer.body;
        headers['Content-Type'] = answer.contentType ?? 'text/plain';
      } else {
        payload = JSON.stringify(answer.body);
        headers['Content-Type'] = JSON_TYPE;
      }
    }
    res.writeHead(answer.status, headers);
    res.end(payload);
  }

  private authorize(call: GraphCall): GraphAnswer | undefined {
    const token = this.options.requireToken;
    if (!token) return undefined;
    const given = call.headers.authorization;
    if (given === `Bearer ${token}`) return undefined;
    const error = given
      ? { code: 'InvalidAuthenticationToken', message: 'Access token validation failure. Invalid audience.' }
      : { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' };
    return { status: 401, body: { error }, headers: { 'WWW-Authenticate': 'Bearer realm=""' } };
  }

  /** One Graph call (outer, or inside $batch): faults, routing, error bodies, write log. */
  private async graph(call: GraphCall, requestId: string, clientRequestId: string, inner: boolean): Promise<GraphAnswer> {
    let answer: GraphAnswer;
    const denied = inner ? undefined : this.authorize(call);
    const fault = denied ? undefined : this.pickFault(call);
    if (denied) answer = denied;
    else if (fault) answer = fault;
    else {
      try {
        const write = call.method !== 'GET' && !READ_ONLY_POST.test(call.path);
        const before = write ? this.current.activeSkus() : undefined;
        answer = await this.route(call, requestId, clientRequestId);
        if (before && answer.status < 300) this.recordAudit(call, before, requestId);
      } catch (error) {
        if (error instanceof HttpError) answer = { status: error.status, body: { error: error.error }, headers: error.headers };
        else if (error instanceof ODataError) answer = { status: 400, body: { error: { code: error.code, message: error.message } } };
        else throw error;
      }
    }
    if (answer.status >= 400 && answer.body && typeof answer.body === 'object' && 'error' in answer.body) {
      const e = (answer.body as { error: GraphErrorBody }).error;
      answer.body = errorBody(e, requestId, clientRequestId, this.now());
    }
    if (call.method !== 'GET' && !READ_ONLY_POST.test(call.path)) {
      this.writeLog.push({ method: call.method, path: call.path, body: parseJsonOr(call.body), status: answer.status, at: new Date().toISOString() });
    }
    return answer;
  }

  private pickFault(call: GraphCall): GraphAnswer | undefined {
    const f = this.faultConfig;
    if (f.failMatch && !`${call.path}?${call.query.toString()}`.includes(f.failMatch) && !call.path.includes(f.failMatch)) return undefined;
    let status: number | undefined;
    if (f.failNext && f.failNext > 0) {
      f.failNext--;
      status = f.failNextStatus ?? 503;
    } else if (f.rate429 && this.random() < f.rate429) status = 429;
    else if (f.rate5xx && this.random() < f.rate5xx) status = 503;
    if (status === undefined) return undefined;
    const retryAfter = String(f.retryAfterSeconds ?? 1);
    const bodies: Record<number, GraphErrorBody> = {
      401: { code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not yet valid.' },
      403: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' },
      429: { code: 'TooManyRequests', message: 'Too many requests. The app or user has been throttled.' },
      500: { code: 'generalException', message: 'An unspecified error has occurred.' },
      502: { code: 'BadGateway', message: 'Bad Gateway' },
      503: { code: 'serviceNotAvailable', message: 'The service is temporarily unavailable. Try again after the delay given in Retry-After.' },
      504: { code: 'GatewayTimeout', message: 'Gateway Timeout' },
    };
    const headers: Record<string, string> = [429, 503, 504].includes(status) ? { 'Retry-After': retryAfter } : {};
    return { status, headers, body: { error: bodies[status] ?? { code: 'generalException', message: `HTTP ${status}` } } };
  }

  // ------------------------------------------------------------------------------------------------ routes

  private async route(call: GraphCall, requestId: string, clientRequestId: string): Promise<GraphAnswer> {
    const segments = call.path.split('/').filter(Boolean).map(safeDecode);
    const [root, key, nav, ...rest] = segments;
    const model = this.current;
    const allow = (...methods: string[]): void => {
      if (!methods.includes(call.method)) {
        throw new HttpError(405, { code: 'Request_BadRequest', message: 'Specified HTTP method is not allowed for the request target.' });
      }
    };
    const context = (fragment: string): string => `${call.origin}/v1.0/$metadata#${fragment}`;

    if (root === 'users' && key === undefined) {
      allow('GET');
      const select = parseSelect(call.query.get('$select'), this.userProps(), 'microsoft.graph.user');
      const users = this.filterUsers(model.users, call.query.get('$filter'));
      const expand = expandsManager(call);
      return { status: 200, body: this.page(users, call, '/users', context(select ? `users(${select.join(',')})` : 'users'), (u) => this.withManager(this.userResource(u, select), u.managerId, expand)) };
    }
    const alerting = this.alertRoutes(call, segments, context);
    if (alerting) return alerting;
    if (root === 'users' && key !== undefined && rest.length === 0) {
      const user = model.findUser(key);
      if (nav === 'assignLicense') {
        allow('POST');
        const result = model.assignLicense(key, parseBody(call.body));
        if (!result.ok) throw new HttpError(result.status, result.error);
        return { status: 200, body: { '@odata.context': context('users/$entity'), ...this.assignLicenseResponse(result.value) } };
      }
      if (!user) throw new HttpError(404, GRAPH_ERRORS.notFound(key));
      if (nav === undefined) {
        allow('GET');
        const select = parseSelect(call.query.get('$select'), this.userProps(), 'microsoft.graph.user');
        return { status: 200, body: { '@odata.context': context(select ? `users(${select.join(',')})/$entity` : 'users/$entity'), ...this.withManager(this.userResource(user, select), user.managerId, expandsManager(call)) } };
      }
      if (nav === 'manager') {
        allow('GET');
        return { status: 200, body: { '@odata.context': context('directoryObjects/$entity'), ...this.managerResource(user.managerId, call) } };
      }
      if (nav === 'directReports') {
        allow('GET');
        return { status: 200, body: this.directReportsPage(user.id, call, `/users/${encodeURIComponent(key)}/directReports`, context('directoryObjects')) };
      }
      if (nav === 'licenseDetails') {
        allow('GET');
        return { status: 200, body: { '@odata.context': context(`users('${user.id}')/licenseDetails`), value: this.licenseDetails(user) } };
      }
      if (nav === 'checkMemberGroups') {
        allow('POST');
        const payload = parseBody(call.body) as { groupIds?: unknown };
        if (!Array.isArray(payload?.groupIds) || payload.groupIds.some((g) => typeof g !== 'string')) {
          throw new HttpError(400, { code: 'Request_BadRequest', message: "One or more parameters of the operation 'checkMemberGroups' are missing from the request payload. The missing parameters are: groupIds." });
        }
        if (payload.groupIds.length > 20) {
          throw new HttpError(400, { code: 'Request_BadRequest', message: 'The number of groupIds must not exceed 20.' });
        }
        const mine = model.memberGroupIds(user.id);
        const value = (payload.groupIds as string[]).filter((id) => mine.has(id.toLowerCase()));
        return { status: 200, body: { '@odata.context': context('Collection(Edm.String)'), value } };
      }
    }
    if (root === 'contacts') {
      allow('GET');
      const contactSelect = () => parseSelect(call.query.get('$select'), this.contactProps(), 'microsoft.graph.orgContact');
      const expand = expandsManager(call);
      if (key === undefined) return { status: 200, body: this.page(model.contacts, call, '/contacts', context('contacts'), (c) => this.withManager(this.contactResource(c, contactSelect()), c.manager, expand)) };
      const contact = model.findContact(key);
      if (!contact || rest.length > 0) throw new HttpError(404, GRAPH_ERRORS.notFound(key));
      if (nav === undefined) return { status: 200, body: { '@odata.context': context('contacts/$entity'), ...this.withManager(this.contactResource(contact, contactSelect()), contact.manager, expand) } };
      if (nav === 'manager') return { status: 200, body: { '@odata.context': context('directoryObjects/$entity'), ...this.managerResource(contact.manager, call) } };
      if (nav === 'directReports') return { status: 200, body: this.directReportsPage(contact.id, call, `/contacts/${contact.id}/directReports`, context('directoryObjects')) };
    }
    if (root === 'admin' && key === 'reportSettings' && nav === undefined) {
      allow('GET');
      return { status: 200, body: { '@odata.context': context('admin/reportSettings/$entity'), '@odata.type': '#microsoft.graph.adminReportSettings', displayConcealedNames: model.reportSettings.displayConcealedNames } };
    }
    if (root === 'subscribedSkus' && key === undefined) {
      allow('GET');
      const select = parseSelect(call.query.get('$select'), SKU_PROPS, 'microsoft.graph.subscribedSku');
      return { status: 200, body: { '@odata.context': context('subscribedSkus'), value: model.skus.map((s) => pick(this.skuResource(s.skuId), select)) } };
    }
    if (root === 'organization' && key === undefined) {
      allow('GET');
      const org = model.organization;
      const full: Record<string, unknown> = { id: org.id, displayName: org.displayName, countryLetterCode: org.countryLetterCode, verifiedDomains: org.verifiedDomains.map((d) => ({ capabilities: 'Email, OfficeCommunicationsOnline', type: 'Managed', ...d })), ...org.extra };
      const select = parseSelect(call.query.get('$select'), new Set(Object.keys(full)), 'microsoft.graph.organization');
      return { status: 200, body: { '@odata.context': context('organization'), value: [pick(full, select)] } };
    }
    if (root === 'groups') {
      allow('GET');
      const groupProps = new Set(['id', 'displayName', 'description', 'securityEnabled', 'mailEnabled', 'groupTypes', 'mail', 'mailNickname', 'assignedLicenses', ...model.groups.flatMap((g) => Object.keys(g.extra))]);
      const select = parseSelect(call.query.get('$select'), groupProps, 'microsoft.graph.group');
      if (key === undefined) {
        let groups = model.groups;
        const filter = call.query.get('$filter');
        if (filter) {
          const tree = parseFilter(filter);
          groups = groups.filter((g) => {
            const item: Record<string, unknown> = { id: g.id, displayName: g.displayName, securityEnabled: g.securityEnabled, mailEnabled: false };
            // Filter-only, never returned on GET (as Graph documents it).
            Object.defineProperty(item, 'hasMembersWithLicenseErrors', { get: () => model.hasMembersWithLicenseErrors(g.id) });
            return evaluateFilter(tree, item, GROUP_FILTERABLE, 'Group');
          });
        }
        return { status: 200, body: this.page(groups, call, '/groups', context('groups'), (g) => this.groupResource(g.id, select)) };
      }
      const group = model.findGroup(key);
      if (!group) throw new HttpError(404, GRAPH_ERRORS.notFound(key));
      if (nav === undefined && rest.length === 0) return { status: 200, body: { '@odata.context': context('groups/$entity'), ...this.groupResource(group.id, select) } };
      // No nested groups in fixtures: transitive members are the members.
      if ((nav === 'members' || nav === 'transitiveMembers') && rest.length === 0) {
        const userSelect = parseSelect(call.query.get('$select'), this.userProps(), 'microsoft.graph.user');
        const members = group.members.map((id) => model.findUser(id)).filter((u): u is DemoUser => Boolean(u));
        return { status: 200, body: this.page(members, call, `/groups/${group.id}/${nav}`, context('directoryObjects'), (u) => ({ '@odata.type': '#microsoft.graph.user', ...this.userResource(u, userSelect) })) };
      }
    }
    if (root === '$batch' && key === undefined) {
      allow('POST');
      return this.batch(call, requestId, clientRequestId);
    }
    if (root === 'reports' && key !== undefined && nav === undefined) {
      const m = /^getMailboxUsageDetail\(period='([^']*)'\)$/.exec(key);
      if (m) {
        allow('GET');
        const days = /^D(7|30|90|180)$/.exec(m[1]);
        if (!days) throw new HttpError(400, { code: 'BadRequest', message: `Invalid value '${m[1]}' for parameter 'period': expected D7, D30, D90 or D180.` });
        if (this.options.reportRedirect === false) {
          return { status: 200, body: mailboxUsageCsv(model, this.now(), Number(days[1])), contentType: 'application/octet-stream' };
        }
        const token = randomUUID().replace(/-/g, '');
        this.reports.set(token, Number(days[1]));
        if (this.reports.size > 100) this.reports.delete(this.reports.keys().next().value!);
        return { status: 302, headers: { Location: `${call.origin}/_demo/reports/download/${token}` }, body: '', contentType: 'text/plain' };
      }
    }
    const unknown = root === undefined || !isKnownSegment(root) ? (root ?? '') : (nav ?? key ?? root);
    throw new HttpError(400, { code: 'BadRequest', message: `Resource not found for the segment '${unknown}'.` });
  }

  /**
   * The endpoints the tenant watcher reads and the writes another admin tool makes (issue 14): group membership
   * and group licenses, reprocessing, directory subscriptions and the audit log. undefined: not one of them.
   */
  private alertRoutes(call: GraphCall, segments: string[], context: (fragment: string) => string): GraphAnswer | undefined {
    const [root, key, nav, ...rest] = segments;
    const model = this.current;
    const outcome = <T>(result: { ok: true; value: T } | { ok: false; status: number; error: GraphErrorBody }): T => {
      if (!result.ok) throw new HttpError(result.status, result.error);
      return result.value;
    };
    const only = (method: string) => {
      if (call.method !== method) throw new HttpError(405, { code: 'Request_BadRequest', message: 'Specified HTTP method is not allowed for the request target.' });
    };
    if (root === 'users' && key !== undefined && nav === 'reprocessLicenseAssignment' && rest.length === 0) {
      only('POST');
      const user = outcome(model.reprocess(key));
      return { status: 200, body: { '@odata.context': context('users/$entity'), ...this.userResource(user, [...USER_DEFAULT_SELECT, 'assignedLicenses']) } };
    }
    if (root === 'groups' && key === undefined && call.method === 'POST') {
      const group = outcome(model.createGroup(parseBody(call.body)));
      return { status: 201, body: { '@odata.context': context('groups/$entity'), ...this.groupResource(group.id) } };
    }
    if (root === 'groups' && key !== undefined && nav === 'assignLicense' && rest.length === 0) {
      only('POST');
      const group = outcome(model.assignGroupLicense(key, parseBody(call.body)));
      return { status: 202, body: { '@odata.context': context('groups/$entity'), ...this.groupResource(group.id) } };
    }
    if (root === 'groups' && key !== undefined && nav === 'members' && rest.length === 1 && rest[0] === '$ref') {
      only('POST');
      const ref = (parseBody(call.body) as Record<string, unknown>)['@odata.id'];
      const memberId = typeof ref === 'string' ? ref.split('/').filter(Boolean).pop() : undefined;
      if (!memberId) throw new HttpError(400, { code: 'Request_BadRequest', message: "Invalid value for '@odata.id': expected https://graph.microsoft.com/v1.0/directoryObjects/{id}." });
      outcome(model.addMember(key, memberId));
      return { status: 204 };
    }
    if (root === 'groups' && key !== undefined && nav === 'members' && rest.length === 2 && rest[1] === '$ref') {
      only('DELETE');
      outcome(model.removeMember(key, rest[0]));
      return { status: 204 };
    }
    if (root === 'groups' && key !== undefined && nav === 'membersWithLicenseErrors' && rest.length === 0) {
      only('GET');
      const group = model.findGroup(key);
      if (!group) throw new HttpError(404, GRAPH_ERRORS.notFound(key));
      const select = parseSelect(call.query.get('$select'), this.userProps(), 'microsoft.graph.user');
      return { status: 200, body: this.page(model.membersWithLicenseErrors(group.id), call, `/groups/${group.id}/membersWithLicenseErrors`, context('directoryObjects'), (u) => ({ '@odata.type': '#microsoft.graph.user', ...this.userResource(u, select) })) };
    }
    if (root === 'directory' && key === 'subscriptions' && nav === undefined) {
      only('GET');
      const value = model.subscriptions.map((sub) => ({
        id: sub.id,
        commerceSubscriptionId: sub.id,
        createdDateTime: sub.createdDateTime,
        isTrial: sub.isTrial,
        nextLifecycleDateTime: sub.nextLifecycleDateTime,
        ownerId: null,
        ownerTenantId: null,
        ownerType: null,
        serviceStatus: (model.sku(sub.skuId)?.servicePlans ?? []).map((p) => ({ servicePlanId: p.servicePlanId, servicePlanName: p.servicePlanName, provisioningStatus: p.provisioningStatus, appliesTo: p.appliesTo })),
        skuId: sub.skuId,
        skuPartNumber: sub.skuPartNumber,
        status: sub.status,
        totalLicenses: sub.totalLicenses,
        ...sub.extra,
      }));
      return { status: 200, body: { '@odata.context': context('directory/subscriptions'), value } };
    }
    if (root === 'auditLogs' && key === 'directoryAudits' && nav === undefined) {
      only('GET');
      let test: (e: DirectoryAudit) => boolean;
      try {
        test = auditFilter(call.query.get('$filter'));
      } catch (error) {
        throw new HttpError(400, { code: 'BadRequest', message: (error as Error).message });
      }
      // Newest first, as Graph lists them.
      const entries = this.auditLog.all().filter(test).reverse();
      return { status: 200, body: this.page(entries, call, '/auditLogs/directoryAudits', context('auditLogs/directoryAudits'), (e) => ({ ...e })) };
    }
    return undefined;
  }

  /** Every write through the Graph API goes into the audit log, with the license changes it caused. */
  private recordAudit(call: GraphCall, before: Map<string, string[]>, correlationId: string): void {
    const model = this.current;
    const initiator = initiatorFrom(call.headers['x-demo-initiator'], model);
    const [root, key, nav, ...rest] = call.path.split('/').filter(Boolean).map(safeDecode);
    const groupTarget = (id: string) => ({ id, displayName: model.findGroup(id)?.displayName ?? null, type: 'Group' as const, userPrincipalName: null, modifiedProperties: [] });
    const userTarget = (id: string) => {
      const u = model.findUser(id);
      return { id: u?.id ?? id, displayName: u?.displayName ?? null, type: 'User' as const, userPrincipalName: u?.userPrincipalName ?? null, modifiedProperties: [] };
    };
    if (root === 'users' && key && (nav === 'assignLicense' || nav === 'reprocessLicenseAssignment')) {
      this.auditLog.recordLicenseChanges(model, before, initiator, correlationId, model.findUser(key)?.id);
      return;
    }
    if (root === 'groups' && key && nav === 'members') {
      const memberId = rest.length === 2 ? rest[0] : String((parseJsonOr(call.body) as Record<string, unknown>)?.['@odata.id'] ?? '').split('/').pop() ?? '';
      this.auditLog.record(call.method === 'DELETE' ? 'Remove member from group' : 'Add member to group', initiator, [groupTarget(key), userTarget(memberId)], correlationId);
    } else if (root === 'groups' && key && nav === 'assignLicense') {
      this.auditLog.record('Change group license', initiator, [groupTarget(key)], correlationId);
    } else if (root === 'groups' && !key) {
      const created = model.groups[model.groups.length - 1];
      if (created) this.auditLog.record('Add group', initiator, [groupTarget(created.id)], correlationId);
    }
    this.auditLog.recordLicenseChanges(model, before, initiator, correlationId);
  }

  private async batch(call: GraphCall, requestId: string, clientRequestId: string): Promise<GraphAnswer> {
    const payload = parseBody(call.body) as { requests?: unknown };
    const requests = payload?.requests;
    if (!Array.isArray(requests)) throw new HttpError(400, { code: 'BadRequest', message: 'Invalid batch payload format.' });
    if (requests.length > BATCH_LIMIT) {
      throw new HttpError(400, { code: 'BadRequest', message: `The number of requests in a batch (${requests.length}) exceeds the limit of ${BATCH_LIMIT}.` });
    }
    const ids = new Set<string>();
    for (const r of requests as Array<Record<string, unknown>>) {
      if (!r || typeof r.id !== 'string' || typeof r.method !== 'string' || typeof r.url !== 'string') {
        throw new HttpError(400, { code: 'BadRequest', message: 'Every batch request needs an id, a method and a url.' });
      }
      if (ids.has(r.id)) throw new HttpError(400, { code: 'BadRequest', message: `Batch request id '${r.id}' is not unique.` });
      ids.add(r.id);
    }
    const statuses = new Map<string, number>();
    const responses: Array<Record<string, unknown>> = [];
    for (const r of requests as Array<{ id: string; method: string; url: string; headers?: Record<string, string>; body?: unknown; dependsOn?: string[] }>) {
      let answer: GraphAnswer;
      const failedDependency = (r.dependsOn ?? []).some((d) => (statuses.get(d) ?? 424) >= 400);
      if (failedDependency) {
        answer = { status: 424, body: errorBody({ code: 'FailedDependency', message: 'A request this one depends on failed.' }, requestId, clientRequestId, this.now()) };
      } else if (!r.url.startsWith('/') || /^\/(v1\.0|beta)\//i.test(r.url)) {
        answer = { status: 400, body: errorBody({ code: 'BadRequest', message: `Invalid request URL '${r.url}': use a URL relative to the version, e.g. /users/{id}.` }, requestId, clientRequestId, this.now()) };
      } else {
        const inner = new URL(r.url, 'http://demo.invalid');
        const innerHeaders: Record<string, string> = {};
        for (const [k, v] of Object.entries(r.headers ?? {})) innerHeaders[k.toLowerCase()] = String(v);
        answer = await this.graph(
          {
            method: r.method.toUpperCase(),
            path: inner.pathname,
            query: inner.searchParams,
            headers: innerHeaders,
            body: r.body === undefined ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body),
            origin: call.origin,
          },
          requestId,
          clientRequestId,
          true,
        );
      }
      statuses.set(r.id, answer.status);
      const headers: Record<string, string> = { ...(answer.headers ?? {}) };
      if (answer.body !== undefined && typeof answer.body !== 'string') headers['Content-Type'] = JSON_TYPE;
      responses.push({ id: r.id, status: answer.status, headers, body: answer.body ?? null });
    }
    // Graph answers a $batch in any order; clients must match answers by id.
    const order = this.behaviour().batchOrder ?? 'shuffled';
    return { status: 200, body: { responses: order === 'shuffled' ? shuffled(responses, this.batchRandom) : responses } };
  }

  // ------------------------------------------------------------------------------------------------ /_demo

  private demoEndpoint(method: string, path: string, body: string): GraphAnswer {
    if (path === '/_demo/writes' && method === 'GET') return { status: 200, body: this.writes() };
    if (path === '/_demo/requests' && method === 'GET') return { status: 200, body: this.requests() };
    if (path === '/_demo/faults' && method === 'GET') return { status: 200, body: this.faults() };
    if (path === '/_demo/faults' && method === 'POST') {
      const parsed = parseJsonOr(body || '{}');
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { status: 400, body: { error: { code: 'BadRequest', message: 'faults must be a JSON object' } } };
      const f = parsed as Record<string, unknown>;
      const numbers = ['latencyMs', 'rate429', 'rate5xx', 'failNext', 'failNextStatus', 'retryAfterSeconds', 'seed'];
      for (const key of Object.keys(f)) {
        if (key === 'failMatch' ? typeof f[key] !== 'string' : !numbers.includes(key) || typeof f[key] !== 'number' || (f[key] as number) < 0) {
          return { status: 400, body: { error: { code: 'BadRequest', message: `faults.${key} is not a known fault setting (or has a wrong value)` } } };
        }
      }
      this.setFaults(f as DemoFaults);
      return { status: 200, body: this.faults() };
    }
    if (path === '/_demo/reset' && method === 'POST') {
      try {
        this.reset();
      } catch (error) {
        return { status: 500, body: { error: { code: 'FixtureError', message: (error as Error).message } } };
      }
      return { status: 200, body: { reset: true, users: this.current.users.length } };
    }
    const download = /^\/_demo\/reports\/download\/([0-9a-f]+)$/.exec(path);
    if (download && method === 'GET') {
      const days = this.reports.get(download[1]);
      if (days === undefined) return { status: 404, body: 'The download link has expired.', contentType: 'text/plain' };
      return { status: 200, body: mailboxUsageCsv(this.current, this.now(), days), contentType: 'application/octet-stream' };
    }
    return { status: 404, body: { error: { code: 'NotFound', message: `No demo endpoint ${method} ${path}` } } };
  }

  // ------------------------------------------------------------------------------------------------ resources

  private userPropsCache?: { model: TenantModel; props: Set<string> };

  private userProps(): Set<string> {
    if (this.userPropsCache?.model === this.current) return this.userPropsCache.props;
    const props = new Set([
      'id', 'displayName', 'userPrincipalName', 'mail', 'jobTitle', 'department', 'accountEnabled', 'usageLocation',
      'assignedLicenses', 'licenseAssignmentStates', 'assignedPlans', 'proxyAddresses', 'signInActivity',
      'businessPhones', 'givenName', 'surname', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'userType', 'manager',
      // Billing attributes of the report (null when the fixture leaves them out; employeeOrgData holds costCenter, division).
      'country', 'companyName', 'employeeOrgData', 'createdDateTime',
      ...this.current.users.flatMap((u) => Object.keys(u.extra)),
    ]);
    this.userPropsCache = { model: this.current, props };
    return props;
  }

  private userResource(user: DemoUser, select?: string[]): Record<string, unknown> {
    const names = select ?? USER_DEFAULT_SELECT;
    const model = this.current;
    let view: ReturnType<TenantModel['licenseView']> | undefined;
    const license = () => (view ??= model.licenseView(user.id));
    const out: Record<string, unknown> = {};
    for (const name of names) {
      switch (name) {
        case 'assignedLicenses':
          out[name] = license().assignedLicenses;
          break;
        case 'licenseAssignmentStates':
          out[name] = license().licenseAssignmentStates;
          break;
        case 'assignedPlans':
          out[name] = license().assignedPlans;
          break;
        case 'proxyAddresses':
          out[name] = model.proxyAddresses(user);
          break;
        case 'signInActivity':
          out[name] = user.signInActivity ?? null;
          break;
        case 'businessPhones':
          out[name] = user.extra.businessPhones ?? [];
          break;
        case 'userType':
          out[name] = user.extra.userType ?? 'Member';
          break;
        case 'manager':
          break; // navigation property: only through /manager
        default:
          out[name] = name in user.extra ? user.extra[name] : ((user as unknown as Record<string, unknown>)[name] ?? null);
      }
    }
    return out;
  }

  /** Fixture behaviour, overridden by the start options (DEMO_PAGE_SIZE …). */
  private behaviour(): DemoBehaviour {
    return { ...this.current.behaviour, ...(this.options.behaviour ?? {}) };
  }

  private contactProps(): Set<string> {
    return new Set(['id', 'displayName', 'mail', 'jobTitle', 'department', 'companyName', 'givenName', 'surname', 'mailNickname', 'proxyAddresses', ...this.current.contacts.flatMap((c) => Object.keys(c.extra))]);
  }

  private contactResource(contact: FixtureContact, select?: string[]): Record<string, unknown> {
    const full: Record<string, unknown> = { id: contact.id, displayName: contact.displayName, mail: contact.mail, jobTitle: contact.jobTitle, department: contact.department, ...contact.extra };
    return pick(full, select);
  }

  /**
   * A manager as Graph serves it: a directoryObject with its @odata.type — a user, or an orgContact. $select names
   * that the contact type lacks (userPrincipalName) are left out for a contact, as Graph does for derived types.
   */
  private managerResource(managerId: string | undefined, call: GraphCall): Record<string, unknown> {
    const manager = this.current.managerOf(managerId);
    if (!manager) throw new HttpError(404, GRAPH_ERRORS.notFound('manager'));
    const select = parseSelect(call.query.get('$select'), new Set([...this.userProps(), ...this.contactProps()]), 'microsoft.graph.directoryObject');
    if (manager.kind === 'user') {
      const userSelect = select?.filter((n) => this.userProps().has(n));
      return { '@odata.type': '#microsoft.graph.user', ...this.userResource(manager.user, userSelect) };
    }
    const contactSelect = select?.filter((n) => this.contactProps().has(n));
    return { '@odata.type': '#microsoft.graph.orgContact', ...this.contactResource(manager.contact, contactSelect) };
  }

  private directReportsPage(managerId: string, call: GraphCall, path: string, odataContext: string): Record<string, unknown> {
    const select = parseSelect(call.query.get('$select'), new Set([...this.userProps(), ...this.contactProps()]), 'microsoft.graph.directoryObject');
    return this.page(this.current.directReports(managerId), call, path, odataContext, (r) =>
      'userPrincipalName' in r
        ? { '@odata.type': '#microsoft.graph.user', ...this.userResource(r, select?.filter((n) => this.userProps().has(n))) }
        : { '@odata.type': '#microsoft.graph.orgContact', ...this.contactResource(r, select?.filter((n) => this.contactProps().has(n))) },
    );
  }

  /** `$expand=manager($select=id)`: the manager's id and type inline; no manager → no property, as Graph. */
  private withManager(resource: Record<string, unknown>, managerId: string | undefined, expand: boolean): Record<string, unknown> {
    if (!expand) return resource;
    const manager = this.current.managerOf(managerId);
    if (!manager) return resource;
    const id = manager.kind === 'user' ? manager.user.id : manager.contact.id;
    return { ...resource, manager: { '@odata.type': manager.kind === 'user' ? '#microsoft.graph.user' : '#microsoft.graph.orgContact', id } };
  }

  /** What assignLicense answers: the user with its default properties plus assignedLicenses/assignedPlans (Graph's doc example), no licenseAssignmentStates. */
  private assignLicenseResponse(user: DemoUser): Record<string, unknown> {
    return this.userResource(user, [...USER_DEFAULT_SELECT, 'accountEnabled', 'usageLocation', 'assignedLicenses', 'assignedPlans']);
  }

  private filterUsers(users: DemoUser[], filter: string | null): DemoUser[] {
    if (!filter) return users;
    const tree = parseFilter(filter);
    const model = this.current;
    return users.filter((u) => {
      const item: Record<string, unknown> = {
        id: u.id,
        userPrincipalName: u.userPrincipalName,
        mail: u.mail,
        displayName: u.displayName,
        givenName: u.extra.givenName ?? null,
        surname: u.extra.surname ?? null,
        accountEnabled: u.accountEnabled,
        usageLocation: u.usageLocation,
        department: u.department,
        jobTitle: u.jobTitle,
        userType: u.extra.userType ?? 'Member',
      };
      Object.defineProperty(item, 'proxyAddresses', { get: () => model.proxyAddresses(u) });
      Object.defineProperty(item, 'assignedLicenses', { get: () => model.licenseView(u.id).assignedLicenses });
      return evaluateFilter(tree, item, USER_FILTERABLE, 'User');
    });
  }

  /**
   * $top (1..999, default 100 or the fixture's pageSize) + an opaque $skiptoken. Like Graph, @odata.nextLink is
   * absolute (the origin the client called, https behind a TLS proxy), pages may hold fewer than $top
   * (maxPageSize), and $select=signInActivity refuses $top above 120 ("Cannot query data for more than 120 users").
   */
  private page<T>(items: T[], call: GraphCall, path: string, odataContext: string, render: (item: T) => Record<string, unknown>): Record<string, unknown> {
    const behaviour = this.behaviour();
    const topText = call.query.get('$top');
    let top = behaviour.pageSize ?? 100;
    if (topText !== null) {
      top = Number(topText);
      if (!Number.isInteger(top) || top < 1 || top > 999) {
        throw new HttpError(400, { code: 'Request_UnsupportedQuery', message: `Invalid page size specified: '${topText}'. Must be between 1 and 999 inclusive.` });
      }
    }
    const signInLimit = behaviour.signInActivityPageLimit ?? 120;
    if (path === '/users' && selectsSignInActivity(call.query.get('$select')) && top > signInLimit) {
      throw new HttpError(400, { code: 'Request_UnsupportedQuery', message: `Cannot query data for more than ${signInLimit} users at a time.` });
    }
    if (behaviour.maxPageSize) top = Math.min(top, behaviour.maxPageSize);
    let offset = 0;
    const skiptoken = call.query.get('$skiptoken') ?? call.query.get('$skipToken');
    if (skiptoken !== null) {
      offset = decodeSkipToken(skiptoken);
      if (offset < 0) throw new HttpError(400, { code: 'Request_BadRequest', message: `The specified page token value has expired or is invalid: '${skiptoken}'.` });
    }
    const slice = items.slice(offset, offset + top);
    const body: Record<string, unknown> = { '@odata.context': odataContext };
    if (call.query.get('$count') === 'true') body['@odata.count'] = items.length;
    if (offset + top < items.length) {
      const params: string[] = [];
      for (const [k, v] of call.query) if (!/^\$skip[tT]oken$/.test(k)) params.push(`${k}=${encodeQueryValue(v)}`);
      params.push(`$skiptoken=${encodeSkipToken(offset + top)}`);
      body['@odata.nextLink'] = `${call.origin}/v1.0${path}?${params.join('&')}`;
    }
    body.value = slice.map(render);
    return body;
  }

  private skuResource(skuId: string): Record<string, unknown> {
    const model = this.current;
    const sku = model.sku(skuId)!;
    return {
      accountName: model.organization.displayName,
      accountId: model.organization.id,
      appliesTo: sku.appliesTo,
      capabilityStatus: sku.capabilityStatus,
      consumedUnits: model.consumedUnits(sku.skuId),
      id: `${model.organization.id}_${sku.skuId}`,
      prepaidUnits: { ...sku.prepaidUnits },
      servicePlans: sku.servicePlans.map((p) => ({ servicePlanId: p.servicePlanId, servicePlanName: p.servicePlanName, provisioningStatus: p.provisioningStatus, appliesTo: p.appliesTo })),
      skuId: sku.skuId,
      skuPartNumber: sku.skuPartNumber,
      subscriptionIds: [],
    };
  }

  private groupResource(groupId: string, select?: string[]): Record<string, unknown> {
    const g = this.current.findGroup(groupId)!;
    const full: Record<string, unknown> = {
      id: g.id,
      displayName: g.displayName,
      description: null,
      groupTypes: [],
      mail: null,
      mailEnabled: false,
      mailNickname: g.displayName.replace(/[^A-Za-z0-9]/g, ''),
      securityEnabled: g.securityEnabled,
      ...g.extra,
      assignedLicenses: g.assignedLicenses.map((l) => ({ disabledPlans: [...l.disabledPlans], skuId: l.skuId })),
    };
    if (!select) delete full.assignedLicenses; // returned only on $select, as Graph does
    return pick(full, select);
  }

  private licenseDetails(user: DemoUser): Array<Record<string, unknown>> {
    const view = this.current.licenseView(user.id);
    return view.assignedLicenses.map((l) => {
      const sku = this.current.sku(l.skuId)!;
      return {
        id: Buffer.from(`${user.id}_${sku.skuId}`).toString('base64url'),
        skuId: sku.skuId,
        skuPartNumber: sku.skuPartNumber,
        servicePlans: sku.servicePlans.map((p) => ({
          servicePlanId: p.servicePlanId,
          servicePlanName: p.servicePlanName,
          provisioningStatus: l.disabledPlans.includes(p.servicePlanId) ? 'Disabled' : p.provisioningStatus,
          appliesTo: p.appliesTo,
        })),
      };
    });
  }
}

// ---------------------------------------------------------------------------------------------------- helpers

function errorBody(error: GraphErrorBody, requestId: string, clientRequestId: string, now: Date): { error: Record<string, unknown> } {
  return {
    error: {
      code: error.code,
      message: error.message,
      innerError: { date: isoSeconds(now).replace(/Z$/, ''), 'request-id': requestId, 'client-request-id': clientRequestId },
    },
  };
}

/** Only the expansion License Desk uses: manager (its $select is honoured as id). Anything else → Graph's 400. */
function expandsManager(call: GraphCall): boolean {
  const expand = call.query.get('$expand');
  if (expand === null) return false;
  if (/^\s*manager(\(\s*\$select\s*=\s*id\s*\))?\s*$/i.test(expand)) return true;
  throw new HttpError(400, { code: 'Request_BadRequest', message: `Expansion of '${expand}' is not supported by the demo tenant (only manager($select=id)).` });
}

function selectsSignInActivity(select: string | null): boolean {
  return (select ?? '').split(',').some((name) => name.trim().toLowerCase() === 'signinactivity');
}

function pick(full: Record<string, unknown>, select?: string[]): Record<string, unknown> {
  if (!select) return full;
  const out: Record<string, unknown> = {};
  for (const name of select) out[name] = full[name] ?? null;
  return out;
}

function parseBody(text: string): unknown {
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, { code: 'BadRequest', message: 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.' });
  }
}

function parseJsonOr(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function isKnownSegment(segment: string): boolean {
  return ['users', 'groups', 'contacts', 'admin', 'subscribedSkus', 'organization', 'reports', '$batch', 'directory', 'auditLogs'].includes(segment);
}

/** Query values in nextLinks: percent-encoded, commas kept readable ($select=id,displayName). */
function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/%2C/gi, ',');
}

function encodeSkipToken(offset: number): string {
  return Buffer.from(`demo:${offset}`).toString('base64url');
}

function decodeSkipToken(token: string): number {
  const m = /^demo:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : -1;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Small seeded PRNG so fault rates are reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
