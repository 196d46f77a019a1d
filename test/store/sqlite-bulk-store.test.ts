import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteBulkStore } from '../../src/store/sqlite-bulk-store';
import { SqliteRequestStore } from '../../src/store/sqlite-request-store';
import { bulkStoreContract, item } from './bulk-store-contract';

bulkStoreContract('SQLite (in memory)', async () => SqliteBulkStore.open(':memory:'));

describe('SQLite bulk store on disk', () => {
  it('shares the request database file and survives a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'license-desk-bulk-'));
    try {
      const file = join(dir, 'license-desk.db');
      const requests = SqliteRequestStore.open(file);
      const first = SqliteBulkStore.open(file);
      await first.saveItems([item('REQ-DISK01', 0), item('REQ-DISK01', 1, { state: 'writing' })]);
      await first.close();
      await requests.close();
      const second = SqliteBulkStore.open(file);
      assert.deepEqual((await second.items('REQ-DISK01')).map((i) => i.state), ['ready', 'writing']);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
