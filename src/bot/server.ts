import * as restify from 'restify';
import {
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  MessageFactory,
  type ActivityHandler,
  type TurnContext,
} from 'botbuilder';
import type { AppConfig } from '../config';
import type { Logger } from '../logging';
import { diagnosticsMiddleware, tenantFilterMiddleware } from './middleware';
import { renderCard } from './render';
import { correlationIdOf, loggerOf } from './turn-state';
import { errorView } from './views/simple-views';

export interface BotServerOptions {
  config: AppConfig;
  adapter: CloudAdapter;
  bot: ActivityHandler;
  logger: Logger;
  allowedTenantIds: () => readonly string[];
  /** Extra auth settings for tests (e.g. a local OpenID metadata endpoint). */
}

export interface BotServer {
  server: restify.Server;
  adapter: CloudAdapter;
  listen(port: number, host?: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 256 * 1024;

export function createAdapter(config: AppConfig, logger: Logger, authOverrides: Record<string, string> = {}): CloudAdapter {
  const settings = {
    MicrosoftAppId: config.bot.id,
    MicrosoftAppPassword: config.bot.password,
    MicrosoftAppType: config.bot.type,
    MicrosoftAppTenantId: config.bot.tenantId,
  };
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  const auth = new ConfigurationBotFrameworkAuthentication({ ...settings, ...authOverrides }, credentials);
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const correlationId = correlationIdOf(context);
    loggerOf(context, logger).error({ err: { message: error.message, name: error.name, stack: error.stack } }, 'unhandled turn error');
    try {
      if (context.activity.type === 'invoke') {
        await context.sendActivity({
          type: 'invokeResponse',
          value: { status: 500, body: { statusCode: 500, type: 'application/vnd.microsoft.error', value: { code: 'InternalError', message: `Something went wrong. Reference: ${correlationId}` } } },
        });
      } else if (context.activity.type === 'message') {
        await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(renderCard('error', errorView(correlationId)))));
      }
    } catch (sendError) {
      loggerOf(context, logger).error({ err: (sendError as Error).message }, 'could not report the error to the user');
    }
  };
  return adapter;
}

export function createBotServer(options: BotServerOptions): BotServer {
  const { adapter, bot, logger } = options;
  adapter.use(diagnosticsMiddleware(logger));
  adapter.use(tenantFilterMiddleware(options.allowedTenantIds, logger));

  const server = restify.createServer({ name: 'license-desk', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false }));
  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });
  server.post('/api/messages', async (req, res) => {
    const body = req.body as { type?: unknown } | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body) || typeof body.type !== 'string') {
      res.send(400, { code: 'BadRequest', message: 'The body must be a Bot Framework activity (JSON object with a "type").' });
      return;
    }
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (error) {
      logger.error({ err: (error as Error).message }, 'activity processing failed');
      if (!res.headersSent) res.send(500, { code: 'InternalError' });
    }
  });
  server.on('restifyError', (req, res, err, callback) => {
    logger.warn({ status: err.statusCode, path: req.path(), err: err.message }, 'http error');
    return callback();
  });

  return {
    server,
    adapter,
    listen(port: number, host = '0.0.0.0') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve({ port: address.port, url: `http://127.0.0.1:${address.port}` });
        });
      });
    },
    close() {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
