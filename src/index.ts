/**
 * Composition root: config → store → Graph → services → bot → HTTP. The only place that reads process.env
 * (through loadConfig) and wires concrete implementations together.
 */
import { resolve } from 'node:path';
import { ConfigError, loadConfig, type AppConfig } from './config';
import { createLogger, type Logger } from './logging';
import { createGraphGateway, type GraphGateway } from './graph/gateway';
import { Catalog } from './licensing/catalog';
import { LicenseQueries } from './services/license-queries';
import { SqliteRequestStore } from './store/sqlite-request-store';
import type { RequestStore } from './store/request-store';
import { LicenseDeskBot } from './bot/license-desk-bot';
import { createBotServer, type BotServer } from './bot/server';

export interface RunningLicenseDesk {
  url: string;
  port: number;
  graph: GraphGateway;
  bot: BotServer;
  store: RequestStore;
  conversations: RequestStore;
  /** The Graph endpoint in use (the demo tenant's when it was started here). */
  graphBaseUrl?: string;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Listen address; tests use 127.0.0.1. */
  host?: string;
  /** Bot Framework auth settings for tests (local OpenID metadata). */
  authOverrides?: Record<string, string>;
}

export async function startLicenseDesk(config: AppConfig, options: StartOptions = {}): Promise<RunningLicenseDesk> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const closers: Array<() => Promise<void>> = [];
  try {
    let graphBaseUrl = config.graph.baseUrl;
    if (config.demo.enabled) {
      // No tenant configured: serve the bundled (or DEMO_TENANT_FILE) demo tenant from this process.
      const { startDemoTenant } = await import('./demo/server');
      const demo = await startDemoTenant(config.demo.tenantFile, { port: config.demo.port });
      closers.push(() => demo.close());
      graphBaseUrl = demo.baseUrl;
      logger.info({ graph: graphBaseUrl }, 'demo tenant started');
    }
    const graph = createGraphGateway({ ...config.graph, baseUrl: graphBaseUrl, logger: logger.child({ component: 'graph' }) });

    const allowedTenantIds = [...config.allowedTenantIds];
    if (allowedTenantIds.length === 0) {
      // Demo or a Graph endpoint without credentials: the tenant is the one that endpoint serves.
      allowedTenantIds.push((await graph.getOrganization()).id.toLowerCase());
    }

    const store = SqliteRequestStore.open(config.dataDir === ':memory:' ? ':memory:' : resolve(config.dataDir, 'license-desk.db'));
    closers.push(() => store.close());
    const conversations = store;
    const licenses = new LicenseQueries(graph, Catalog.bundled(), { approverGroupId: config.approverGroupId });
    const bot = new LicenseDeskBot({ licenses, conversations, logger });
    const server = createBotServer({ config, bot, logger, allowedTenantIds: () => allowedTenantIds, authOverrides: options.authOverrides });
    const { port, url } = await server.listen(config.port, options.host);
    closers.unshift(() => server.close());
    logger.info({ port, auth: config.bot.authEnabled, allowedTenantIds, dataDir: config.dataDir }, 'License Desk is listening');
    return {
      url,
      port,
      graph,
      bot: server,
      store,
      conversations,
      graphBaseUrl,
      async close() {
        for (const close of closers) await close().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    throw error;
  }
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`License Desk: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const app = await startLicenseDesk(config, { logger });
  console.log(`License Desk bot on http://localhost:${app.port}/api/messages${config.demo.enabled ? ` (demo tenant at ${app.graphBaseUrl})` : ''}`);
  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`License Desk failed to start: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}

