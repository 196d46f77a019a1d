/**
 * Which tenant a CLI command talks to, chosen as `license-desk report` does: `--graph URL`, else the bot's
 * environment (GRAPH_BASE_URL, GRAPH_* credentials or managed identity, read by config.ts), else the bundled
 * demo tenant (DEMO_TENANT_FILE picks another fixture) started in this process.
 */
import { loadConfig, type AppConfig } from '../config';
import { startDemoTenant, type StartedDemoTenant } from '../demo/server';
import { createGraphGateway, type GraphGateway } from '../graph/gateway';
import { graphAuthMode } from '../graph/options';

export interface GraphTarget {
  config: AppConfig;
  graph: GraphGateway;
  /** "demo tenant "Contoso" (bundled Contoso fixture)", "https://graph.microsoft.com/v1.0 (client secret)". */
  description: string;
  /** Set when the demo tenant runs in this process. */
  demo?: StartedDemoTenant;
  close(): Promise<void>;
}

/** Throws ConfigError for a bad environment. */
export function configFor(env: Record<string, string | undefined>, graphUrl?: string): AppConfig {
  const copy = { ...env };
  if (graphUrl) copy.GRAPH_BASE_URL = graphUrl;
  return loadConfig(copy);
}

export async function openGraphTarget(config: AppConfig): Promise<GraphTarget> {
  if (config.demo.enabled) {
    const demo = await startDemoTenant(config.demo.tenantFile, { port: 0 });
    const graph = createGraphGateway({ ...config.graph, baseUrl: demo.baseUrl });
    const description = `the demo tenant "${demo.tenant.model.organization.displayName}" (${config.demo.tenantFile ?? 'bundled Contoso fixture'})`;
    return { config, graph, description, demo, close: () => demo.close() };
  }
  const graph = createGraphGateway(config.graph);
  const baseUrl = config.graph.baseUrl ?? 'https://graph.microsoft.com/v1.0';
  const mode = graphAuthMode(config.graph);
  return { config, graph, description: `${baseUrl} (${mode === 'anonymous' ? 'no credentials' : mode})`, close: async () => undefined };
}

/** An http(s) URL for --graph, or an error message. */
export function checkGraphUrl(value: string): string | undefined {
  try {
    if (['http:', 'https:'].includes(new URL(value).protocol)) return undefined;
  } catch {
    // fall through
  }
  return `--graph must be an http(s) URL such as http://127.0.0.1:5980/v1.0, not "${value}".`;
}
