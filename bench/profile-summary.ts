/**
 * Summarises a V8 .cpuprofile (node --cpu-prof; bench/chat.ts BENCH_PROFILE_DIR): self time by function and by
 * module (node_modules package, or the project file), and inclusive ("total") time of project functions.
 *
 *   npx tsx bench/profile-summary.ts <file.cpuprofile> [top=30] [fromSeconds] [toSeconds]
 *
 * fromSeconds/toSeconds (since the profile started; negative: before its end) keep one window, e.g. the measured
 * run without start-up: `-10` is the last 10 s.
 */
import { readFileSync } from 'node:fs';

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

function moduleOf(url: string): string {
  if (!url) return '(native)';
  const u = url.replace(/^file:\/\//, '');
  const nm = u.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = u.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (u.startsWith('node:')) return u;
  const src = u.indexOf('/src/');
  if (src >= 0) return u.slice(src + 1);
  const bench = u.indexOf('/bench/');
  return bench >= 0 ? u.slice(bench + 1) : u;
}

export function summarise(profile: Profile, top = 30, fromSeconds = 0, toSeconds = Infinity): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  const span = profile.timeDeltas.reduce((a, b) => a + b, 0) / 1e6;
  if (fromSeconds < 0) fromSeconds += span;
  if (toSeconds < 0) toSeconds += span;
  let at = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (at < fromSeconds * 1e6 || at > toSeconds * 1e6) continue;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const fnSelf = new Map<string, number>();
  const modSelf = new Map<string, number>();
  const modTotal = new Map<string, number>();
  const fnTotal = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'}  ${moduleOf(f.url)}:${f.lineNumber + 1}`;
    fnSelf.set(key, (fnSelf.get(key) ?? 0) + us);
    modSelf.set(moduleOf(f.url), (modSelf.get(moduleOf(f.url)) ?? 0) + us);
    // inclusive per module: each module on the stack once per sample
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)!.callFrame;
      const m = moduleOf(frame.url);
      if (!seen.has(m)) {
        seen.add(m);
        modTotal.set(m, (modTotal.get(m) ?? 0) + us);
      }
      // inclusive per function of the project (src/, bench/) and of named package functions
      const fk = `${frame.functionName || '(anonymous)'}  ${m}`;
      if (frame.functionName && !seen.has(fk)) {
        seen.add(fk);
        fnTotal.set(fk, (fnTotal.get(fk) ?? 0) + us);
      }
    }
  }
  const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms`;
  const list = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${pct(v)}  ${k}`).join('\n');
  return [
    `samples: ${profile.samples.length}, sampled time ${(total / 1000).toFixed(0)} ms`,
    `\n== self time by module ==\n${list(modSelf, top)}`,
    `\n== inclusive time by module (on the stack) ==\n${list(modTotal, top)}`,
    `\n== self time by function ==\n${list(fnSelf, top)}`,
    `\n== inclusive time by function ==\n${list(fnTotal, top * 2)}`,
  ].join('\n');
}

if (require.main === module) {
  const [file, top, from, to] = process.argv.slice(2);
  console.log(summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(top ?? 30), Number(from ?? 0), to ? Number(to) : Infinity));
}
