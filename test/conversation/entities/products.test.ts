import assert from 'node:assert/strict';
import { testEngine, TENANT } from '../helpers';

const understand = (text: string, locale = 'en-US', context = TENANT) => testEngine().understand(text, locale, context);
const skus = async (text: string, locale = 'en-US', context = TENANT) => (await understand(text, locale, context)).entities.products.map((p) => p.skuPartNumber);

describe('conversation/entities/products', () => {
  it('resolves a short name to the SKU the tenant has', async () => {
    assert.deepEqual(await skus('request E3 for me'), ['SPE_E3']);
    // F3: Microsoft 365 F3 (SPE_F1) is preferred, but this tenant has Office 365 F3.
    assert.deepEqual(await skus('request F3 for Lee'), ['DESKLESSPACK']);
    assert.deepEqual(await skus('request F3 for Lee', 'en-US', {}), ['SPE_F1']);
    assert.deepEqual(await skus('E3 for Lee', 'en-US', { products: [{ skuPartNumber: 'ENTERPRISEPACK', displayName: 'Office 365 E3' }] }), ['ENTERPRISEPACK']);
  });

  it('matches display names, part numbers and written variants', async () => {
    assert.deepEqual(await skus('give Alex Microsoft 365 Business Standard'), ['O365_BUSINESS_PREMIUM']);
    assert.deepEqual(await skus('request SPE_E5 for alex'), ['SPE_E5']);
    assert.deepEqual(await skus('upgrade me to E-3'), ['SPE_E3']);
    assert.deepEqual(await skus('upgrade me to e 5'), ['SPE_E5']);
    assert.deepEqual(await skus('I need Visio Plan 2'), ['VISIOCLIENT']);
    assert.deepEqual(await skus('give Megan PBI Pro'), ['POWER_BI_PRO']);
    assert.deepEqual(await skus('busines premium vs E5'), ['SPB', 'SPE_E5']);
  });

  it('does not confuse E3 with E5 or take plan numbers from other words', async () => {
    assert.deepEqual(await skus('how many E5 seats are left'), ['SPE_E5']);
    assert.deepEqual(await skus('the printer on floor 3 is jammed'), []);
  });

  it('reads the license to replace in each language', async () => {
    const cases: Array<[string, string, string, string]> = [
      ['upgrade Alex to E3 replacing Business Basic', 'en-US', 'SPE_E3', 'O365_BUSINESS_ESSENTIALS'],
      ['E5 for Megan instead of E3', 'en-US', 'SPE_E5', 'SPE_E3'],
      ['move Lee from Business Basic to Business Standard', 'en-US', 'O365_BUSINESS_PREMIUM', 'O365_BUSINESS_ESSENTIALS'],
      ['Megan soll E5 statt E3 bekommen', 'de-DE', 'SPE_E5', 'SPE_E3'],
      ['Alex von Business Basic auf E3 umstellen', 'de-DE', 'SPE_E3', 'O365_BUSINESS_ESSENTIALS'],
      ['donner E5 à Megan au lieu de E3', 'fr-FR', 'SPE_E5', 'SPE_E3'],
      ['dar E5 a Megan en lugar de E3', 'es-ES', 'SPE_E5', 'SPE_E3'],
    ];
    for (const [text, locale, product, replaced] of cases) {
      const u = await understand(text, locale);
      assert.deepEqual(u.entities.products.map((p) => p.skuPartNumber), [product], text);
      assert.equal(u.entities.replacing?.skuPartNumber, replaced, text);
    }
  });
});
