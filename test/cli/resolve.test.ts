import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { resolve as resolvePath } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main';

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: '', err: '' };
  out.on('data', (d) => (chunks.out += d));
  err.on('data', (d) => (chunks.err += d));
  const code = await main(args, out, err);
  return { code, ...chunks };
}

async function json(...skus: string[]) {
  const r = await run('resolve', '--skus', ...skus, '--json');
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out);
}

const effective = (result: any, workload: string) => result.workloads.find((w: any) => w.workload === workload).effective;

describe('CLI: license-desk resolve', () => {
  it('E3 + Business Basic → Plan 2, Business Basic redundant', async () => {
    const r = await json('SPE_E3,O365_BUSINESS_ESSENTIALS');
    assert.deepEqual(effective(r, 'Exchange'), { servicePlanName: 'EXCHANGE_S_ENTERPRISE', tier: 'Plan 2', skuPartNumbers: ['SPE_E3'] });
    assert.deepEqual(r.redundantSkus, ['O365_BUSINESS_ESSENTIALS']);
  });

  it('F3 + Exchange Plan 1 → Plan 1', async () => {
    assert.equal(effective(await json('DESKLESSPACK,EXCHANGESTANDARD'), 'Exchange').tier, 'Plan 1');
  });

  it('Exchange Essentials + Kiosk → Kiosk (display names accepted)', async () => {
    assert.equal(effective(await json('Exchange Online Essentials,Exchange Online Kiosk'), 'Exchange').tier, 'Kiosk');
  });

  it('E5 with Exchange disabled + Business Standard → Plan 1', async () => {
    const r = await run('resolve', '--skus', 'SPE_E5,O365_BUSINESS_PREMIUM', '--disabled', 'SPE_E5:EXCHANGE_S_ENTERPRISE', '--json');
    assert.equal(effective(JSON.parse(r.out), 'Exchange').skuPartNumbers[0], 'O365_BUSINESS_PREMIUM');
  });

  it('F1 alone → no mailbox rights', async () => {
    const r = await json('M365_F1');
    assert.equal(effective(r, 'Exchange'), null);
    assert.equal(r.workloads[0].capabilities.mailbox, false);
    assert.equal(r.hasMailboxRights, false);
  });

  it('Teams Exploratory + E3 → Teams from E3, Exploratory redundant', async () => {
    const r = await json('TEAMS_EXPLORATORY,SPE_E3');
    assert.deepEqual(effective(r, 'Teams').skuPartNumbers, ['SPE_E3']);
    assert.deepEqual(r.redundantSkus, ['TEAMS_EXPLORATORY']);
  });

  it('LITEPACK + Exchange → conflict', async () => {
    const r = await json('LITEPACK,EXCHANGESTANDARD');
    assert.equal(r.conflicts[0].kind, 'non-stackable-exchange');
  });

  it('unknown product → exit 2 with close matches', async () => {
    const r = await run('resolve', '--skus', 'SPE_E4');
    assert.equal(r.code, 2);
    assert.match(r.err, /Unknown product "SPE_E4"/);
    assert.match(r.err, /SPE_E3/);
  });

  it('bad flags and a plan not in the SKU → exit 2 with a clear message', async () => {
    assert.match((await run('resolve')).err, /--skus is required/);
    assert.equal((await run('resolve', '--bogus')).code, 2);
    const r = await run('resolve', '--skus', 'SPE_E3', '--disabled', 'SPE_E3:NOPE');
    assert.equal(r.code, 2);
    assert.match(r.err, /SPE_E3 has no service plan "NOPE"/);
  });

  it('readable table without --json', async () => {
    const r = await run('resolve', '--skus', 'SPE_E3,O365_BUSINESS_ESSENTIALS');
    assert.match(r.out, /Exchange\s+Plan 2\s+SPE_E3\s+100 GB mailbox/);
    assert.match(r.out, /REDUNDANT \(covered by SPE_E3; still billed\)/);
  });

  it('the installed bin runs (npx license-desk)', () => {
    const bin = resolvePath(__dirname, '../../bin/license-desk.js');
    const out = execFileSync(process.execPath, [bin, 'resolve', '--skus', 'SPE_E3', '--json'], { encoding: 'utf8' });
    assert.equal(JSON.parse(out).workloads[0].effective.tier, 'Plan 2');
    assert.equal(spawnSync(process.execPath, [bin, 'resolve', '--skus', 'NOPE_X']).status, 2);
  });
});
