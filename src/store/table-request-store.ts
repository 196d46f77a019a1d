import { randomBytes } from 'node:crypto';
import { DefaultAzureCredential } from '@azure/identity';
import { odata, TableClient, type TableEntityResult, type TableServiceClientOptions } from '@azure/data-tables';
import type { AppConfig } from '../config';
import type { LicenseRequest, RequestStatus } from '../requests/request';
import type { StoredConversation } from './conversation-references';
import { ConcurrencyError, type AuditEntry, type RequestStore } from './request-store';

/**
 * Azure Table Storage backend (also Azure Cosmos DB for Table, same API) for several bot instances sharing
 * one store. Every query of the interface is a point read or a single-partition query:
 *
 *   <prefix>requests       PK = request id                 RK = "request"            the source of truth (ETag = version)
 *   <prefix>index          PK = "status|<status>"          RK = "<createdAt>|<id>"   byStatus (oldest first)
 *                          PK = "requester|<aadObjectId>"  RK = "<inverted ms>|<id>" byRequester (newest first)
 *                          PK = "expiry"                   RK = "<expiresAt>|<id>"   expiringBefore (pending only)
 *                          PK = "convuser|<aadObjectId>"   RK = <conversation key>   personalConversation
 *   <prefix>audit          PK = request id                 RK = "<ms>-<seq>-<random>" insert-only, in order
 *   <prefix>conversations  PK = tenant id                  RK = conversation id      (key = tenant_conversation)
 *
 * Index rows are written BEFORE the request entity changes (write-ahead) and old ones removed after; they are
 * hints, never answers: every hit is re-read from the request entity and kept only when the entity still has
 * exactly that index key. A row is deleted only when it is provably stale for good (statuses only move forward:
 * pending → approved → executing → final), so a concurrent writer's fresh row is never removed.
 */

type ClientPolicy = NonNullable<TableServiceClientOptions['additionalPolicies']>[number];

export interface TableStoreOptions {
  /** Called for every HTTP request the store makes (tests assert that queries stay in one partition). */
  onRequest?: (request: { method: string; url: string }) => void;
  /** Rows whose target entity is missing (a create in flight) are deleted only when older than this. Default 10 min. */
  staleGraceMs?: number;
  now?: () => Date;
}

export interface TableStoreStats {
  creates: number;
  updates: number;
  /** update() refused because the stored version had moved on (read before the conditional write). */
  versionConflicts: number;
  /** update() refused by the service: 412 Precondition Failed on the ETag (someone wrote in between). */
  etagConflicts: number;
  /** Index hits dropped because the request entity no longer matched. */
  staleIndexHits: number;
  /** Stale index rows deleted (lazily). */
  staleIndexDeleted: number;
  /** HTTP requests sent to Table Storage, and the time spent waiting for them (summed over concurrent ones). */
  requests: number;
  requestMs: number;
}

/** Azure Table Storage limits: 64 KiB per string property (UTF-16, so 32K chars), 1 MiB per entity. */
const CHUNK_CHARS = 32_000;
const MAX_CHUNKS = 15;
const REQUEST_RK = 'request';
const STATUS_RANK: Record<RequestStatus, number> = { pending: 0, approved: 1, executing: 2, completed: 3, failed: 3, rejected: 3, cancelled: 3, expired: 3 };
const READ_CONCURRENCY = 16;
const KNOWN_MAX = 5000;

interface KnownVersion {
  etag: string;
  version: number;
  keys: IndexKey[];
}

