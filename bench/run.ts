/** `npm run bench`: runs every benchmark, prints a table and writes bench/results/latest.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchResolver } from './resolver';

async function main(): Promise<void> {
  const only = process.argv[2];
  const results: Record<string, unknown> = {};
  const rows: Array<[string, string]> = [];
  if (!only || only === 'resolver') {
    const r = benchResolver(Number(process.env.BENCH_USERS ?? 100_000));
    results.resolver = r;
    rows.push(['resolver: users resolved / s', `${r.usersPerSecond.toLocaleString('en-US')} (${r.users.toLocaleString('en-US')} users in ${r.seconds.toFixed(2)} s, ${r.redundantFound} redundant licenses found)`]);
  }
  const machine = { node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, memoryGB: Math.round(totalmem() / 2 ** 30) };
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), JSON.stringify({ at: new Date().toISOString(), machine, results }, null, 2) + '\n');
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  console.log(`machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node} → bench/results/latest.json`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
