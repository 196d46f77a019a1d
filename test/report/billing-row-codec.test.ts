/** The billing rows' spool format: rows come back exactly as written, shared licenses kept once. No I/O. */
import assert from 'node:assert/strict';
import { Catalog } from '../../src/licensing/catalog';
import { priceList } from '../../src/licensing/prices';
import type { BillingRow } from '../../src/report/billing-types';
import { billingRowCodec } from '../../src/report/billing-row-codec';
import { createReportBuilder } from '../../src/report/builder';
import { NOW } from './helpers';
import { variedPopulation, variedTenantSkus } from './varied-tenant';

function rowsOf(count: number): BillingRow[] {
  const rows: BillingRow[] = [];
  const builder = createReportBuilder({ skus: variedTenantSkus(), catalog: Catalog.bundled(), prices: priceList(), inactiveDays: 90, now: NOW, onBillingRow: (r) => rows.push(r) });
  for (const u of variedPopulation(count)) builder.add(u);
  return rows;
}

describe('report: billing row codec', () => {
  const rows = rowsOf(2000);

  it('every row decodes to what was encoded (names with quotes, commas, non-Latin text and line breaks included)', () => {
    const odd: BillingRow = { ...rows[0], user: 'Ödön "Ed" O\'Brien, 李雷\nline two', department: 'R&D, "Labs"', costCenter: null, wasteReason: 'redundant', wasteMonthly: 12.5 };
    const codec = billingRowCodec();
    const lines = [...rows, odd].map((r) => codec.encode(r));
    for (const line of lines) assert.ok(!line.includes('\n'), 'one line per row');
    assert.deepEqual(lines.map((l) => codec.decode(l)), [...rows, odd]);
  });

  it('a license combination is written once: the lines are far shorter than the rows as JSON', () => {
    const codec = billingRowCodec();
    const encoded = rows.reduce((n, r) => n + codec.encode(r).length, 0);
    const plain = rows.reduce((n, r) => n + JSON.stringify(r).length, 0);
    assert.ok(encoded < plain * 0.6, `${encoded} vs ${plain} characters`);
  });

  it('past its table size a row carries its licenses inline, and still decodes', () => {
    const codec = billingRowCodec(3);
    const lines = rows.map((r) => codec.encode(r));
    assert.ok(lines.some((l) => l.includes('"sku"')), 'some rows inline');
    assert.deepEqual(lines.map((l) => codec.decode(l)), rows);
  });

  it('two rows with the same licenses but different unpriced SKUs keep their own', () => {
    const codec = billingRowCodec();
    const a: BillingRow = { ...rows[0], unpricedSkus: [] };
    const b: BillingRow = { ...rows[0], unpricedSkus: ['VISIO_UNPRICED'] };
    const [la, lb] = [codec.encode(a), codec.encode(b)];
    assert.deepEqual([codec.decode(la).unpricedSkus, codec.decode(lb).unpricedSkus], [[], ['VISIO_UNPRICED']]);
  });
});
