import { randomBytes } from 'node:crypto';
import { TableAlertStore } from '../../src/store/table-alert-store';
import { startAzurite, type RunningAzurite } from '../helpers/azurite';
import { alertStoreContract } from './alert-store-contract';

describe('Azure Table Storage alert store', () => {
  let azurite: RunningAzurite;
  before(async function () {
    this.timeout(60_000);
    azurite = await startAzurite();
  });
  after(async () => azurite?.stop());

  alertStoreContract('Azure Table Storage (Azurite)', () => TableAlertStore.open({ kind: 'table', connectionString: azurite.connectionString, tablePrefix: `a${randomBytes(6).toString('hex')}` }));
});
