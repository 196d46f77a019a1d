/**
 * `license-desk export-tenant [--out FILE] [--anonymize] [--anonymize-key KEY] [--sign-ins] [--graph URL]`
 *
 * Reads the configured tenant (read-only) into the tenant fixture format; `DEMO_TENANT_FILE=FILE npm start` then
 * serves it offline. The file goes to --out or stdout, streamed; progress and the summary go to stderr (a
 * progress bar on a terminal, plain lines otherwise).
 */
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { ConfigError } from '../config';
import { FixtureError } from '../demo/fixture';
import { isGraphRequestError } from '../graph/errors';
import { Anonymizer, DEFAULT_ANONYMIZE_KEY } from '../services/anonymizer';
import { type ExportProgress, type ExportSink, TenantExportService } from '../services/tenant-export';
import { checkGraphUrl, configFor, openGraphTarget, type GraphTarget } from './graph-target';

export const EXPORT_USAGE = `Usage: license-desk export-tenant [--out FILE] [--anonymize] [--anonymize-key KEY] [--sign-ins] [--graph URL]
  --out FILE           write the fixture to FILE (default: stdout)
  --anonymize          replace names, UPNs, mail addresses and ids by consistent pseudonyms (HMAC-SHA256);
                       SKUs, plans, states and structure are kept
  --anonymize-key KEY  the HMAC key (implies --anonymize; default: a fixed key, so re-exports diff cleanly —
                       pass your own to make the pseudonyms unguessable)
  --sign-ins           also export signInActivity (AuditLog.Read.All, Entra ID P1)
  --graph URL          Graph endpoint (default: GRAPH_* environment, or the bundled demo tenant)`;

class UsageError extends Error {}

interface ExportCliOptions {
  out?: string;
  anonymizeKey?: string;
  signIns: boolean;
  graph?: string;
}

function parseOptions(argv: string[]): ExportCliOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        out: { type: 'string', short: 'o' },
        anonymize: { type: 'boolean' },
        'anonymize-key': { type: 'string' },
        'sign-ins': { type: 'boolean' },
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
  const out = values.out === undefined ? undefined : String(values.out);
  if (out !== undefined && out.trim() === '') throw new UsageError('--out needs a file name.');
  const key = values['anonymize-key'] === undefined ? undefined : String(values['anonymize-key']);
  if (key !== undefined && key.length < 8) throw new UsageError('--anonymize-key must be at least 8 characters.');
  const graph = values.graph === undefined ? undefined : String(values.graph);
  const bad = graph === undefined ? undefined : checkGraphUrl(graph);
  if (bad) throw new UsageError(bad);
  return { out, anonymizeKey: key ?? (values.anonymize ? DEFAULT_ANONYMIZE_KEY : undefined), signIns: Boolean(values['sign-ins']), graph };
}

export interface RunExportOptions {
  env?: Record<string, string | undefined>;
  /** Whether stderr is a terminal (default: its isTTY). */
  isTTY?: boolean;
}

