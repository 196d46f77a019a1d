/** Regenerates src/licensing/data/catalog.json from Microsoft's licensing CSV: `npm run catalog -- <csv>`. */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { buildCatalog, CatalogCsvError } from '../src/licensing/catalog-builder';

const input = process.argv[2] ?? resolve(__dirname, '../../shared/data/licensing-service-plan-reference.csv');
const output = resolve(__dirname, '../src/licensing/data/catalog.json');
try {
  const catalog = buildCatalog(readFileSync(input, 'utf8'), basename(input));
  // One entry per line: small diffs when Microsoft updates the file.
  const lines = [
    '{',
    `"source": ${JSON.stringify(catalog.source)},`,
    '"plans": [',
    catalog.plans.map((p) => JSON.stringify(p)).join(',\n'),
    '],',
    '"skus": [',
    catalog.skus.map((s) => JSON.stringify(s)).join(',\n'),
    ']',
    '}',
  ];
  writeFileSync(output, lines.join('\n') + '\n');
  console.log(`catalog: ${catalog.skus.length} SKUs, ${catalog.plans.length} service plans, ${catalog.source.rows} rows → ${output}`);
} catch (error) {
  const message = error instanceof CatalogCsvError ? error.message : (error as Error).message;
  console.error(`catalog: cannot read ${input}: ${message}`);
  process.exit(2);
}
