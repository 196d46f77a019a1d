/** The report's row spool on disk: rows back in order, in blocks, a codec, the file gone after dispose. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileSpools, memorySpools, spoolFiles, type RowCodec } from '../../src/store/row-spool';

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

describe('store: row spool', () => {
  let dir: string;
  beforeEach(() => (dir = join(mkdtempSync(join(tmpdir(), 'spool-test-')), 'spool')));
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('writes rows to a file in DATA_DIR and reads them back in order (many 64 KB blocks)', async () => {
    const spool = fileSpools(dir).create<{ n: number; text: string }>();
    const rows = Array.from({ length: 20_000 }, (_, n) => ({ n, text: `row ${n} "quoted", ünïcödé\nnewline`.repeat(3) }));
    for (const r of rows) spool.append(r);
    spool.seal();
    assert.equal(spool.count, rows.length);
    const [file] = readdirSync(dir);
    assert.ok(readFileSync(join(dir, file)).length > 2 * 2 ** 20, 'on disk, not in memory');
    assert.deepEqual(await collect(spool.rows()), rows);
    assert.deepEqual(await collect(spool.rows()), rows, 'read again');
    assert.throws(() => spool.append({ n: -1, text: '' }), /sealed/);
    spool.dispose();
    assert.deepEqual(spoolFiles(dir), []);
    assert.deepEqual(await collect(spool.rows()), []);
  });

  it('uses the codec given for the lines', async () => {
    const codec: RowCodec<{ a: number; b: string }> = { encode: (r) => `${r.a}\t${r.b}`, decode: (l) => ({ a: Number(l.split('\t')[0]), b: l.split('\t')[1] }) };
    const spool = fileSpools(dir).create(codec);
    spool.append({ a: 1, b: 'x' });
    spool.append({ a: 2, b: 'y' });
    spool.seal();
    assert.equal(readFileSync(join(dir, readdirSync(dir)[0]), 'utf8'), '1\tx\n2\ty\n');
    assert.deepEqual(await collect(spool.rows()), [{ a: 1, b: 'x' }, { a: 2, b: 'y' }]);
    spool.dispose();
  });

  it('in memory (DATA_DIR=:memory:) keeps the rows as they are', async () => {
    const spool = memorySpools().create<{ n: number }>();
    spool.append({ n: 1 });
    spool.seal();
    assert.deepEqual(await collect(spool.rows()), [{ n: 1 }]);
    spool.dispose();
    assert.deepEqual(await collect(spool.rows()), []);
  });
});
