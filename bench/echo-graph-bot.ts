/**
 * The second chat floor: the bare echo bot (bench/echo-bot.ts) plus the one Graph read an answer must make —
 * `GET /users/{id}?$select=…` from the same demo tenant, with a plain fetch — replying with the user's license
 * count. License Desk's own work is what it spends beyond this.
 */
import * as restify from 'restify';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory } from 'botbuilder';

const GRAPH = process.env.GRAPH_BASE_URL ?? 'http://127.0.0.1:5980/v1.0';
const SELECT = 'id,displayName,userPrincipalName,usageLocation,assignedLicenses,licenseAssignmentStates,assignedPlans';
const settings = { MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant' };
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(settings, new ConfigurationServiceClientCredentialFactory(settings)));
const bot = new ActivityHandler();
bot.onMessage(async (context, next) => {
  const id = encodeURIComponent(context.activity.from.aadObjectId ?? '');
  const res = await fetch(`${GRAPH}/users/${id}?$select=${SELECT}`);
  const user = (await res.json()) as { displayName?: string; assignedLicenses?: unknown[] };
  await context.sendActivity(`${user.displayName}: ${user.assignedLicenses?.length ?? 0} licenses`);
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
server.listen(Number(process.env.PORT ?? 3979), '127.0.0.1', () => console.log(`echo + Graph bot on ${process.env.PORT}`));
