/** Retries, throttling, server errors, auth and network failures: gateway ↔ demo tenant over HTTP. */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { createGraphGateway } from '../../src/graph/gateway';
import { GraphRequestError } from '../../src/graph/errors';
import { startDemoTenant } from '../../src/demo/server';
import { demoRequests, demoWrites, setFaults, SKU, startDemoWithGateway, USER, type DemoAndGateway } from '../helpers/demo-tenant';

async function caught(promise: Promise<unknown>): Promise<GraphRequestError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof GraphRequestError, `expected a GraphRequestError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a failure');
}

describe('Graph gateway ↔ demo tenant: retries and failures', () => {
  let t: DemoAndGateway;
  beforeEach(async () => {
    t = await startDemoWithGateway(undefined, { maxRetries: 3 });
  });
  afterEach(async () => t.close());

  it('retries 429 honouring Retry-After, and counts it', async () => {
    await setFaults(t.demo, { failNext: 2, failNextStatus: 429, retryAfterSeconds: 0 });
    const org = await t.graph.getOrganization();
    assert.equal(org.displayName, 'Contoso (demo)');
    assert.deepEqual(t.graph.stats(), { requests: 3, retries: 2, throttled: 2 });
    assert.deepEqual((await demoRequests(t.demo)).recent.map((r) => r.status), [429, 429, 200]);
  });

  it('waits the Retry-After the server asks for', async () => {
    await setFaults(t.demo, { failNext: 1, failNextStatus: 429, retryAfterSeconds: 1 });
    const started = Date.now();
    await t.graph.getUser(USER.adele);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 950, `waited ${elapsed} ms`);
    assert.equal(t.graph.stats().retries, 1);
  });

  it('retries 503 and 504 (SDK RetryHandler) and 500 and 502 (ours) on reads', async () => {
    for (const status of [503, 504, 500, 502]) {
      await setFaults(t.demo, { failNext: 1, failNextStatus: status, retryAfterSeconds: 0 });
      assert.equal((await t.graph.getUser(USER.lee)).displayName, 'Lee Gu', `after a ${status}`);
    }
    assert.deepEqual(t.graph.stats(), { requests: 8, retries: 4, throttled: 0 });
  });

  it('retries a read-only POST (checkMemberGroups) after a 502', async () => {
    await setFaults(t.demo, { failNext: 1, failNextStatus: 502 });
    assert.equal(await t.graph.isMemberOf(USER.diego, '66a40e45-f6d7-58a4-a6df-3b854051249b'), true);
    assert.equal(t.graph.stats().retries, 1);
  });

  it('retries assignLicense after 429 and 503 (not applied) but never after 500 or 504 (maybe applied)', async () => {
    await setFaults(t.demo, { failNext: 2, failNextStatus: 503, retryAfterSeconds: 0, failMatch: 'assignLicense' });
    const result = await t.graph.assignLicense(USER.lynne, [{ skuId: SKU.BUSINESS_BASIC }], []);
    assert.deepEqual(result.user.assignedLicenses.map((l) => l.skuId), [SKU.BUSINESS_BASIC]);
    assert.deepEqual((await demoWrites(t.demo)).map((w) => w.status), [503, 503, 200]);

    for (const status of [500, 504]) {
      await setFaults(t.demo, { failNext: 1, failNextStatus: status, retryAfterSeconds: 0, failMatch: 'assignLicense' });
      const error = await caught(t.graph.assignLicense(USER.lynne, [{ skuId: SKU.TEAMS_EXPLORATORY }], []));
      assert.equal(error.kind, 'server');
      assert.equal(error.status, status);
      assert.equal(error.transient, true);
    }
    assert.deepEqual((await demoWrites(t.demo)).map((w) => w.status), [503, 503, 200, 500, 504], 'each failed write sent once');
    const lynne = await t.graph.getUser(USER.lynne);
    assert.deepEqual(lynne.assignedLicenses.map((l) => l.skuId), [SKU.BUSINESS_BASIC]);
  });

  it('gives up after maxRetries with a typed throttled error carrying Retry-After', async () => {
    const few = await startDemoWithGateway(undefined, { maxRetries: 2 });
    try {
      await setFaults(few.demo, { failNext: 10, failNextStatus: 429, retryAfterSeconds: 0 });
      const error = await caught(few.graph.getSubscribedSkus());
      assert.equal(error.kind, 'throttled');
      assert.equal(error.status, 429);
      assert.equal(error.code, 'TooManyRequests');
      assert.equal(error.retryAfterSeconds, 0);
      assert.deepEqual(few.graph.stats(), { requests: 3, retries: 2, throttled: 3 });
    } finally {
      await few.close();
    }
  });

  it('with maxRetries 0 nothing is retried', async () => {
    const none = await startDemoWithGateway(undefined, { maxRetries: 0 });
    try {
      await setFaults(none.demo, { failNext: 1, failNextStatus: 500 });
      assert.equal((await caught(none.graph.getOrganization())).kind, 'server');
      assert.deepEqual(none.graph.stats(), { requests: 1, retries: 0, throttled: 0 });
    } finally {
      await none.close();
    }
  });

  it('retries throttled requests inside a $batch (the outer 200 hides them from the RetryHandler)', async () => {
    await setFaults(t.demo, { failNext: 2, failNextStatus: 429, retryAfterSeconds: 0, failMatch: '/users/' });
    const users = await t.graph.batchGetUsers([USER.adele, USER.alex, USER.megan]);
    assert.deepEqual([...users.values()].map((u) => u?.displayName), ['Adele Vance', 'Alex Wilber', 'Megan Bowen']);
    assert.deepEqual(t.graph.stats(), { requests: 2, retries: 2, throttled: 2 });
  });

  it('survives random throttling while scanning every user page by page', async () => {
    await setFaults(t.demo, { rate429: 0.3, rate5xx: 0.1, retryAfterSeconds: 0, seed: 7 });
    const resilient = createGraphGateway({ baseUrl: t.demo.baseUrl, retryDelaySeconds: 0, maxRetries: 10 });
    const ids: string[] = [];
    for await (const user of resilient.scanUsers({ pageSize: 3 })) ids.push(user.id);
    assert.equal(new Set(ids).size, 14);
    const stats = resilient.stats();
    assert.ok(stats.retries > 0 && stats.throttled > 0, JSON.stringify(stats));
    assert.equal(stats.requests, 5 + stats.retries);
  });

  it('maps 401 and 403 to unauthorized and forbidden', async () => {
    await setFaults(t.demo, { failNext: 1, failNextStatus: 401 });
    const unauthorized = await caught(t.graph.getUser(USER.adele));
    assert.equal(unauthorized.kind, 'unauthorized');
    assert.equal(unauthorized.code, 'InvalidAuthenticationToken');
    await setFaults(t.demo, { failNext: 1, failNextStatus: 403 });
    const forbidden = await caught(t.graph.assignLicense(USER.lynne, [{ skuId: SKU.BUSINESS_BASIC }], []));
    assert.equal(forbidden.kind, 'forbidden');
    assert.equal(forbidden.code, 'Authorization_RequestDenied');
    assert.equal(forbidden.graphMessage, 'Insufficient privileges to complete the operation.');
    assert.match(forbidden.plainReason, /lacks the Microsoft Graph permission/);
    assert.equal(t.graph.stats().retries, 0, 'auth failures are not retried');
  });

  it('no response at all is a network error (after retrying reads)', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const graph = createGraphGateway({ baseUrl: `http://127.0.0.1:${port}/v1.0`, retryDelaySeconds: 0, maxRetries: 1 });
    const error = await caught(graph.getOrganization());
    assert.equal(error.kind, 'network');
    assert.equal(error.status, undefined);
    assert.equal(error.transient, true);
    assert.deepEqual(graph.stats(), { requests: 2, retries: 1, throttled: 0 });
  });
});

