import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteAlertStore } from '../../src/store/sqlite-alert-store';
import { SqliteReportHistoryStore } from '../../src/store/sqlite-report-history-store';
import { SqliteRequestStore } from '../../src/store/sqlite-request-store';
import { reportHistoryStoreContract, sampleSnapshot } from './report-history-store-contract';

reportHistoryStoreContract('SQLite (in memory)', async () => SqliteReportHistoryStore.open(':memory:'));

describe('SQLite report history on disk', () => {
  it('shares the request and alert store file and survives a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'license-desk-history-'));
    try {
      const file = join(dir, 'license-desk.db');
      const requests = SqliteRequestStore.open(file);
      const alerts = SqliteAlertStore.open(file);
      const first = SqliteReportHistoryStore.open(file);
      await first.saveSnapshot(sampleSnapshot('2026-W48'));
      assert.equal(await first.claimScheduledRun('2026-12', 'a', new Date()), true);
      await first.close();
      const second = SqliteReportHistoryStore.open(file);
      assert.equal((await second.snapshots(8))[0]?.week, '2026-W48');
      assert.equal(await second.claimScheduledRun('2026-12', 'b', new Date()), false, 'the claim survived the restart');
      await second.close();
      await alerts.close();
      await requests.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
