/**
 * Entry point: `DEMO_TENANT_FILE=… DEMO_GRAPH_PORT=5980 node lib/src/demo/main.js` (or `npx tsx src/demo/main.ts`).
 * Serves the fixture as Microsoft Graph under http://127.0.0.1:<port>/v1.0 until SIGINT/SIGTERM.
 * DEMO_GRAPH_HOST (default 127.0.0.1) binds another interface.
 */
import { FixtureError } from './fixture';
import { startDemoTenant } from './server';

export interface DemoMainOptions {
  tenantFile?: string;
  port: number;
  host: string;
  /** DEMO_PAGE_SIZE: page size without $top (default the fixture's, else 100). */
  pageSize?: number;
}

export function demoOptionsFromEnv(env: Record<string, string | undefined>): DemoMainOptions {
  const portText = env.DEMO_GRAPH_PORT?.trim() || '5980';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`DEMO_GRAPH_PORT must be a port number (0-65535), not "${portText}"`);
  const sizeText = env.DEMO_PAGE_SIZE?.trim();
  const pageSize = sizeText ? Number(sizeText) : undefined;
  if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 999)) throw new Error(`DEMO_PAGE_SIZE must be 1-999, not "${sizeText}"`);
  const options: DemoMainOptions = { tenantFile: env.DEMO_TENANT_FILE?.trim() || undefined, port, host: env.DEMO_GRAPH_HOST?.trim() || '127.0.0.1' };
  if (pageSize !== undefined) options.pageSize = pageSize;
  return options;
}

export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  const options = demoOptionsFromEnv(env);
  const demo = await startDemoTenant(options.tenantFile, { port: options.port, host: options.host, behaviour: options.pageSize ? { pageSize: options.pageSize } : undefined });
  const model = demo.tenant.model;
  console.log(
    `Demo tenant "${model.organization.displayName}" (${model.users.length} users, ${model.skus.length} SKUs, ${model.groups.length} groups) ` +
      `from ${options.tenantFile ?? 'the bundled Contoso fixture'}\nMicrosoft Graph (demo) at ${demo.baseUrl}\n` +
      `Test endpoints: ${demo.url}/_demo/writes, /_demo/requests, /_demo/faults, /_demo/reset`,
  );
  let closing = false;
  const stop = (signal: string): void => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: closing the demo tenant`);
    demo.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof FixtureError || error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
