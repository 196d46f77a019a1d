import { hostname } from 'node:os';
import { z } from 'zod';
import { DEFAULT_REPORT_SCHEDULE, parseReportSchedule, type ReportSchedule } from './report/schedule';

/** The app's configuration, read once from the environment by the composition root. No other module reads env. */
export interface AppConfig {
  port: number;
  nodeEnv: string;
  bot: { id: string; password: string; type: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI'; tenantId: string; authEnabled: boolean };
  graph: {
    baseUrl?: string;
    tenantId?: string;
    clientId?: string;
    clientSecret?: string;
    useManagedIdentity: boolean;
    managedIdentityClientId?: string;
    /** Retries per Graph call for 429/5xx (Retry-After honoured) and the back-off when Graph gives none. */
    maxRetries?: number;
    retryDelaySeconds?: number;
  };
  /** True when no Graph credentials and no GRAPH_BASE_URL are given: start the bundled demo tenant. */
  /** pageSize: the demo tenant's page size without $top (DEMO_PAGE_SIZE), to exercise paging. */
  demo: { enabled: boolean; port: number; tenantFile?: string; pageSize?: number };
  approverGroupId?: string;
  /** Empty → decided at start-up (the Graph tenant, or the demo fixture's organization). */
  allowedTenantIds: string[];
  dataDir: string;
  logLevel: string;
  store: {
    kind: 'sqlite' | 'table';
    /** Azure Table Storage (or Azurite, or Cosmos DB for Table) connection string. */
    connectionString?: string;
    /** Or the account URL with managed identity, e.g. https://<account>.table.core.windows.net */
    accountUrl?: string;
    tablePrefix: string;
  };
  /** The tenant watcher (alerts to approvers). */
  watch: {
    /** How often it polls; 0 switches it off. Default 300, the bundled demo 15. */
    intervalSeconds: number;
    /** How long its lease holds before another instance takes the watch over. Default 3 intervals (at least 10 s). */
    leaseSeconds?: number;
    /** Weekly digest period in days; 0 switches it off. Default 7. */
    digestDays: number;
  };
  /** The license report (issue 17). */
  report: {
    /** REPORT_SCHEDULE: when the report goes to approvers and the approval channel (default monthly on the 1st, 07:00 UTC). */
    schedule: ReportSchedule;
    /** REPORT_RENEWAL_DAYS: free seats are called out this many days before a renewal (default 30). */
    renewalWindowDays: number;
  };
  /** Names this process in execution claims and logs. */
  instanceId: string;
  /** The bot's public base URL (Toolkit's BOT_ENDPOINT), for links such as report downloads. */
  publicUrl: string;
  requests: {
    /** How long an execution claim holds before another instance may take the request over. */
    executionLeaseSeconds: number;
    expiryDays: number;
    /** Teams channel conversation id where request cards are also posted (optional). */
    approvalChannelId?: string;
    priceListFile?: string;
    /** How often pending requests are checked for expiry. */
    sweepSeconds: number;
    /** AUTO_APPROVE_WITHIN_BUDGET: managers' requests within their department's budget approve themselves. */
    autoApproveWithinBudget: boolean;
  };
  bulk: {
    /** BULK_CONCURRENCY: license writes in flight at once for a batch (default 4). */
    concurrency: number;
    /** BULK_PROGRESS_SECONDS: least time between two progress edits of a batch card (default 5). */
    progressEditSeconds: number;
  };
  temporary: {
    /** SCHEDULE_POLL_SECONDS: how often due reverts and reminders are looked for (default 10; ≤ 30 keeps reverts within 30 s). */
    pollSeconds: number;
  };
}

export class ConfigError extends Error {}

const optional = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));
const port = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v || v.trim() === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be a port number (0-65535), got "${v}"` });
        return z.NEVER;
      }
      return n;
    });
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const EnvSchema = z.object({
  PORT: port(3978),
  NODE_ENV: optional,
  BOT_ID: optional,
  BOT_PASSWORD: optional,
  BOT_TYPE: optional,
  BOT_TENANT_ID: optional,
  GRAPH_BASE_URL: optional.refine((v) => !v || /^https?:\/\//.test(v), 'must be an http(s) URL'),
  GRAPH_TENANT_ID: optional,
  GRAPH_CLIENT_ID: optional,
  GRAPH_CLIENT_SECRET: optional,
  GRAPH_USE_MANAGED_IDENTITY: optional,
  GRAPH_MAX_RETRIES: optional.refine((v) => !v || (Number.isInteger(Number(v)) && Number(v) >= 0 && Number(v) <= 10), 'must be 0-10'),
  GRAPH_RETRY_DELAY_SECONDS: optional.refine((v) => !v || (Number(v) >= 0 && Number(v) <= 60), 'must be 0-60 seconds'),
  DEMO_GRAPH_PORT: port(5980),
  DEMO_TENANT_FILE: optional,
  DEMO_PAGE_SIZE: optional.refine((v) => !v || (Number.isInteger(Number(v)) && Number(v) >= 1 && Number(v) <= 999), 'must be 1-999'),
  APPROVER_GROUP_ID: optional.refine((v) => !v || GUID.test(v), 'must be a group id (GUID)'),
  ALLOWED_TENANT_IDS: optional,
  DATA_DIR: optional,
  LOG_LEVEL: optional,
  REQUEST_EXPIRY_DAYS: optional.refine((v) => !v || (Number(v) > 0 && Number(v) <= 365), 'must be a number of days (1-365)'),
  APPROVAL_CHANNEL_ID: optional,
  PRICE_LIST_FILE: optional,
  STORE: optional.refine((v) => !v || ['sqlite', 'table'].includes(v.toLowerCase()), 'must be "sqlite" or "table"'),
  AZURE_STORAGE_CONNECTION_STRING: optional,
  AZURE_STORAGE_ACCOUNT_URL: optional.refine((v) => !v || /^https?:\/\//.test(v), 'must be an http(s) URL'),
  STORE_TABLE_PREFIX: optional.refine((v) => !v || /^[A-Za-z][A-Za-z0-9]{0,30}$/.test(v), 'must be letters and digits, starting with a letter'),
  INSTANCE_ID: optional,
  BOT_ENDPOINT: optional.refine((v) => !v || /^https?:\/\//.test(v), 'must be an http(s) URL'),
  EXECUTION_LEASE_SECONDS: optional.refine((v) => !v || (Number(v) >= 5 && Number(v) <= 3600), 'must be 5-3600 seconds'),
  REQUEST_SWEEP_SECONDS: optional.refine((v) => !v || (Number(v) >= 1 && Number(v) <= 86400), 'must be 1-86400 seconds'),
  WATCH_INTERVAL_SECONDS: optional.refine((v) => !v || (Number.isFinite(Number(v)) && Number(v) >= 0 && Number(v) <= 86400), 'must be 0 (off) to 86400 seconds'),
  WATCH_LEASE_SECONDS: optional.refine((v) => !v || (Number(v) >= 2 && Number(v) <= 86400), 'must be 2-86400 seconds'),
  REPORT_SCHEDULE: optional.refine((v) => {
    if (!v) return true;
    try {
      parseReportSchedule(v);
      return true;
    } catch {
      return false;
    }
  }, 'must be monthly[:DAY][@HH:MM], weekly[:mon..sun][@HH:MM] or off (UTC)'),
  REPORT_RENEWAL_DAYS: optional.refine((v) => !v || (Number.isInteger(Number(v)) && Number(v) >= 0 && Number(v) <= 365), 'must be 0-365 days'),
  WATCH_DIGEST_DAYS: optional.refine((v) => !v || (Number.isInteger(Number(v)) && Number(v) >= 0 && Number(v) <= 365), 'must be 0 (off) to 365 days'),
  AUTO_APPROVE_WITHIN_BUDGET: optional.refine((v) => !v || /^(true|false|1|0|yes|no)$/i.test(v), 'must be true or false'),
  BULK_CONCURRENCY: optional.refine((v) => !v || (Number.isInteger(Number(v)) && Number(v) >= 1 && Number(v) <= 20), 'must be 1-20'),
  BULK_PROGRESS_SECONDS: optional.refine((v) => !v || (Number(v) >= 0 && Number(v) <= 300), 'must be 0-300 seconds'),
  SCHEDULE_POLL_SECONDS: optional.refine((v) => !v || (Number(v) >= 1 && Number(v) <= 30), 'must be 1-30 seconds'),
});

export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const nodeEnv = e.NODE_ENV ?? 'development';
  const botType = (e.BOT_TYPE ?? 'MultiTenant').toLowerCase();
  const type = botType === 'singletenant' ? 'SingleTenant' : botType === 'userassignedmsi' ? 'UserAssignedMSI' : 'MultiTenant';
  const authEnabled = Boolean(e.BOT_ID);
  if (!authEnabled && nodeEnv === 'production') {
    throw new ConfigError('Refusing to start: BOT_ID is empty, so Bot Framework authentication would be off, and NODE_ENV is production.');
  }
  if (authEnabled && type !== 'UserAssignedMSI' && !e.BOT_PASSWORD) {
    throw new ConfigError('BOT_ID is set but BOT_PASSWORD is empty (needed unless BOT_TYPE=UserAssignedMSI).');
  }
  if (type === 'SingleTenant' && !e.BOT_TENANT_ID) throw new ConfigError('BOT_TYPE=SingleTenant needs BOT_TENANT_ID.');

  const useManagedIdentity = ['1', 'true', 'yes'].includes((e.GRAPH_USE_MANAGED_IDENTITY ?? '').toLowerCase());
  const hasSecret = Boolean(e.GRAPH_CLIENT_ID && e.GRAPH_CLIENT_SECRET);
  if (e.GRAPH_CLIENT_SECRET && !e.GRAPH_TENANT_ID) throw new ConfigError('GRAPH_CLIENT_SECRET is set but GRAPH_TENANT_ID is empty.');
  if (e.GRAPH_CLIENT_ID && !e.GRAPH_CLIENT_SECRET && !useManagedIdentity) {
    throw new ConfigError('GRAPH_CLIENT_ID is set without GRAPH_CLIENT_SECRET; set the secret or GRAPH_USE_MANAGED_IDENTITY=true.');
  }
  const demoEnabled = !hasSecret && !useManagedIdentity && !e.GRAPH_BASE_URL;
  if (demoEnabled && nodeEnv === 'production') {
    throw new ConfigError('Refusing to start the demo tenant under NODE_ENV=production: set GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET.');
  }
  const allowed = (e.ALLOWED_TENANT_IDS ?? '')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  const badTenant = allowed.find((t) => !GUID.test(t));
  if (badTenant) throw new ConfigError(`ALLOWED_TENANT_IDS: "${badTenant}" is not a tenant id (GUID).`);
  if (allowed.length === 0 && e.GRAPH_TENANT_ID) allowed.push(e.GRAPH_TENANT_ID.toLowerCase());

  const storeKind = (e.STORE ?? 'sqlite').toLowerCase() as 'sqlite' | 'table';
  if (storeKind === 'table' && !e.AZURE_STORAGE_CONNECTION_STRING && !e.AZURE_STORAGE_ACCOUNT_URL) {
    throw new ConfigError('STORE=table needs AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT_URL (with a managed identity).');
  }

  return {
    port: e.PORT,
    nodeEnv,
    bot: { id: e.BOT_ID ?? '', password: e.BOT_PASSWORD ?? '', type, tenantId: e.BOT_TENANT_ID ?? '', authEnabled },
    graph: {
      baseUrl: e.GRAPH_BASE_URL,
      tenantId: e.GRAPH_TENANT_ID,
      clientId: e.GRAPH_CLIENT_ID,
      clientSecret: e.GRAPH_CLIENT_SECRET,
      useManagedIdentity,
      managedIdentityClientId: useManagedIdentity ? e.GRAPH_CLIENT_ID : undefined,
      maxRetries: e.GRAPH_MAX_RETRIES ? Number(e.GRAPH_MAX_RETRIES) : undefined,
      retryDelaySeconds: e.GRAPH_RETRY_DELAY_SECONDS ? Number(e.GRAPH_RETRY_DELAY_SECONDS) : undefined,
    },
    demo: { enabled: demoEnabled, port: e.DEMO_GRAPH_PORT, tenantFile: e.DEMO_TENANT_FILE, pageSize: e.DEMO_PAGE_SIZE ? Number(e.DEMO_PAGE_SIZE) : undefined },
    approverGroupId: e.APPROVER_GROUP_ID,
    allowedTenantIds: allowed,
    dataDir: e.DATA_DIR ?? './.data',
    logLevel: e.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    store: {
      kind: storeKind,
      connectionString: e.AZURE_STORAGE_CONNECTION_STRING,
      accountUrl: e.AZURE_STORAGE_ACCOUNT_URL,
      tablePrefix: e.STORE_TABLE_PREFIX ?? 'licensedesk',
    },
    watch: {
      intervalSeconds: e.WATCH_INTERVAL_SECONDS !== undefined ? Number(e.WATCH_INTERVAL_SECONDS) : demoEnabled ? 15 : 300,
      leaseSeconds: e.WATCH_LEASE_SECONDS ? Number(e.WATCH_LEASE_SECONDS) : undefined,
      digestDays: e.WATCH_DIGEST_DAYS !== undefined ? Number(e.WATCH_DIGEST_DAYS) : 7,
    },
    report: {
      schedule: parseReportSchedule(e.REPORT_SCHEDULE ?? DEFAULT_REPORT_SCHEDULE),
      renewalWindowDays: e.REPORT_RENEWAL_DAYS ? Number(e.REPORT_RENEWAL_DAYS) : 30,
    },
    instanceId: e.INSTANCE_ID ?? `${hostname()}-${process.pid}`,
    publicUrl: (e.BOT_ENDPOINT ?? `http://localhost:${e.PORT || 3978}`).replace(/\/+$/, ''),
    requests: {
      executionLeaseSeconds: e.EXECUTION_LEASE_SECONDS ? Number(e.EXECUTION_LEASE_SECONDS) : 120,
      expiryDays: e.REQUEST_EXPIRY_DAYS ? Number(e.REQUEST_EXPIRY_DAYS) : 14,
      approvalChannelId: e.APPROVAL_CHANNEL_ID,
      priceListFile: e.PRICE_LIST_FILE,
      sweepSeconds: e.REQUEST_SWEEP_SECONDS ? Number(e.REQUEST_SWEEP_SECONDS) : 60,
      autoApproveWithinBudget: /^(true|1|yes)$/i.test(e.AUTO_APPROVE_WITHIN_BUDGET ?? ''),
    },
    bulk: {
      concurrency: e.BULK_CONCURRENCY ? Number(e.BULK_CONCURRENCY) : 4,
      progressEditSeconds: e.BULK_PROGRESS_SECONDS ? Number(e.BULK_PROGRESS_SECONDS) : 5,
    },
    temporary: { pollSeconds: e.SCHEDULE_POLL_SECONDS ? Number(e.SCHEDULE_POLL_SECONDS) : 10 },
  };
}
