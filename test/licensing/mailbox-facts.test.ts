import assert from 'node:assert/strict';
import type { FeatureTenant } from '../../src/licensing/feature-check';
import { mailboxFacts } from '../../src/licensing/mailbox-facts';
import { priceList } from '../../src/licensing/prices';
import { resolve } from '../../src/licensing/resolver';
import { contosoTenant } from '../helpers/contoso-licensing';
import { catalog, tenantSkus, userWith } from '../helpers/licensing';

const GB = 1024 ** 3;
const SKUS = tenantSkus('SPE_E3', 'O365_BUSINESS_ESSENTIALS', 'EXCHANGEDESKLESS', 'EXCHANGEARCHIVE_ADDON', 'EXCHANGEENTERPRISE', 'SPB', 'M365_F1');
const TENANT: FeatureTenant = { skus: SKUS, catalog, prices: priceList() };
const facts = (user: ReturnType<typeof userWith>, usage?: Parameters<typeof mailboxFacts>[2]) => mailboxFacts(resolve(user, SKUS, catalog), TENANT, usage);

describe('mailboxFacts: "my mailbox is almost full"', () => {
  it('Business Basic, 48 of 50 GB: 96 % used; the archive add-on is the cheapest help, then Plan 2 products', () => {
    const f = facts(userWith('O365_BUSINESS_ESSENTIALS'), { storageUsedBytes: 48 * GB, archive: false });
    assert.equal(f.hasMailbox, true);
    assert.equal(f.tier, 'Plan 1');
    assert.equal(f.quotaGB, 50);
    assert.equal(f.usedGB, 48);
    assert.equal(f.percentUsed, 96);
    assert.equal(f.archive, '50 GB');
    assert.equal(f.litigationHold, false);
    assert.equal(f.archiveEnabled, false);
    assert.deepEqual(f.helps.map((h) => h.skuPartNumber), ['EXCHANGEARCHIVE_ADDON', 'EXCHANGEENTERPRISE', 'SPB', 'SPE_E3']);
    assert.equal(f.helps[0].kind, 'add-on');
  });

  it('Kiosk: 2 GB, no archive, no Outlook desktop; anything with a bigger mailbox or an archive helps', () => {
    const f = facts(userWith('EXCHANGEDESKLESS'), { storageUsedBytes: 1.9 * GB });
    assert.equal(f.quotaGB, 2);
    assert.equal(f.percentUsed, 95);
    assert.equal(f.archive, 'none');
    assert.equal(f.outlookDesktop, false);
    assert.ok(f.helps.some((h) => h.skuPartNumber === 'EXCHANGEARCHIVE_ADDON'));
    assert.ok(f.helps.some((h) => h.skuPartNumber === 'O365_BUSINESS_ESSENTIALS'));
  });

  it('E3 (Plan 2): 100 GB, auto-expanding archive and hold; nothing to buy', () => {
    const f = facts(userWith('SPE_E3'));
    assert.equal(f.quotaGB, 100);
    assert.equal(f.archive, 'auto-expanding (1.5 TB)');
    assert.equal(f.litigationHold, true);
    assert.equal(f.usedGB, undefined);
    assert.deepEqual(f.helps, []);
  });

  it('F1: no mailbox at all', () => {
    const f = facts(userWith('M365_F1'));
    assert.equal(f.hasMailbox, false);
    assert.equal(f.quotaGB, 0);
    assert.ok(f.helps.length > 0);
  });

  it('a quota from the usage report wins over the plan\'s', () => {
    assert.equal(facts(userWith('SPE_E3'), { storageUsedBytes: 50 * GB, quotaBytes: 50 * GB }).percentUsed, 100);
  });

  it('Contoso: Adele (E3) uses 21 GB of 100', () => {
    const contoso = contosoTenant();
    const f = mailboxFacts(resolve(contoso.user('AdeleV@contoso.example'), contoso.skus, catalog), { skus: contoso.skus, catalog, prices: priceList() }, { storageUsedBytes: 21_000_000_000, archive: true });
    assert.equal(f.tier, 'Plan 2');
    assert.equal(f.percentUsed, 19.6);
  });
});
