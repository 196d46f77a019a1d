import assert from 'node:assert/strict';
import { findProduct } from '../../src/licensing/product-lookup';

const PRODUCTS = [
  { skuId: 'a', skuPartNumber: 'SPE_E3', displayName: 'Microsoft 365 E3' },
  { skuId: 'b', skuPartNumber: 'ENTERPRISEPACK', displayName: 'Office 365 E3' },
  { skuId: 'c', skuPartNumber: 'O365_BUSINESS_ESSENTIALS', displayName: 'Microsoft 365 Business Basic' },
  { skuId: 'd', skuPartNumber: 'SPE_E5', displayName: 'Microsoft 365 E5' },
];

describe('product lookup', () => {
  it('finds by part number (any case) and by display name', () => {
    assert.equal(findProduct('spe_e3', PRODUCTS).kind, 'found');
    const byName = findProduct('microsoft 365 business basic', PRODUCTS);
    assert.equal(byName.kind === 'found' && byName.product.skuPartNumber, 'O365_BUSINESS_ESSENTIALS');
    const partial = findProduct('business basic', PRODUCTS);
    assert.equal(partial.kind === 'found' && partial.product.skuId, 'c');
  });

  it('an ambiguous name lists the candidates', () => {
    const r = findProduct('E3', PRODUCTS);
    assert.equal(r.kind, 'ambiguous');
    assert.deepEqual(r.kind === 'ambiguous' && r.candidates.map((c) => c.skuPartNumber), ['SPE_E3', 'ENTERPRISEPACK']);
  });

  it('an unknown name gets close suggestions', () => {
    const r = findProduct('SPE_E4', PRODUCTS);
    assert.equal(r.kind, 'unknown');
    assert.ok(r.kind === 'unknown' && ['SPE_E3', 'SPE_E5'].includes(r.suggestions[0].skuPartNumber));
  });
});