describe('Graph gateway authentication (SDK AuthenticationHandler + TokenCredential)', () => {
  it('sends the credential’s token to a custom https host listed in customHosts', async () => {
    const demo = await startDemoTenant(undefined, { requireToken: 'token-123' });
    const seen: Array<{ url: string; authorization: string | null }> = [];
    const scopesAsked: string[][] = [];
    // The SDK only authenticates https URLs: route https://graph.demo.test to the loopback demo tenant.
    const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      const headers = new Headers(init?.headers);
      seen.push({ url, authorization: headers.get('authorization') });
      return fetch(url.replace('https://graph.demo.test', demo.url), init);
    }) as typeof fetch;
    try {
      const graph = createGraphGateway({
        baseUrl: 'https://graph.demo.test/v1.0',
        credential: {
          async getToken(scopes) {
            scopesAsked.push([scopes].flat());
            return { token: 'token-123', expiresOnTimestamp: Date.now() + 3_600_000 };
          },
        },
        fetchImpl,
      });
      assert.equal((await graph.getOrganization()).displayName, 'Contoso (demo)');
      assert.equal(seen[0].url, 'https://graph.demo.test/v1.0/organization?$select=id,displayName,countryLetterCode,verifiedDomains');
      assert.equal(seen[0].authorization, 'Bearer token-123');
      assert.deepEqual(scopesAsked[0], ['https://graph.microsoft.com/.default']);

      const anonymous = createGraphGateway({ baseUrl: 'https://graph.demo.test/v1.0', fetchImpl });
      const error = await caught(anonymous.getOrganization());
      assert.equal(error.kind, 'unauthorized');
      assert.equal(seen.at(-1)!.authorization, null, 'no credentials → no token');

      const failing = createGraphGateway({
        baseUrl: 'https://graph.demo.test/v1.0',
        credential: {
          async getToken() {
            const e = new Error('AADSTS7000215: Invalid client secret provided.');
            e.name = 'AuthenticationError';
            throw e;
          },
        },
        fetchImpl,
      });
      const tokenError = await caught(failing.getOrganization());
      assert.equal(tokenError.kind, 'unauthorized');
      assert.match(tokenError.graphMessage, /Invalid client secret/);
    } finally {
      await demo.close();
    }
  });
});