/** Returns the exit code: 0 done, 1 failed (Graph, files), 2 bad options or configuration. */
export async function runExportTenant(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream, options: RunExportOptions = {}): Promise<number> {
  let parsed: ExportCliOptions | 'help';
  let target: GraphTarget | undefined;
  try {
    parsed = parseOptions(argv);
    if (parsed === 'help') {
      out.write(EXPORT_USAGE + '\n');
      return 0;
    }
    target = await openGraphTarget(configFor(options.env ?? process.env, parsed.graph));
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      err.write(`${error.message}\n${EXPORT_USAGE}\n`);
      return 2;
    }
    if (error instanceof FixtureError) {
      err.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }

  const tty = options.isTTY ?? (err as NodeJS.WriteStream).isTTY === true;
  const progress = tty ? barProgress(err) : lineProgress(err);
  const file = parsed.out ? createWriteStream(parsed.out, 'utf8') : undefined;
  const sink = streamSink(file ?? out);
  const started = Date.now();
  try {
    err.write(`Exporting ${target.description}${parsed.anonymizeKey ? ', anonymized' : ''}.\n`);
    const service = new TenantExportService({ graph: target.graph });
    const summary = await service.run(sink, {
      signIns: parsed.signIns,
      anonymizer: parsed.anonymizeKey ? new Anonymizer(parsed.anonymizeKey) : undefined,
      approverGroupId: target.config.approverGroupId ?? target.demo?.tenant.model.groups.find((g) => g.displayName === 'License Approvers')?.id,
      onProgress: progress.update,
    });
    await sink.flush();
    progress.stop();
    if (file) await new Promise<void>((resolve, reject) => file.end((e?: Error | null) => (e ? reject(e) : resolve())));
    for (const warning of summary.warnings) err.write(`Warning: ${warning}\n`);
    const seconds = (Date.now() - started) / 1000;
    err.write(
      `Exported ${summary.users.toLocaleString('en-US')} users, ${summary.groups} groups, ${summary.contacts} contacts, ${summary.mailboxes.toLocaleString('en-US')} mailboxes` +
        `${summary.signIns ? ', sign-in activity' : ''} in ${seconds.toFixed(1)} s (${summary.graphRequests.toLocaleString('en-US')} Graph requests)${parsed.out ? ` → ${parsed.out}` : ''}.\n`,
    );
    if (parsed.out) {
      const approver = summary.approverGroupId ? ` APPROVER_GROUP_ID=${summary.approverGroupId}` : '';
      err.write(`Serve it offline: DEMO_TENANT_FILE=${parsed.out}${approver} npm start\n`);
    }
    return 0;
  } catch (error) {
    progress.stop();
    file?.destroy();
    if (isGraphRequestError(error)) err.write(`Microsoft Graph refused the export: ${error.plainReason}\n  (${error.message})\n`);
    else err.write(`The export failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await target.close().catch(() => undefined);
  }
}

/**
 * Writes in 64 KB slices (one Buffer per slice, not per user) and with back-pressure: waits for 'drain' when the
 * stream's buffer is full. flush() writes the rest.
 */
function streamSink(stream: NodeJS.WritableStream): ExportSink & { flush(): Promise<void> } {
  let pending: string[] = [];
  let size = 0;
  const push = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const ok = stream.write(text, (error) => (error ? reject(error) : undefined));
      if (ok) resolve();
      else stream.once('drain', resolve);
    });
  const flush = async () => {
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    size = 0;
    await push(text);
  };
  return {
    async write(text) {
      pending.push(text);
      size += text.length;
      if (size >= 64 * 1024) await flush();
    },
    flush,
  };
}

interface Progress {
  update(event: ExportProgress): void;
  stop(): void;
}

function barProgress(err: NodeJS.WritableStream): Progress {
  const bar = new SingleBar({ stream: err, format: '{phase} | {value} {unit} | {duration_formatted}', hideCursor: true, clearOnComplete: true, fps: 5 });
  let started = false;
  return {
    update(event) {
      const [value, unit, phase] = event.phase === 'users' ? [event.users, 'users', 'Reading users'] : event.phase === 'groups' ? [event.done, `of ${event.total} groups`, 'Reading groups'] : [event.total, 'contacts', 'Contacts'];
      if (!started) {
        bar.start(0, value, { unit, phase });
        started = true;
      }
      bar.update(value, { unit, phase });
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

/** Not a terminal: a line every 10,000 users and one per phase, nothing that redraws. */
function lineProgress(err: NodeJS.WritableStream): Progress {
  let lastUsers = 0;
  let groupsAnnounced = false;
  return {
    update(event) {
      if (event.phase === 'users' && event.users - lastUsers >= 10_000) {
        lastUsers = event.users;
        err.write(`… ${event.users.toLocaleString('en-US')} users\n`);
      } else if (event.phase === 'groups' && !groupsAnnounced) {
        groupsAnnounced = true;
        err.write(`… ${event.total} groups\n`);
      }
    },
    stop() {},
  };
}
