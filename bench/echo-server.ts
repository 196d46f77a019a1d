/**
 * The chat floors' common part: a bare botbuilder CloudAdapter + restify server with the same auth settings (off)
 * and HTTP stack as License Desk, answering each message with `reply(context)`.
 */
import * as restify from 'restify';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory, type TurnContext } from 'botbuilder';

export function serveEcho(name: string, reply: (context: TurnContext) => Promise<string>): void {
  const settings = { MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant' };
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(settings, new ConfigurationServiceClientCredentialFactory(settings)));
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(await reply(context));
    await next();
  });
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  server.get('/healthz', async (_req, res) => {
    res.send(200);
  });
  server.listen(Number(process.env.PORT ?? 3979), '127.0.0.1', () => console.log(`${name} on ${process.env.PORT}`));
}