describe('Graph gateway: pages behind @odata.nextLink', () => {
  it('go through the same middleware (token, telemetry, retries) and are sent exactly as Graph gave them', async () => {
    const demo = await startDemoTenant(undefined, { requireToken: 'token-456' });
    const seen: Array<{ url: string; headers: Headers }> = [];
    // https://graph.demo.test → the loopback demo tenant, which (told it is behind a TLS proxy) answers with https nextLinks.
    const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      const headers = new Headers(init?.headers);
      seen.push({ url, headers });
      headers.set('x-forwarded-proto', 'https');
      headers.set('x-forwarded-host', 'graph.demo.test');
      return fetch(url.replace('https://graph.demo.test', demo.url), { ...init, headers });
    }) as typeof fetch;
    try {
      const graph = createGraphGateway({
        baseUrl: 'https://graph.demo.test/v1.0',
        credential: { getToken: async () => ({ token: 'token-456', expiresOnTimestamp: Date.now() + 3_600_000 }) },
        fetchImpl,
        retryDelaySeconds: 0,
      });
      // A 429 on the second page's request: retried by the chain, not surfaced.
      const ids: string[] = [];
      let requestsBefore = 0;
      for await (const page of graph.scanUserPages({ pageSize: 4 })) {
        for (const u of page) ids.push(u.id);
        if (requestsBefore === 0) {
          requestsBefore = seen.length;
          await setFaults(demo, { failNext: 1, failNextStatus: 429, retryAfterSeconds: 0 });
        }
      }
      assert.equal(new Set(ids).size, 14, 'everyone, once');
      const pages = seen.filter((s) => s.url.includes('/users?'));
      assert.equal(pages.length, 4 + 1, '4 pages of 4 and one retry');
      for (const s of pages) {
        assert.equal(s.headers.get('authorization'), 'Bearer token-456', s.url);
        assert.ok(s.headers.get('client-request-id'), 'telemetry: a client-request-id per request');
        assert.match(s.headers.get('sdkversion') ?? '', /graph-js/);
      }
      // The nextLinks went out unchanged: each later request is a link the previous page carried.
      for (const s of pages.slice(1)) assert.match(s.url, /^https:\/\/graph\.demo\.test\/v1\.0\/users\?.*\$skiptoken=/);
      assert.deepEqual(graph.stats(), { requests: 5, retries: 1, throttled: 1 });
    } finally {
      await demo.close();
    }
  });

  it('a failing next page names the collection and the page', async () => {
    const t = await startDemoWithGateway(undefined, { maxRetries: 0 });
    try {
      const pages = t.graph.scanUserPages({ pageSize: 5 })[Symbol.asyncIterator]();
      assert.equal((await pages.next()).value.length, 5);
      await setFaults(t.demo, { failNext: 1, failNextStatus: 403 });
      const error = await caught(pages.next());
      assert.equal(error.kind, 'forbidden');
      assert.equal(error.path, '/users (next page)');
    } finally {
      await t.close();
    }
  });
});
