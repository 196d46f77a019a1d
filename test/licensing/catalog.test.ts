import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { buildCatalog, CatalogCsvError } from '../../src/licensing/catalog-builder';
import { Catalog } from '../../src/licensing/catalog';
import { parseCsv } from '../../src/licensing/csv';

const HEADER = 'Product_Display_Name,String_Id,GUID,Service_Plan_Name,Service_Plan_Id,Service_Plans_Included_Friendly_Names';

describe('licensing CSV parser', () => {
  it('handles BOM, CRLF, quoted commas and doubled quotes', () => {
    const rows = parseCsv('\ufeffa,b\r\n"x, y","say ""hi"""\r\n');
    assert.deepEqual(rows, [['a', 'b'], ['x, y', 'say "hi"']]);
  });
});

describe('catalog builder: quirks of Microsoft file', () => {
  const csv = [
    '\ufeff' + HEADER,
    'Office 365 E3,ENTERPRISEPACK ,6FD2C87F-B296-42F0-B197-1E91E994B900,EXCHANGE_S_ENTERPRISE,EFB87545-963C-4E0D-99DF-69C6916D9EB0,EXCHANGE ONLINE (PLAN 2)',
    'Office 365 E3,ENTERPRISEPACK,6fd2c87f-b296-42f0-b197-1e91e994b900,EXCHANGE_S_FOUNDATION PBI_PREMIUM_EM1_ADDON,113feb6c-3fe4-4440-bddc-54d774bf0318,Exchange Foundation',
    'Power BI Premium,PBI,11111111-1111-1111-1111-111111111111,EXCHANGE_S_FOUNDATION,113feb6c-3fe4-4440-bddc-54d774bf0318,EXCHANGE_S_FOUNDATION',
    '"Exchange Online (Plan 2)",EXCHANGEENTERPRISE,19ec0d23-8335-4cbd-94ac-6050e30712fa,EXCHANGE_S_ENTERPRISE,efb87545-963c-4e0d-99df-69c6916d9eb0,Exchange Online (Plan 2)',
  ].join('\r\n') + '\r\n';

  it('trims fields, lower-cases GUIDs and picks clean names', () => {
    const catalog = new Catalog(buildCatalog(csv));
    const e3 = catalog.sku('6FD2C87F-B296-42F0-B197-1E91E994B900')!;
    assert.equal(e3.skuPartNumber, 'ENTERPRISEPACK');
    assert.equal(e3.displayName, 'Office 365 E3');
    assert.deepEqual(e3.servicePlanIds.sort(), ['113feb6c-3fe4-4440-bddc-54d774bf0318', 'efb87545-963c-4e0d-99df-69c6916d9eb0']);
    assert.equal(catalog.plan('113FEB6C-3FE4-4440-BDDC-54D774BF0318')!.servicePlanName, 'EXCHANGE_S_FOUNDATION');
    assert.equal(catalog.plan('113feb6c-3fe4-4440-bddc-54d774bf0318')!.friendlyName, 'Exchange Foundation');
    assert.equal(catalog.plan('efb87545-963c-4e0d-99df-69c6916d9eb0')!.friendlyName, 'Exchange Online (Plan 2)');
    assert.equal(catalog.skusByPartNumber('enterprisepack').length, 1);
  });

  it('refuses a file with a missing column or a bad GUID, naming the place', () => {
    assert.throws(() => buildCatalog('a,b\r\n1,2'), (e: Error) => e instanceof CatalogCsvError && /Column "Product_Display_Name" is missing/.test(e.message));
    assert.throws(() => buildCatalog(`${HEADER}\r\nX,Y,not-a-guid,P,113feb6c-3fe4-4440-bddc-54d774bf0318,F`), /Row 2: GUID "not-a-guid"/);
  });

  it('the committed catalog matches Microsoft CSV (569 SKUs, 723 plans)', function () {
    const csvPath = resolvePath(__dirname, '../../../shared/data/licensing-service-plan-reference.csv');
    const committed = JSON.parse(readFileSync(resolvePath(__dirname, '../../src/licensing/data/catalog.json'), 'utf8'));
    assert.equal(committed.skus.length, 569);
    assert.equal(committed.plans.length, 723);
    if (!existsSync(csvPath)) this.skip();
    const rebuilt = buildCatalog(readFileSync(csvPath, 'utf8'));
    assert.deepEqual(rebuilt.skus, committed.skus);
    assert.deepEqual(rebuilt.plans, committed.plans);
    const bundled = Catalog.bundled();
    assert.equal(bundled.skusByPartNumber('MCOPSTN5').length, 2, 'one part number, two SKU ids');
    assert.equal(bundled.skusByPartNumber('AAD_PREMIUM_USGOV_GCCHIGH').length, 1, 'trailing space trimmed');
    assert.equal(bundled.sku('44575883-256e-4a79-9da4-ebe9acabe2b2')!.displayName, 'Microsoft 365 F1');
  });
});
