/** The whole-text fetch answers as fetch does: status, headers, body, redirects as they are, failures as TypeErrors. */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createWholeTextFetch } from '../../src/graph/whole-text-fetch';

describe('whole-text fetch', () => {
  let server: Server;
  let base: string;
  const seen: Array<{ method: string; url: string; headers: Record<string, string | string[] | undefined>; body: string }> = [];
  const sockets = new Set<string>();

  before(async () => {
    // writeHead and end apart: restify (loaded by other tests) replaces writeHead with one that does not return res.
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        sockets.add(`${req.socket.remotePort}`);
        if (req.url === '/json') return void (res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'r-1' }), res.end(JSON.stringify({ value: ['é', '😀'], n: 1 })));
        if (req.url === '/throttled') return void (res.writeHead(429, { 'Retry-After': '7' }), res.end('{"error":{"code":"TooManyRequests"}}'));
        if (req.url === '/moved') return void (res.writeHead(302, { location: '/json' }), res.end());
        if (req.url === '/empty') return void (res.writeHead(204), res.end());
        if (req.url === '/slow') return; // never answers
        res.writeHead(404);
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('gives status, headers and the body (UTF-8), sends method, headers and body, and reuses its connection', async () => {
    const fetchText = createWholeTextFetch();
    const response = await fetchText(`${base}/json`, { method: 'GET', headers: { 'client-request-id': 'c-1', SdkVersion: 'graph-js/3' } });
    assert.equal(response.status, 200);
    assert.equal(response.ok, true);
    assert.equal(response.headers.get('request-id'), 'r-1');
    assert.equal(response.url, `${base}/json`);
    assert.deepEqual(await response.json(), { value: ['é', '😀'], n: 1 });
    assert.equal(seen.at(-1)!.headers['client-request-id'], 'c-1');
    assert.equal(seen.at(-1)!.headers.sdkversion, 'graph-js/3');
    await (await fetchText(`${base}/json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' })).text();
    assert.equal(seen.at(-1)!.method, 'POST');
    assert.equal(seen.at(-1)!.body, '{"a":1}');
    sockets.clear();
    for (let i = 0; i < 5; i++) await (await fetchText(`${base}/json`)).text();
    assert.equal(sockets.size, 1, 'one kept-alive connection for requests one after another');
  });

  it('returns errors, redirects and empty answers as they are (the middleware decides)', async () => {
    const fetchText = createWholeTextFetch();
    const throttled = await fetchText(`${base}/throttled`);
    assert.equal(throttled.status, 429);
    assert.equal(throttled.ok, false);
    assert.equal(throttled.headers.get('retry-after'), '7');
    assert.match(await throttled.text(), /TooManyRequests/);
    const moved = await fetchText(`${base}/moved`, { redirect: 'manual' });
    assert.equal(moved.status, 302);
    assert.equal(moved.headers.get('location'), '/json');
    const empty = await fetchText(`${base}/empty`);
    assert.equal(empty.status, 204);
    assert.equal(await empty.text(), '');
  });

  it('no answer at all is a TypeError("fetch failed"), as with fetch; an abort rejects with its reason', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createNetServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const fetchText = createWholeTextFetch();
    await assert.rejects(fetchText(`http://127.0.0.1:${port}/x`), (e: unknown) => e instanceof TypeError && e.message === 'fetch failed');
    const controller = new AbortController();
    const pending = fetchText(`${base}/slow`, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop')), 20);
    await assert.rejects(pending, /stop/);
    await assert.rejects(fetchText('ftp://example.test/x'), TypeError);
  });
});
