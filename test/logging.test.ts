import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../src/logging';
import { loadConfig } from '../src/config';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      callback();
    },
  });
  return { lines, stream };
}

describe('logging', () => {
  it('is JSON and never prints secrets', () => {
    const { lines, stream } = capture();
    const logger = createLogger('info', stream);
    const config = loadConfig({ BOT_ID: 'bot', BOT_PASSWORD: 'hunter2-bot-secret', GRAPH_TENANT_ID: 't', GRAPH_CLIENT_ID: 'c', GRAPH_CLIENT_SECRET: 'hunter2-graph-secret' });
    logger.info({ config }, 'configuration');
    logger.info({ headers: { authorization: 'Bearer eyJhbGciOi.secret.token' } }, 'request');
    logger.info({ token: 'abc.def.ghi' }, 'token');
    const text = lines.join('\n');
    assert.doesNotMatch(text, /hunter2|eyJhbGciOi|abc\.def\.ghi/);
    for (const line of lines) {
      const entry = JSON.parse(line);
      assert.equal(entry.app, 'license-desk');
      assert.ok(entry.time && entry.msg);
    }
    assert.match(text, /\[redacted\]/);
  });
});
