import { randomBytes } from 'node:crypto';
import { TableReportHistoryStore } from '../../src/store/table-report-history-store';
import { startAzurite, type RunningAzurite } from '../helpers/azurite';
import { reportHistoryStoreContract } from './report-history-store-contract';

describe('Azure Table Storage report history', () => {
  let azurite: RunningAzurite;
  before(async function () {
    this.timeout(60_000);
    azurite = await startAzurite();
  });
  after(async () => azurite?.stop());

  reportHistoryStoreContract('Azure Table Storage (Azurite)', () => TableReportHistoryStore.open({ kind: 'table', connectionString: azurite.connectionString, tablePrefix: `h${randomBytes(6).toString('hex')}` }));
});
