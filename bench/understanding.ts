/**
 * Understanding benchmark: intent and entity accuracy per language on the held-out evaluation set, time per
 * message (p50/p99) and the classifier's training (start-up) time.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createUnderstanding } from '../src/conversation';
import { entityErrors, evalContext, evalSets, hasEntityExpectations } from './understanding-eval';

export interface LanguageFigures {
  items: number;
  intentAccuracy: number;
  entityItems: number;
  entityAccuracy: number;
  /** Aggregate intent confusions, "want → got": count (no per-item listing: the evaluation set stays held out). */
  confusions: Record<string, number>;
  /** Aggregate entity errors by kind ("features", "products", …): count. */
  entityErrors: Record<string, number>;
}

export interface UnderstandingBench {
  trainingMs: number;
  perLanguage: Record<string, LanguageFigures>;
  overall: { items: number; intentAccuracy: number; entityAccuracy: number };
  /** Wall time per message; cpu*: the process's CPU time per message (µs resolution), which a busy machine does not inflate. */
  timing: { messages: number; p50Ms: number; p99Ms: number; cpuP50Ms: number; cpuP99Ms: number; loadAverage: number };
  /** Intent confusions summed over the languages, "want → got": count, most frequent first. */
  confusions: Record<string, number>;
}

const count = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);
const sortedCounts = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export async function benchUnderstanding(rounds = 20): Promise<UnderstandingBench> {
  const started = performance.now();
  const engine = createUnderstanding();
  await engine.ready;
  const trainingMs = performance.now() - started;
  const context = evalContext();
  const perLanguage: Record<string, LanguageFigures> = {};
  let items = 0, intents = 0, entityItems = 0, entities = 0;
  const times: number[] = [];
  const allConfusions: Record<string, number> = {};
  const cpuTimes: number[] = [];
  for (const set of evalSets()) {
    const figures: LanguageFigures = { items: set.items.length, intentAccuracy: 0, entityItems: 0, entityAccuracy: 0, confusions: {}, entityErrors: {} };
    let okIntent = 0, okEntities = 0;
    for (const item of set.items) {
      const u = await engine.understand(item.text, set.locale, context);
      const intentOk = u.intent === item.intent;
      if (intentOk) okIntent++;
      else {
        count(figures.confusions, `${item.intent} → ${u.intent}`);
        count(allConfusions, `${item.intent} → ${u.intent}`);
      }
      if (hasEntityExpectations(item)) {
        figures.entityItems++;
        const errors = entityErrors(item, u);
        if (!errors.length) okEntities++;
        else for (const e of errors) count(figures.entityErrors, e.split(' ')[0]);
      }
    }
    figures.confusions = sortedCounts(figures.confusions);
    figures.entityErrors = sortedCounts(figures.entityErrors);
    figures.intentAccuracy = okIntent / set.items.length;
    figures.entityAccuracy = figures.entityItems ? okEntities / figures.entityItems : 1;
    perLanguage[set.language] = figures;
    items += set.items.length; intents += okIntent; entityItems += figures.entityItems; entities += okEntities;
  }
  // Timing: every evaluation message, several rounds, after the warm-up above.
  for (let r = 0; r < rounds; r++) {
    for (const set of evalSets()) {
      for (const item of set.items) {
        const c = process.cpuUsage();
        const t = performance.now();
        await engine.understand(item.text, set.locale, context);
        times.push(performance.now() - t);
        const cpu = process.cpuUsage(c);
        cpuTimes.push((cpu.user + cpu.system) / 1000);
      }
    }
  }
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  return {
    trainingMs,
    perLanguage,
    overall: { items, intentAccuracy: intents / items, entityAccuracy: entityItems ? entities / entityItems : 1 },
    timing: { messages: times.length, p50Ms: percentile(times, 50), p99Ms: percentile(times, 99), cpuP50Ms: percentile(cpuTimes, 50), cpuP99Ms: percentile(cpuTimes, 99), loadAverage: loadavg()[0] },
    confusions: sortedCounts(allConfusions),
  };
}

if (require.main === module) {
  benchUnderstanding(Number(process.env.BENCH_ROUNDS ?? 5)).then((r) => {
    for (const [language, f] of Object.entries(r.perLanguage)) {
      console.log(`${language}: intents ${(f.intentAccuracy * 100).toFixed(1)}% of ${f.items}, entities ${(f.entityAccuracy * 100).toFixed(1)}% of ${f.entityItems}`);
      for (const [pair, n] of Object.entries(f.confusions)) console.log(`   ${n} × ${pair}`);
      for (const [kind, n] of Object.entries(f.entityErrors)) console.log(`   ${n} × entity ${kind} wrong`);
    }
    console.log(`training ${r.trainingMs.toFixed(0)} ms; p50 ${r.timing.p50Ms.toFixed(3)} ms, p99 ${r.timing.p99Ms.toFixed(3)} ms over ${r.timing.messages}`);
  });
}
