/**
 * `license-desk report [--format csv|billing|json] [--out FILE] [--inactive-days 90] [--graph URL]`
 *
 * Graph from `--graph URL`, else from the bot's environment (GRAPH_BASE_URL, GRAPH_TENANT_ID/CLIENT_ID/CLIENT_SECRET
 * or managed identity, through config.ts); with nothing configured it starts the bundled demo tenant in this
 * process (DEMO_TENANT_FILE picks another fixture). Open license requests are joined when the bot's request store
 * exists (STORE=table, or DATA_DIR/license-desk.db). Data goes to stdout or --out; progress and the closing summary
 * to stderr, the progress line only when stderr is a terminal.
 */
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { ConfigError, loadConfig, type AppConfig } from '../config';
import { FixtureError } from '../demo/fixture';
import { startDemoTenant } from '../demo/server';
import { isGraphRequestError } from '../graph/errors';
import { createGraphGateway } from '../graph/gateway';
import { Catalog } from '../licensing/catalog';
import { priceList } from '../licensing/prices';
import { createBillingCsv } from '../report/billing-csv';
import { toCsv } from '../report/csv';
import { fileSpools } from '../store/row-spool';
import { formatMoney } from '../report/summary';
import type { TenantReport } from '../report/types';
import { DEFAULT_INACTIVE_DAYS, TenantReportService } from '../services/tenant-report';
import { openRequestStore } from '../store/open-store';
import type { RequestStore } from '../store/request-store';

export const REPORT_USAGE = `Usage: license-desk report [--format csv|billing|json] [--out FILE] [--inactive-days 90] [--graph URL]
  --format         csv (default: one CSV, a "finding" column per row), billing (one CSV row per licensed user and a
                   total: department, cost center, licenses, monthly cost …) or json (the whole report)
  --out FILE       write to FILE instead of stdout (a CSV file starts with a UTF-8 BOM for Excel)
  --inactive-days  a licensed account not signed in for this many days is reported (default 90, 1-3650)
  --graph URL      Graph endpoint, e.g. http://127.0.0.1:5980/v1.0 (default: GRAPH_* environment,
                   or the bundled demo tenant when nothing is configured)`;

class UsageError extends Error {}

interface ParsedOptions {
  format: 'csv' | 'billing' | 'json';
  out?: string;
  inactiveDays: number;
  graph?: string;
}

function parseOptions(argv: string[]): ParsedOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        format: { type: 'string' },
        out: { type: 'string', short: 'o' },
        'inactive-days': { type: 'string' },
        graph: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const format = String(values.format ?? 'csv').toLowerCase();
  if (format !== 'csv' && format !== 'json' && format !== 'billing') throw new UsageError(`--format must be csv, billing or json, not "${values.format}".`);
  const daysText = String(values['inactive-days'] ?? DEFAULT_INACTIVE_DAYS);
  const inactiveDays = Number(daysText);
  if (!/^\d+$/.test(daysText.trim()) || !Number.isInteger(inactiveDays) || inactiveDays < 1 || inactiveDays > 3650) {
    throw new UsageError(`--inactive-days must be a whole number of days from 1 to 3650, not "${daysText}".`);
  }
  const out = values.out === undefined ? undefined : String(values.out);
  if (out !== undefined && out.trim() === '') throw new UsageError('--out needs a file name.');
  const graph = values.graph === undefined ? undefined : String(values.graph);
  if (graph !== undefined) {
    let ok = false;
    try {
      ok = ['http:', 'https:'].includes(new URL(graph).protocol);
    } catch {
      ok = false;
    }
    if (!ok) throw new UsageError(`--graph must be an http(s) URL such as http://127.0.0.1:5980/v1.0, not "${graph}".`);
  }
  return { format, out, inactiveDays, graph };
}

export interface RunReportOptions {
  /** Environment (default process.env): the CLI is an entry point, like the composition root. */
  env?: Record<string, string | undefined>;
  /** Whether stderr is a terminal (default: its isTTY). */
  isTTY?: boolean;
  now?: () => Date;
}

