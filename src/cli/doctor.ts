/**
 * `license-desk doctor [--graph URL] [--json]`: checks the configured tenant (chosen as `license-desk report`
 * chooses: --graph, GRAPH_* environment, else the bundled demo tenant) and prints what works and what is
 * missing, with the exact permission to grant. Exit code 0 when every required check passes, 1 otherwise,
 * 2 for bad options or configuration. Read-only: it never writes to the tenant.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../config';
import { FixtureError } from '../demo/fixture';
import { graphAuthMode } from '../graph/options';
import { type CheckResult, runChecks } from './doctor-checks';
import { checkGraphUrl, configFor, openGraphTarget } from './graph-target';

export const DOCTOR_USAGE = `Usage: license-desk doctor [--graph URL] [--json]
  --graph URL  Graph endpoint (default: GRAPH_* environment, or the bundled demo tenant)
  --json       the checks as JSON`;

const MARK: Record<CheckResult['status'], string> = { ok: '✔', missing: '✘', warning: '!', info: '·' };

export async function runDoctor(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream, options: { env?: Record<string, string | undefined> } = {}): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let target;
  try {
    ({ values } = parseArgs({ args: argv, options: { graph: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
    if (values.help) {
      out.write(DOCTOR_USAGE + '\n');
      return 0;
    }
    const graphUrl = values.graph === undefined ? undefined : String(values.graph);
    const bad = graphUrl === undefined ? undefined : checkGraphUrl(graphUrl);
    if (bad) throw new ConfigError(bad);
    target = await openGraphTarget(configFor(options.env ?? process.env, graphUrl));
  } catch (error) {
    if (error instanceof ConfigError || (error instanceof Error && error.name === 'TypeError' && /option/i.test(error.message))) {
      err.write(`${error.message}\n${DOCTOR_USAGE}\n`);
      return 2;
    }
    if (error instanceof FixtureError) {
      err.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  try {
    const { config, graph, demo } = target;
    const approverGroupId = config.approverGroupId ?? (demo && !config.demo.tenantFile ? demo.tenant.model.groups.find((g) => g.displayName === 'License Approvers')?.id : undefined);
    const results = await runChecks({ config, graph, approverGroupId, demo: Boolean(demo) || graphAuthMode(config.graph) === 'anonymous' });
    const passed = results.every((r) => !r.required || r.status === 'ok' || r.status === 'info');
    if (values.json) {
      out.write(JSON.stringify({ tenant: target.description, passed, checks: results }, null, 2) + '\n');
    } else {
      out.write(`License Desk doctor: ${target.description}\n`);
      const width = Math.max(...results.map((r) => r.name.length));
      for (const r of results) out.write(`${MARK[r.status]} ${r.name.padEnd(width)}  ${r.detail}${r.required || r.status === 'ok' || r.status === 'info' ? '' : ' (optional)'}\n`);
      const missing = results.filter((r) => r.required && r.status === 'missing');
      out.write(passed ? 'All required checks pass.\n' : `${missing.length} required check${missing.length === 1 ? '' : 's'} failed.\n`);
    }
    return passed ? 0 : 1;
  } finally {
    await target.close().catch(() => undefined);
  }
}