/** Key-safe text that keeps ids readable: anything but [A-Za-z0-9-_.@] becomes ~XXXX (so "|" stays a separator). */
export function keyPart(value: string): string {
  if (value === '') return '~';
  return value.replace(/[^A-Za-z0-9\-_.@]/g, (c) => `~${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The inverse of keyPart. */
export function fromKeyPart(value: string): string {
  if (value === '~') return '';
  return value.replace(/~([0-9a-f]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The request id at the end of an index row key ("…|<id>"). */
const idOfRowKey = (rowKey: string) => fromKeyPart(rowKey.slice(rowKey.lastIndexOf('|') + 1));

/**
 * JSON with every non-ASCII character escaped (\uXXXX), still valid JSON. Request bodies stay pure ASCII, so
 * no multi-byte character can straddle two network chunks: Azurite (3.35, issue Azure/Azurite#2670) decodes
 * each chunk separately and would persist U+FFFD instead. Azure itself is unaffected; the cost is a few bytes.
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Informational copies of fields (for people browsing the table), ASCII like everything we send. */
function ascii(value: string): string {
  return value.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Times keep their sort order: only characters Table Storage forbids in keys are escaped (ISO times have none). */
function timePart(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[/\\#?~\u0000-\u001f\u007f-\u009f|]/g, (c) => `~${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const INVERT_BASE = 9_999_999_999_999;
function invertedTime(iso: string): string {
  const ms = Date.parse(iso);
  return String(INVERT_BASE - (Number.isFinite(ms) ? ms : 0)).padStart(13, '0');
}

interface IndexKey {
  partitionKey: string;
  rowKey: string;
  kind: 'status' | 'requester' | 'expiry';
}

function indexKeys(r: LicenseRequest): IndexKey[] {
  const id = keyPart(r.id);
  const keys: IndexKey[] = [
    { kind: 'status', partitionKey: `status|${r.status}`, rowKey: `${timePart(r.createdAt)}|${id}` },
    { kind: 'requester', partitionKey: `requester|${keyPart(r.requester.aadObjectId.toLowerCase())}`, rowKey: `${invertedTime(r.createdAt)}|${id}` },
  ];
  if (r.status === 'pending') keys.push({ kind: 'expiry', partitionKey: 'expiry', rowKey: `${timePart(r.expiresAt)}|${id}` });
  return keys;
}

const keyOf = (k: { partitionKey: string; rowKey: string }) => `${k.partitionKey}\u0000${k.rowKey}`;

interface IndexRow {
  partitionKey: string;
  rowKey: string;
  etag: string;
  timestamp?: string;
}

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error ? (error as { statusCode?: number }).statusCode : undefined;
}

/** `value` as ASCII JSON in properties <prefix>0..<prefix>n-1 of at most 32,000 characters each (+ <prefix>n = n). */
export function chunk(value: unknown, prefix = 'd'): Record<string, string | number> {
  const text = asciiJson(value);
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += CHUNK_CHARS) parts.push(text.slice(i, i + CHUNK_CHARS));
  if (parts.length === 0) parts.push('');
  if (parts.length > MAX_CHUNKS) throw new Error(`Entity too large for Table Storage (${text.length} characters; at most ${MAX_CHUNKS * CHUNK_CHARS}).`);
  const out: Record<string, string | number> = { [`${prefix}n`]: parts.length };
  parts.forEach((p, i) => (out[`${prefix}${i}`] = p));
  return out;
}

export function unchunk<T>(entity: Record<string, unknown>, prefix = 'd'): T {
  const n = Number(entity[`${prefix}n`] ?? 0);
  let text = '';
  for (let i = 0; i < n; i++) text += String(entity[`${prefix}${i}`] ?? '');
  return JSON.parse(text) as T;
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return out;
}

interface Tables {
  requests: TableClient;
  index: TableClient;
  audit: TableClient;
  conversations: TableClient;
}

export class TableRequestStore implements RequestStore {
  private readonly background = new Set<Promise<unknown>>();
  private readonly known = new Map<string, KnownVersion>();
  private readonly counters: TableStoreStats;
  private readonly now: () => Date;
  private readonly graceMs: number;
  private auditClock = { ms: 0, seq: 0 };
  private readonly writer = randomBytes(4).toString('hex');

  private constructor(
    private readonly tables: Tables,
    counters: TableStoreStats,
    options: TableStoreOptions,
  ) {
    this.counters = counters;
    this.now = options.now ?? (() => new Date());
    this.graceMs = options.staleGraceMs ?? 10 * 60_000;
  }

  /** Opens (creating the tables if missing) the store named by config: a connection string or an account URL + managed identity. */
  static async open(config: AppConfig['store'], options: TableStoreOptions = {}): Promise<TableRequestStore> {
    const counters: TableStoreStats = { creates: 0, updates: 0, versionConflicts: 0, etagConflicts: 0, staleIndexHits: 0, staleIndexDeleted: 0, requests: 0, requestMs: 0 };
    const onRequest = options.onRequest;
    const policies: ClientPolicy[] = [
      {
        position: 'perCall',
        policy: {
          name: 'licenseDeskStoreMeter',
          async sendRequest(request, next) {
            onRequest?.({ method: request.method, url: request.url });
            const started = Date.now();
            try {
              return await next(request);
            } finally {
              counters.requests++;
              counters.requestMs += Date.now() - started;
            }
          },
        },
      },
    ];
    const client = (suffix: string): TableClient => {
      const table = `${config.tablePrefix}${suffix}`;
      if (config.connectionString) {
        const insecure = /DefaultEndpointsProtocol=http;|UseDevelopmentStorage=true|TableEndpoint=http:\/\//i.test(config.connectionString);
        return TableClient.fromConnectionString(config.connectionString, table, { allowInsecureConnection: insecure, additionalPolicies: policies });
      }
      if (config.accountUrl) return new TableClient(config.accountUrl, table, new DefaultAzureCredential(), { additionalPolicies: policies });
      throw new Error('STORE=table needs AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT_URL.');
    };
    const tables: Tables = { requests: client('requests'), index: client('index'), audit: client('audit'), conversations: client('conversations') };
    await Promise.all(
      Object.values(tables).map(async (t: TableClient) => {
        try {
          await t.createTable();
        } catch (error) {
          if (statusOf(error) !== 409) throw error;
        }
      }),
    );
    return new TableRequestStore(tables, counters, options);
  }

  stats(): TableStoreStats {
    return { ...this.counters };
  }

  // ------------------------------------------------------------------------------------------------ requests

  async create(request: LicenseRequest): Promise<LicenseRequest> {
    const stored = { ...request, version: 1 };
    const keys = indexKeys(stored);
    // Write-ahead: index rows first. A crash before the entity leaves rows that point at nothing (ignored).
    await Promise.all(keys.map((k) => this.putIndex(k, stored)));
    try {
      const written = await this.tables.requests.createEntity(this.requestEntity(stored));
      this.remember(stored, written.etag);
    } catch (error) {
      if (statusOf(error) === 409) {
        this.tidy(keys.map((k) => ({ ...k, etag: '*' })));
        throw new Error(`Request ${stored.id} already exists.`);
      }
      throw error;
    }
    this.counters.creates++;
    return stored;
  }

  async get(id: string): Promise<LicenseRequest | undefined> {
    return (await this.read(id))?.request;
  }

  async update(request: LicenseRequest): Promise<LicenseRequest> {
    // The state this process last read or wrote at exactly this version saves a read (callers usually get()
    // right before update()); if it is outdated, the ETag condition below refuses the write anyway.
    const known = this.known.get(request.id);
    const current = known && known.version === request.version ? known : await this.read(request.id);
    if (!current) throw new ConcurrencyError(request.id);
    if (current.version !== request.version) {
      this.counters.versionConflicts++;
      throw new ConcurrencyError(request.id);
    }
    const next = { ...request, version: request.version + 1 };
    const before = new Map(current.keys.map((k) => [keyOf(k), k]));
    const after = indexKeys(next);
    const added = after.filter((k) => !before.has(keyOf(k)));
    await Promise.all(added.map((k) => this.putIndex(k, next)));
    try {
      // The ETag ties this write to the version read: a 412 means another instance wrote in between.
      const written = await this.tables.requests.updateEntity(this.requestEntity(next), 'Replace', { etag: current.etag });
      this.remember(next, written.etag);
    } catch (error) {
      if (statusOf(error) === 412 || statusOf(error) === 404) {
        this.counters.etagConflicts++;
        this.known.delete(request.id);
        // Our write-ahead rows may now be wrong: remove those that are provably stale (others clean up later).
        this.tidy(added.map((k) => ({ ...k, etag: '*' })));
        throw new ConcurrencyError(request.id);
      }
      throw error;
    }
    this.counters.updates++;
    const afterKeys = new Set(after.map(keyOf));
    const removed = [...before.values()].filter((k) => !afterKeys.has(keyOf(k)));
    // Old rows: a status left behind never comes back, so its row can go now (judged on the version just
    // written: later versions only move further on). Rows that are not provably dead stay for lazy clean-up.
    for (const k of removed) if (this.provablyStale({ ...k, etag: '*' }, next)) this.tidyRow(this.tables.index, { ...k, etag: '*' });
    return next;
  }

  async byRequester(aadObjectId: string, limit = 50): Promise<LicenseRequest[]> {
    return this.fromIndex(`requester|${keyPart(aadObjectId.toLowerCase())}`, undefined, limit);
  }

  async byStatus(status: RequestStatus, limit = 200): Promise<LicenseRequest[]> {
    return this.fromIndex(`status|${status}`, undefined, limit);
  }

  async expiringBefore(isoTime: string): Promise<LicenseRequest[]> {
    // RowKey < "<isoTime>}" takes every "<expiresAt>|<id>" with expiresAt <= isoTime ("|" < "}").
    const hits = await this.fromIndex('expiry', odata`RowKey lt ${`${timePart(isoTime)}}`}`, Number.MAX_SAFE_INTEGER);
    return hits.filter((r) => r.status === 'pending' && r.expiresAt <= isoTime);
  }

  // ------------------------------------------------------------------------------------------------ audit

  async appendAudit(entry: AuditEntry): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        // Insert only: an existing row is never overwritten (a clash of keys just draws a new suffix).
        await this.tables.audit.createEntity({
          partitionKey: keyPart(entry.requestId),
          rowKey: this.auditRowKey(),
          at: ascii(entry.at),
          actor: ascii(entry.actor),
          action: ascii(entry.action),
          outcome: entry.outcome,
          ...chunk(entry),
        });
        return;
      } catch (error) {
        if (statusOf(error) !== 409 || attempt >= 3) throw error;
      }
    }
  }

  async audit(requestId: string): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    for await (const e of this.tables.audit.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${keyPart(requestId)}` } })) {
      entries.push(unchunk<AuditEntry>(e));
    }
    return entries;
  }

  // ------------------------------------------------------------------------------------------------ conversations

  async upsertConversation(entry: StoredConversation): Promise<void> {
    const { partitionKey, rowKey } = conversationKeys(entry.key);
    const user = entry.conversationType === 'personal' && entry.userAadObjectId ? entry.userAadObjectId.toLowerCase() : undefined;
    if (user) {
      await this.tables.index.upsertEntity({ partitionKey: `convuser|${keyPart(user)}`, rowKey: keyPart(entry.key), kind: 'convuser' }, 'Replace');
    }
    await this.tables.conversations.upsertEntity(
      { partitionKey, rowKey, conversationType: entry.conversationType, userAadObjectId: ascii(entry.userAadObjectId ?? ''), updatedAt: ascii(entry.updatedAt), ...chunk(entry, 'c') },
      'Replace',
    );
  }

  async removeConversation(key: string): Promise<void> {
    const existing = await this.conversation(key);
    const { partitionKey, rowKey } = conversationKeys(key);
    await ignore404(this.tables.conversations.deleteEntity(partitionKey, rowKey));
    if (existing?.userAadObjectId) await ignore404(this.tables.index.deleteEntity(`convuser|${keyPart(existing.userAadObjectId.toLowerCase())}`, keyPart(key)));
  }

  async personalConversation(userAadObjectId: string): Promise<StoredConversation | undefined> {
    const user = userAadObjectId.toLowerCase();
    const rows = await this.indexRows(`convuser|${keyPart(user)}`);
    const found = await mapLimited(rows, READ_CONCURRENCY, async (row) => {
      const conversation = await this.conversation(fromKeyPart(row.rowKey));
      const valid = conversation?.conversationType === 'personal' && conversation.userAadObjectId?.toLowerCase() === user;
      if (!valid) {
        this.counters.staleIndexHits++;
        if (this.olderThanGrace(row.timestamp)) this.tidyRow(this.tables.index, row);
      }
      return valid ? conversation : undefined;
    });
    return found.filter((c): c is StoredConversation => Boolean(c)).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  }

  async conversation(key: string): Promise<StoredConversation | undefined> {
    const { partitionKey, rowKey } = conversationKeys(key);
    try {
      return fromConversationEntity(await this.tables.conversations.getEntity<Record<string, unknown>>(partitionKey, rowKey));
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** Every conversation the bot is in (the whole table, by nature: used to find approvers and channels). */
  async conversations(): Promise<StoredConversation[]> {
    const all: StoredConversation[] = [];
    for await (const e of this.tables.conversations.listEntities<Record<string, unknown>>()) all.push(fromConversationEntity(e));
    return all.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async close(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  // ------------------------------------------------------------------------------------------------ internals

  private requestEntity(r: LicenseRequest) {
    return {
      partitionKey: keyPart(r.id),
      rowKey: REQUEST_RK,
      status: r.status,
      requesterId: ascii(r.requester.aadObjectId.toLowerCase()),
      createdAt: ascii(r.createdAt),
      expiresAt: ascii(r.expiresAt),
      version: r.version,
      ...chunk(r),
    };
  }

  private async read(id: string): Promise<{ request: LicenseRequest; etag: string; version: number; keys: IndexKey[] } | undefined> {
    try {
      const entity = await this.tables.requests.getEntity<Record<string, unknown>>(keyPart(id), REQUEST_RK);
      const request = unchunk<LicenseRequest>(entity);
      if (!entity.etag) throw new Error(`Table Storage returned request ${id} without an ETag.`);
      return { request, ...this.remember(request, entity.etag) };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** Remembers the ETag and index keys of a version (not the object: callers may hold and change it). */
  private remember(request: LicenseRequest, etag: string | undefined): KnownVersion {
    const known: KnownVersion = { etag: etag ?? '*', version: request.version, keys: indexKeys(request) };
    if (!etag) return known;
    this.known.delete(request.id);
    this.known.set(request.id, known);
    if (this.known.size > KNOWN_MAX) this.known.delete(this.known.keys().next().value!);
    return known;
  }

  private putIndex(k: IndexKey, r: LicenseRequest): Promise<unknown> {
    return this.tables.index.upsertEntity({ partitionKey: k.partitionKey, rowKey: k.rowKey, kind: k.kind, version: r.version }, 'Replace');
  }

  private async indexRows(partitionKey: string, extraFilter?: string): Promise<Array<IndexRow & Record<string, unknown>>> {
    const filter = odata`PartitionKey eq ${partitionKey}` + (extraFilter ? ` and ${extraFilter}` : '');
    const rows: Array<IndexRow & Record<string, unknown>> = [];
    for await (const e of this.tables.index.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) rows.push(e as TableEntityResult<Record<string, unknown>> & IndexRow);
    return rows;
  }

  /** One index partition, page by page, each hit confirmed by the request entity, until `limit` hits. */
  private async fromIndex(partitionKey: string, extraFilter: string | undefined, limit: number): Promise<LicenseRequest[]> {
    const filter = odata`PartitionKey eq ${partitionKey}` + (extraFilter ? ` and ${extraFilter}` : '');
    const out: LicenseRequest[] = [];
    const pageSize = Math.max(10, Math.min(1000, limit === Number.MAX_SAFE_INTEGER ? 1000 : limit + 10));
    for await (const page of this.tables.index.listEntities<Record<string, unknown>>({ queryOptions: { filter } }).byPage({ maxPageSize: pageSize })) {
      const rows = page as unknown as IndexRow[];
      const checked = await mapLimited(rows, READ_CONCURRENCY, async (row) => {
        const current = await this.read(idOfRowKey(row.rowKey));
        const valid = current !== undefined && indexKeys(current.request).some((k) => k.partitionKey === row.partitionKey && k.rowKey === row.rowKey);
        if (!valid) {
          this.counters.staleIndexHits++;
          if (this.provablyStale(row, current?.request)) this.tidyRow(this.tables.index, row);
        }
        return valid ? current!.request : undefined;
      });
      for (const r of checked) {
        if (!r) continue;
        out.push(r);
        if (out.length >= limit) return out;
      }
    }
    return out;
  }

  /**
   * May this index row go? Only when no writer can still be about to make it true: statuses move forward only,
   * so a status row for a status the request has passed is dead; a row whose request does not exist (a create
   * in flight, or a crashed one) or whose non-status fields differ goes only after a grace period.
   */
  private provablyStale(row: IndexRow, current: LicenseRequest | undefined): boolean {
    if (!current) return this.olderThanGrace(row.timestamp);
    if (indexKeys(current).some((k) => k.partitionKey === row.partitionKey && k.rowKey === row.rowKey)) return false;
    if (row.partitionKey.startsWith('status|')) {
      const status = row.partitionKey.slice('status|'.length) as RequestStatus;
      const sameCreated = row.rowKey === `${timePart(current.createdAt)}|${keyPart(current.id)}`;
      if (!sameCreated) return this.olderThanGrace(row.timestamp);
      return status in STATUS_RANK && STATUS_RANK[status] <= STATUS_RANK[current.status];
    }
    if (row.partitionKey === 'expiry' && current.status !== 'pending') return true;
    return this.olderThanGrace(row.timestamp);
  }

  private olderThanGrace(timestamp: string | undefined): boolean {
    const at = timestamp ? Date.parse(timestamp) : NaN;
    return Number.isFinite(at) && this.now().getTime() - at > this.graceMs;
  }

  /** Re-reads the request and deletes the given rows that are provably stale; runs in the background. */
  private tidy(rows: IndexRow[]): void {
    if (rows.length === 0) return;
    this.inBackground(async () => {
      const current = await this.read(idOfRowKey(rows[0].rowKey));
      for (const row of rows) if (current && this.provablyStale(row, current.request)) await this.deleteRow(this.tables.index, row);
    });
  }

  private tidyRow(table: TableClient, row: IndexRow): void {
    this.inBackground(() => this.deleteRow(table, row));
  }

  private async deleteRow(table: TableClient, row: IndexRow): Promise<void> {
    try {
      // Conditional on the ETag we saw: a row rewritten since (by a writer) stays.
      await table.deleteEntity(row.partitionKey, row.rowKey, { etag: row.etag });
      this.counters.staleIndexDeleted++;
    } catch (error) {
      if (statusOf(error) !== 404 && statusOf(error) !== 412) throw error;
    }
  }

  private inBackground(job: () => Promise<unknown>): void {
    const p: Promise<unknown> = job()
      .catch(() => undefined)
      .finally(() => this.background.delete(p));
    this.background.add(p);
  }

  /** Sortable and unique: this process's clock (never going back), a sequence within the millisecond, a random suffix. */
  private auditRowKey(): string {
    const ms = Math.max(Date.now(), this.auditClock.ms);
    this.auditClock = ms === this.auditClock.ms ? { ms, seq: this.auditClock.seq + 1 } : { ms, seq: 0 };
    return `${String(ms).padStart(15, '0')}-${String(this.auditClock.seq).padStart(6, '0')}-${this.writer}${randomBytes(3).toString('hex')}`;
  }
}

/** `${tenantId}_${conversationId}` → PK from the part before the first "_", RK from the rest. */
function conversationKeys(key: string): { partitionKey: string; rowKey: string } {
  const at = key.indexOf('_');
  return at < 0 ? { partitionKey: '~~', rowKey: keyPart(key) } : { partitionKey: keyPart(key.slice(0, at)), rowKey: keyPart(key.slice(at + 1)) };
}

function fromConversationEntity(e: Record<string, unknown>): StoredConversation {
  return unchunk<StoredConversation>(e, 'c');
}

async function ignore404(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
}
