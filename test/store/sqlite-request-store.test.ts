import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteRequestStore } from '../../src/store/sqlite-request-store';
import { requestStoreContract, sampleRequest } from './request-store-contract';

requestStoreContract('SQLite (in memory)', async () => SqliteRequestStore.open(':memory:'));

describe('SQLite request store on disk', () => {
  it('survives a restart (close and reopen)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'license-desk-'));
    try {
      const file = join(dir, 'db', 'license-desk.db');
      const first = SqliteRequestStore.open(file);
      const created = await first.create(sampleRequest());
      await first.update({ ...created, status: 'executing' });
      await first.close();
      const second = SqliteRequestStore.open(file);
      assert.equal((await second.get(created.id))?.status, 'executing');
      assert.equal((await second.get(created.id))?.version, 2);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
