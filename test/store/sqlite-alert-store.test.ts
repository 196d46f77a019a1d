import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteAlertStore } from '../../src/store/sqlite-alert-store';
import { SqliteRequestStore } from '../../src/store/sqlite-request-store';
import { alertStoreContract, sampleIncident } from './alert-store-contract';

alertStoreContract('SQLite (in memory)', async () => SqliteAlertStore.open(':memory:'));

describe('SQLite alert store on disk', () => {
  it('shares the request store file and survives a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'license-desk-alerts-'));
    try {
      const file = join(dir, 'license-desk.db');
      const requests = SqliteRequestStore.open(file);
      const first = SqliteAlertStore.open(file);
      const created = await first.createIncident(sampleIncident());
      await first.savePreferences({ aadObjectId: 'x', off: ['digest'], updatedAt: 'now' });
      await first.close();
      const second = SqliteAlertStore.open(file);
      assert.equal((await second.openIncidents())[0]?.id, created.id);
      assert.deepEqual((await second.preferences('x'))?.off, ['digest']);
      await second.close();
      await requests.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
