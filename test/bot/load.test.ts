import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { cardText } from '../helpers/fake-connector';
import { CONTOSO_TENANT, USERS, startHarness, type Harness } from '../helpers/bot-harness';

const LONG = process.env.LONG_TESTS === '1';
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CONVERSATIONS = 64;

/** A full GC on demand, so "memory flat" is judged on live heap, not on how lazily V8 collects. */
function collectGarbage(): void {
  setFlagsFromString('--expose_gc');
  (runInNewContext('gc') as () => void)();
}

function heapMb(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed / 1e6;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

(LONG ? describe : describe.skip)(`load: ${CONVERSATIONS} concurrent conversations for ${SECONDS} s (LONG_TESTS=1)`, function () {
  this.timeout((SECONDS + 90) * 1000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
    h.connector.recordCalls = false;
  });
  after(async () => h?.close());

  it('no errors, memory flat', async () => {
    const people = Object.values(USERS);
    const latencies: number[] = [];
    let errors = 0;
    let sent = 0;
    const texts = (i: number, n: number) => {
      const k = n % 10;
      if (k < 7) return 'what license do I have?';
      if (k < 9) return `license ${people[(i + n) % people.length].upn}`;
      return 'request SPE_E3 for me because load test';
    };
    // One conversation: a user sending a message as soon as the last reply arrived, until `until`.
    const drive = async (i: number, until: number) => {
      const user = people[i % people.length];
      const conversationId = `a:load-${i}`;
      for (let n = 0; Date.now() < until; n++) {
        h.connector.lastPosted.delete(conversationId);
        const t0 = performance.now();
        const { status } = await h.post(
          h.message(user, texts(i, n), { id: `${i}-${n}`, conversation: { id: conversationId, conversationType: 'personal', tenantId: CONTOSO_TENANT } }),
        );
        latencies.push(performance.now() - t0);
        sent++;
        const reply = h.connector.lastPosted.get(conversationId);
        if (status !== 200 || !reply || /Sorry, that did not work/.test(cardText(reply))) errors++;
      }
    };
    const started = Date.now();
    // Warm-up (a fifth of the run), then the measured part.
    await Promise.all(Array.from({ length: CONVERSATIONS }, (_, i) => drive(i, started + SECONDS * 200)));
    const heapAfterWarmUp = heapMb();
    const warmSent = sent;
    latencies.length = 0;
    const measuredFrom = Date.now();
    await Promise.all(Array.from({ length: CONVERSATIONS }, (_, i) => drive(i, started + SECONDS * 1000)));
    const measuredSeconds = (Date.now() - measuredFrom) / 1000;
    await h.app.requests.settled();
    const heapAtEnd = heapMb();
    latencies.sort((a, b) => a - b);
    const measured = sent - warmSent;
    console.log(
      `      load: ${measured} messages in ${measuredSeconds.toFixed(0)} s after warm-up = ${(measured / measuredSeconds).toFixed(0)} msg/s ` +
        `(bot, demo tenant and driver in one process); p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms; ` +
        `errors ${errors} of ${sent}; live heap after GC ${heapAfterWarmUp.toFixed(1)} MB after warm-up → ${heapAtEnd.toFixed(1)} MB at the end; RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
    );
    assert.equal(errors, 0);
    assert.ok(measured > CONVERSATIONS * 10, `only ${measured} messages`);
    assert.ok(heapAtEnd - heapAfterWarmUp < 10, `live heap grew from ${heapAfterWarmUp.toFixed(1)} to ${heapAtEnd.toFixed(1)} MB`);
  });
});