/** Returns the exit code: 0 done, 1 failed (Graph, files), 2 bad options or configuration. */
export async function runReport(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream, options: RunReportOptions = {}): Promise<number> {
  let parsed: ParsedOptions | 'help';
  let config: AppConfig;
  try {
    parsed = parseOptions(argv);
    if (parsed === 'help') {
      out.write(REPORT_USAGE + '\n');
      return 0;
    }
    const env = { ...(options.env ?? process.env) };
    if (parsed.graph) env.GRAPH_BASE_URL = parsed.graph;
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      err.write(`${error.message}\n${REPORT_USAGE}\n`);
      return 2;
    }
    throw error;
  }

  const closers: Array<() => Promise<void>> = [];
  const tty = options.isTTY ?? (err as NodeJS.WriteStream).isTTY === true;
  let bar: SingleBar | undefined;
  try {
    let baseUrl = config.graph.baseUrl;
    if (config.demo.enabled) {
      const demo = await startDemoTenant(config.demo.tenantFile, { port: 0 });
      closers.push(() => demo.close());
      baseUrl = demo.baseUrl;
      err.write(`No Graph tenant configured: reporting on the demo tenant "${demo.tenant.model.organization.displayName}" (${config.demo.tenantFile ?? 'bundled Contoso fixture'}).\n`);
    }
    const graph = createGraphGateway({ ...config.graph, baseUrl });
    const prices = priceList(config.requests.priceListFile ? JSON.parse(readFileSync(config.requests.priceListFile, 'utf8')) : undefined);
    const store = config.demo.enabled ? undefined : await openExistingStore(config);
    if (store) closers.push(() => store.close());

    if (tty) {
      bar = new SingleBar({
        stream: err,
        format: 'Scanning users | {value} scanned | {speed} users/s | {duration_formatted}',
        hideCursor: true,
        clearOnComplete: true,
        fps: 5,
      });
      bar.start(0, 0, { speed: 0 });
    }
    const startedAt = Date.now();
    const billing = parsed.format === 'billing';
    const spoolDir = billing ? mkdtempSync(join(tmpdir(), 'license-desk-billing-')) : undefined;
    if (spoolDir) closers.push(async () => rmSync(spoolDir, { recursive: true, force: true }));
    const service = new TenantReportService({ graph, catalog: Catalog.bundled(), prices, store, now: options.now, spools: spoolDir ? fileSpools(spoolDir) : undefined, renewalWindowDays: config.report.renewalWindowDays });
    const { report, graphRequests, seconds, billingRows, groupNames } = await service.run({
      inactiveDays: parsed.inactiveDays,
      billingRows: billing,
      onProgress: (scanned) => {
        if (!bar) return;
        bar.update(scanned, { speed: Math.round(scanned / Math.max(0.001, (Date.now() - startedAt) / 1000)) });
      },
    });
    bar?.stop();
    bar = undefined;

    if (billing && billingRows) {
      // Streamed: one line per licensed user, then the total (a file gets the BOM for Excel, a pipe does not).
      const writer = createBillingCsv({ currency: report.billing.currency, groupNames, signInDataAvailable: report.signInDataAvailable, bom: Boolean(parsed.out) });
      const fd = parsed.out ? openSync(parsed.out, 'w') : undefined;
      const emit = (text: string) => (fd === undefined ? out.write(text) : writeSync(fd, text));
      try {
        emit(writer.header());
        for await (const row of billingRows.rows()) emit(writer.line(row));
        emit(writer.total());
      } finally {
        if (fd !== undefined) closeSync(fd);
        billingRows.dispose();
      }
    } else {
      const payload = parsed.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : toCsv(report, { bom: Boolean(parsed.out) });
      if (parsed.out) writeFileSync(parsed.out, payload, 'utf8');
      else out.write(payload);
    }
    err.write(closingLine(report, graphRequests, seconds, parsed.out) + '\n');
    return 0;
  } catch (error) {
    bar?.stop();
    if (isGraphRequestError(error)) err.write(`Microsoft Graph refused the report: ${error.plainReason}\n  (${error.message})\n`);
    else if (error instanceof FixtureError) err.write(`${error.message}\n`);
    else err.write(`The report failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  }
}

/** The bot's request store, only if it already exists: a report never creates one. */
async function openExistingStore(config: AppConfig): Promise<RequestStore | undefined> {
  const sqliteFile = resolvePath(config.dataDir, 'license-desk.db');
  if (config.store.kind !== 'table' && (config.dataDir === ':memory:' || !existsSync(sqliteFile))) return undefined;
  return (await openRequestStore(config)).store;
}

function closingLine(report: TenantReport, graphRequests: number, seconds: number, file?: string): string {
  const t = report.totals;
  const n = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
  const parts = [
    `${n(t.users, 'user')} (${t.licensedUsers.toLocaleString('en-US')} licensed)`,
    `${n(t.redundantLicenses, 'redundant license')}, ${formatMoney(t.monthlyWaste, t.currency)}/month`,
    n(t.groupErrors, 'group licensing error'),
    `${n(t.inactiveAccounts, 'unused licensed account')}${report.signInDataAvailable ? '' : ' (no sign-in data: disabled accounts only)'}`,
    `${t.noUsageLocation.toLocaleString('en-US')} without usage location`,
    `${n(t.seatsNearExhaustion, 'product')} near seat exhaustion`,
  ];
  return `Report: ${parts.join(' · ')}. ${n(graphRequests, 'Graph request')} in ${seconds.toFixed(1)} s${file ? ` → ${file}` : ''}.`;
}
