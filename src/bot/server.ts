import * as restify from 'restify';
import {
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  MessageFactory,
  type Activity,
  type ActivityHandler,
  type TurnContext,
} from 'botbuilder';
import { z } from 'zod';
import type { AppConfig } from '../config';
import type { Logger } from '../logging';
import { diagnosticsMiddleware, tenantFilterMiddleware } from './middleware';
import { renderCard } from './render';
import { correlationIdOf, loggerOf } from './turn-state';
import { errorView } from './views/simple-views';

export interface BotServerOptions {
  config: AppConfig;
  adapter: LicenseDeskAdapter;
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

const Account = z.object({ id: z.string().max(512).optional(), name: z.string().max(512).optional(), aadObjectId: z.string().max(64).optional() }).passthrough();

/** What an inbound activity must look like before anything else reads it (the Bot Framework schema, loosely). */
export const InboundActivity = z
  .object({
    type: z.string().min(1).max(64),
    id: z.string().max(512).optional(),
    channelId: z.string().min(1).max(64),
    serviceUrl: z.string().url().max(2048),
    name: z.string().max(256).optional(),
    text: z.string().max(100_000).optional(),
    from: Account.optional(),
    recipient: Account,
    conversation: z.object({ id: z.string().min(1).max(1024), tenantId: z.string().max(64).optional(), conversationType: z.string().max(32).optional() }).passthrough(),
    entities: z.array(z.object({ type: z.string().max(64) }).passthrough()).max(50).optional(),
    attachments: z.array(z.object({}).passthrough()).max(20).optional(),
    replyToId: z.string().max(512).optional(),
  })
  .passthrough();

type AuthenticateResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;
type Claims = AuthenticateResult['claimsIdentity'];
type ConnectorFactoryLike = NonNullable<AuthenticateResult['connectorFactory']>;
type Connector = Awaited<ReturnType<ConnectorFactoryLike['create']>>;
type UserTokenClientLike = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>>;

/** Clients kept per bot app id × service URL × audience; a flood of distinct service URLs only empties the cache. */
const MAX_CACHED_CLIENTS = 256;

/** The bot's app id in a request's claims, as botbuilder's connector factory reads it (aud, else appid). */
function appIdOf(claims: Claims): string {
  return claims.getClaimValue('aud') ?? claims.getClaimValue('appid') ?? '';
}

/** A bounded promise cache that forgets failures (the next turn tries again). */
function cached<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let hit = cache.get(key);
  if (!hit) {
    if (cache.size >= MAX_CACHED_CLIENTS) cache.clear();
    const made = make();
    hit = made;
    cache.set(key, made);
    made.catch(() => {
      if (cache.get(key) === made) cache.delete(key);
    });
  }
  return hit;
}

/**
 * Every request is still authenticated on its own (authenticateRequest: JWT, issuer, audience, service URL); what
 * is reused is what botbuilder builds afresh on every turn after that — the ConnectorClient for the reply (a
 * credentials object and an HTTP pipeline of a dozen policies) and a UserTokenClient License Desk never uses — per
 * app id, service URL and audience, as botbuilder's own BotFrameworkAdapter kept its connector clients.
 */
class LicenseDeskAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly userTokenClients = new Map<string, Promise<UserTokenClientLike>>();

  override createUserTokenClient(claimsIdentity: Claims): Promise<UserTokenClientLike> {
    return cached(this.userTokenClients, appIdOf(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }
}

/** The adapter and the authentication it uses (the HTTP route authenticates before the turn runs). */
export class LicenseDeskAdapter extends CloudAdapter {
  private readonly connectors = new Map<string, Promise<Connector>>();

  constructor(readonly auth: ConfigurationBotFrameworkAuthentication) {
    super(auth);
  }

  /** Runs a turn for an activity whose request was already authenticated. */
  processAuthenticated(authenticated: AuthenticateResult, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    const connectorFactory = authenticated.connectorFactory ? this.reusingConnectors(authenticated.connectorFactory, authenticated.claimsIdentity) : undefined;
    return this.processActivity({ ...authenticated, connectorFactory }, activity, logic);
  }

  /** The request's connector factory, with the clients it makes kept for the next turns of the same bot and channel. */
  private reusingConnectors(factory: ConnectorFactoryLike, claims: Claims): ConnectorFactoryLike {
    const appId = appIdOf(claims);
    const create = (serviceUrl: string, audience?: string): Promise<Connector> =>
      cached(this.connectors, JSON.stringify([appId, serviceUrl, audience ?? null]), () => factory.create(serviceUrl, audience));
    return { create } as unknown as ConnectorFactoryLike;
  }
}

export function createAdapter(config: AppConfig, logger: Logger, authOverrides: Record<string, string> = {}): LicenseDeskAdapter {
  const settings = {
    MicrosoftAppId: config.bot.id,
    MicrosoftAppPassword: config.bot.password,
    MicrosoftAppType: config.bot.type,
    MicrosoftAppTenantId: config.bot.tenantId,
  };
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  const auth = new LicenseDeskAuthentication({ ...settings, ...authOverrides }, credentials);
  const adapter = new LicenseDeskAdapter(auth);
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
  // The Agents Playground probes the endpoint with HEAD before it connects.
  server.head('/api/messages', async (_req, res) => {
    res.send(200);
  });
  server.post('/api/messages', async (req, res) => {
    const parsed = InboundActivity.safeParse(req.body);
    if (!parsed.success) {
      const problem = parsed.error.issues[0];
      res.send(400, { code: 'BadRequest', message: `Not a Bot Framework activity: ${problem.path.join('.') || 'body'}: ${problem.message}` });
      return;
    }
    const activity = parsed.data as unknown as Activity;
    let authenticated;
    try {
      // Every failure here is the caller's (no token, wrong audience, bad signature…): 401, never 500.
      authenticated = await adapter.auth.authenticateRequest(activity, String(req.headers.authorization ?? ''));
    } catch (error) {
      logger.warn({ err: (error as Error).message, channelId: activity.channelId }, 'refused: authentication failed');
      res.send(401, { code: 'Unauthorized', message: 'Unauthorized.' });
      return;
    }
    try {
      const result = await adapter.processAuthenticated(authenticated, activity, (context) => bot.run(context));
      if (result) res.send(result.status, result.body);
      else res.send(200);
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
