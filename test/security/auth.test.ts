import assert from 'node:assert/strict';
import { loadConfig, ConfigError } from '../../src/config';
import { startLicenseDesk, type RunningLicenseDesk } from '../../src/index';
import { startDemoTenant } from '../../src/demo/server';
import { createLogger } from '../../src/logging';
import { CONTOSO_TENANT, USERS } from '../helpers/bot-harness';
import { LocalOpenIdIssuer } from '../helpers/openid-issuer';

const BOT_ID = '8a1f2c3d-0000-4000-8000-00000000b075';

describe('security: Bot Framework authentication when BOT_ID is set', function () {
  this.timeout(20_000);
  let issuer: LocalOpenIdIssuer;
  let demo: Awaited<ReturnType<typeof startDemoTenant>>;
  let app: RunningLicenseDesk;
  const serviceUrl = 'https://smba.trafficmanager.net/amer/';

  before(async () => {
    issuer = new LocalOpenIdIssuer();
    await issuer.start();
    demo = await startDemoTenant();
    const config = loadConfig({ PORT: '0', GRAPH_BASE_URL: demo.baseUrl, BOT_ID, BOT_PASSWORD: 'not-a-real-secret', DATA_DIR: ':memory:', NODE_ENV: 'test' });
    app = await startLicenseDesk(config, {
      host: '127.0.0.1',
      logger: createLogger('silent'),
      // The public-cloud settings, except that the signing keys come from the local issuer.
      authOverrides: {
        ValidateAuthority: 'true',
        ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
        ToChannelFromBotOAuthScope: 'https://api.botframework.com',
        ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
        OAuthUrl: 'https://api.botframework.com',
        ToBotFromChannelOpenIdMetadataUrl: issuer.metadataUrl,
        ToBotFromEmulatorOpenIdMetadataUrl: issuer.metadataUrl,
        CallerId: 'urn:botframework:azure',
      },
    });
  });
  after(async () => {
    await app?.close();
    await demo?.close();
    await issuer?.stop();
  });

  // An invoke needs no outbound call: its answer is the HTTP response, so auth is seen end to end.
  const invoke = {
    type: 'invoke',
    name: 'adaptiveCard/action',
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:${USERS.adele.id}`, aadObjectId: USERS.adele.id, name: USERS.adele.name },
    recipient: { id: `28:${BOT_ID}` },
    conversation: { id: 'a:1', conversationType: 'personal', tenantId: CONTOSO_TENANT },
    channelData: { tenant: { id: CONTOSO_TENANT } },
    value: { action: { type: 'Action.Execute', verb: 'request.refresh', data: { requestId: 'REQ-NOPE99' } }, trigger: 'manual' },
  };

  async function post(token?: string, body: object = invoke): Promise<number> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    return (await fetch(`${app.url}/api/messages`, { method: 'POST', headers, body: JSON.stringify(body) })).status;
  }

  it('a valid channel token for this bot is accepted (the invoke is processed)', async () => {
    assert.equal(await post(await issuer.sign({ aud: BOT_ID, serviceurl: serviceUrl })), 404, 'REQ-NOPE99 does not exist: a 404 from the bot, not a 401');
  });

  it('no token → 401', async () => {
    assert.equal(await post(), 401);
    assert.equal(await post(''), 401);
  });

  it('a token for another bot id → 401', async () => {
    assert.equal(await post(await issuer.sign({ aud: 'another-bot-id', serviceurl: serviceUrl })), 401);
  });

  it('a token signed by an unknown key, expired, from another issuer or for another serviceUrl → 401', async () => {
    assert.equal(await post(await issuer.sign({ aud: BOT_ID, serviceurl: serviceUrl }, { rogue: true })), 401);
    assert.equal(await post(await issuer.sign({ aud: BOT_ID, serviceurl: serviceUrl, expiresIn: Math.floor(Date.now() / 1000) - 3600 })), 401);
    assert.equal(await post(await issuer.sign({ aud: BOT_ID, serviceurl: serviceUrl, iss: 'https://evil.example' })), 401);
    assert.equal(await post(await issuer.sign({ aud: BOT_ID, serviceurl: 'https://evil.example/' })), 401);
    assert.equal(await post('not.a.jwt'), 401);
  });
});

describe('security: configuration guard', () => {
  it('refuses to start with auth off under NODE_ENV=production', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production', GRAPH_TENANT_ID: 't', GRAPH_CLIENT_ID: 'c', GRAPH_CLIENT_SECRET: 's' }), (e: Error) => e instanceof ConfigError && /BOT_ID is empty/.test(e.message));
  });

  it('refuses the demo tenant in production and half-configured credentials', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production', BOT_ID: 'b', BOT_PASSWORD: 'p' }), /demo tenant under NODE_ENV=production/);
    assert.throws(() => loadConfig({ BOT_ID: 'b' }), /BOT_PASSWORD is empty/);
    assert.throws(() => loadConfig({ GRAPH_CLIENT_ID: 'c' }), /without GRAPH_CLIENT_SECRET/);
    assert.throws(() => loadConfig({ ALLOWED_TENANT_IDS: 'contoso' }), /not a tenant id/);
    assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT: must be a port number/);
  });

  it('the allow-list defaults to the Graph tenant', () => {
    const config = loadConfig({ GRAPH_TENANT_ID: '1244EBA3-F610-59E5-A2D1-B78898E91224', GRAPH_CLIENT_ID: 'c', GRAPH_CLIENT_SECRET: 's' });
    assert.deepEqual(config.allowedTenantIds, ['1244eba3-f610-59e5-a2d1-b78898e91224']);
    assert.equal(config.demo.enabled, false);
  });
});
