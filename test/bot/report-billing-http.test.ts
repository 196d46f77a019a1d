/**
 * Issue 17 over HTTP: the report card with Teams' native charts (each with a heading and a fallback TextBlock with
 * the same numbers, ≤ 8 items), under 28 KB in all four languages; the per-user billing CSV behind its one-time link;
 * the weekly snapshot as the trend; the scheduled monthly report to approvers and the approval channel, once, with an
 * injected clock.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../../src/licensing/csv';
import { BILLING_CSV_COLUMNS } from '../../src/report/billing-csv';
import { assertValidCard, chartsOf, chartProblems } from '../helpers/card-validation';
import { cardText } from '../helpers/fake-connector';
import { CONTOSO_TENANT, startHarness, USERS, type Harness } from '../helpers/bot-harness';
import { contosoWithBillingAttributes } from '../report/helpers';

const MAX_CARD_BYTES = 28 * 1024;
const DIEGO = `a:personal-${USERS.diego.id}`;
const PATTI = `a:personal-${USERS.patti.id}`;
const CHANNEL = '19:approvals@thread.tacv2';

const links = (card: any): string[] => (card.actions ?? []).filter((a: any) => a.type === 'Action.OpenUrl').map((a: any) => a.url);
const reportCard = (replies: any[]) => replies.find((r) => r.attachments?.[0]?.content?.body)?.attachments[0].content;

describe('report over HTTP: charts, the bill, history and the schedule', function () {
  this.timeout(60_000);
  let h: Harness;
  let clock: number;

  // A data folder on disk, as deployed: the billing rows go through the file spool and its codec, not memory.
  let dataDir: string;

  before(async () => {
    clock = Date.parse('2026-11-23T12:00:00Z');
    dataDir = mkdtempSync(join(tmpdir(), 'license-desk-report-http-'));
    h = await startHarness({ env: { WATCH_INTERVAL_SECONDS: '0', APPROVAL_CHANNEL_ID: CHANNEL, DATA_DIR: dataDir }, now: () => new Date(clock), fixture: contosoWithBillingAttributes() });
  });
  after(async () => {
    await h?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the card carries the four charts, each with a heading before it and a fallback with the same numbers; valid; under 28 KB', async () => {
    const card = reportCard(await h.say(USERS.diego, 'report'));
    assert.ok(card, 'a report card');
    assertValidCard(card, 'report card');
    const size = Buffer.byteLength(JSON.stringify(card), 'utf8');
    assert.ok(size < MAX_CARD_BYTES, `report card is ${size} bytes`);
    const charts = chartsOf(card);
    assert.deepEqual(charts.map((c) => c.type), ['Chart.HorizontalBar.Stacked', 'Chart.HorizontalBar'].concat(charts.length === 4 ? ['Chart.Line', 'Chart.HorizontalBar'] : ['Chart.HorizontalBar']));
    for (const c of charts) assert.deepEqual(chartProblems(c), [], c.type);
    const [seats, waste] = charts;
    // Seats per product: E3 first (most expensive bought), in use 5, inactive 0, free 20 — and the fallback says so.
    assert.equal(seats.data[0].title, 'Microsoft 365 E3');
    assert.deepEqual(seats.data[0].data.map((d: any) => [d.legend, d.value]), [['In use', 5], ['Inactive', 0], ['Free', 20]]);
    assert.match(seats.fallback.text, /Microsoft 365 E3: 5 of 25 assigned, 0 inactive, 20 free/);
    assert.ok(seats.data.length <= 8);
    // Waste by reason (PartToWhole): free seats $1,025, inactive $12.50 → 13, redundant $6, overlapping $12.50 → 13.
    assert.equal(waste.displayMode, 'PartToWhole');
    assert.deepEqual(waste.data.map((d: any) => [d.x, d.y]), [['Free seats', 1025], ['Inactive', 13], ['Redundant', 6], ['Overlapping', 13]]);
    assert.equal(waste.fallback.text, 'Free seats $1,025.00 · Inactive $12.50 · Redundant $6.00 · Overlapping $12.50');
    const text = cardText({ attachments: [{ content: card }] });
    assert.match(text, /Waste per month: \$1,056\.00/);
    assert.match(text, /Overlapping suites\*\*: 1 · \$12\.50\/month/);
    assert.match(text, /Isaiah Langer: Microsoft 365 Business Standard beside Microsoft 365 E5/);
    assert.match(text, /Bought[\s\S]*\$1,370\.25/);
    assert.match(text, /Renewals[\s\S]*No renewal in the next 30 days/);
    // Cost per department: Sales first; every department of Contoso (8) fits.
    const cost = charts.at(-1)!;
    assert.deepEqual(cost.data[0], { x: 'Sales', y: 112 });
    assert.match(cost.fallback.text, /^Sales \$111\.50 · IT \$57\.00/);
  });

  it('the billing CSV: UTF-8 with BOM, RFC 4180, one row per licensed user, a total; one use; the findings CSV still works', async () => {
    const card = reportCard(await h.say(USERS.diego, 'report'));
    const [findingsUrl, billingUrl] = links(card);
    assert.match(billingUrl, /\/reports\/[A-Za-z0-9_-]{43}\.csv$/);
    const res = await fetch(`${h.app.url}${new URL(billingUrl).pathname}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/csv; charset=utf-8/);
    assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="license-billing-2026-11-23\.csv"/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    const rows = parseCsv(new TextDecoder().decode(bytes));
    assert.deepEqual(rows[0], [...BILLING_CSV_COLUMNS]);
    assert.equal(rows.length, 1 + 12 + 1);
    const col = (c: (typeof BILLING_CSV_COLUMNS)[number]) => BILLING_CSV_COLUMNS.indexOf(c);
    const nestor = rows.find((r) => r[col('user')] === 'Nestor Wilke')!;
    assert.match(nestor[col('licenses')], /Microsoft 365 E3 \(group: Operations E3 licensing\)/);
    const isaiah = rows.find((r) => r[col('user')] === 'Isaiah Langer')!;
    assert.deepEqual([isaiah[col('cost_center')], isaiah[col('monthly_cost')], isaiah[col('waste_reason')], isaiah[col('waste_monthly_cost')]], ['CC-1100', '69.5', 'overlapping', '12.5']);
    const total = rows.at(-1)!;
    assert.deepEqual([total[col('row')], total[col('user')], total[col('monthly_cost')]], ['total', '12 licensed users', '345.25']);
    assert.equal((await fetch(`${h.app.url}${new URL(billingUrl).pathname}`)).status, 404, 'one use');
    const findings = await fetch(`${h.app.url}${new URL(findingsUrl).pathname}`);
    assert.equal(findings.status, 200);
    assert.match(await findings.text(), /^\uFEFF?finding,/);
  });

  for (const locale of ['de-DE', 'fr-FR', 'es-ES']) {
    it(`${locale}: the same charts, translated, valid and under 28 KB`, async () => {
      const card = reportCard(await h.say(USERS.diego, 'report', { locale }));
      assertValidCard(card, `${locale} report card`);
      const size = Buffer.byteLength(JSON.stringify(card), 'utf8');
      assert.ok(size < MAX_CARD_BYTES, `${locale} report card is ${size} bytes`);
      const charts = chartsOf(card);
      assert.ok(charts.length >= 3);
      const words = { 'de-DE': /Lizenzen pro Produkt/, 'fr-FR': /Licences par produit/, 'es-ES': /Licencias por producto/ }[locale]!;
      assert.match(cardText({ attachments: [{ content: card }] }), words);
      assert.doesNotMatch(charts[0].fallback.text, /\bassigned\b| of \d/);
    });
  }

  it('the trend: each report records its week; a second week draws the line chart W47 → W48', async () => {
    await h.app.reportHistoryStore.saveSnapshot({ ...(await h.app.reportHistoryStore.snapshot('2026-W48'))!, week: '2026-W47', takenAt: '2026-11-16T12:00:00.000Z', wasteMonthly: 1200 });
    const card = reportCard(await h.say(USERS.diego, 'report'));
    const line = chartsOf(card).find((c) => c.type === 'Chart.Line');
    assert.ok(line, 'a line chart once two weeks are stored');
    assert.deepEqual(line.data[0].values, [{ x: 'W47', y: 1200 }, { x: 'W48', y: 1056 }]);
    assert.equal(line.fallback.text, 'W47 $1,200.00 → W48 $1,056.00');
    assert.ok(Buffer.byteLength(JSON.stringify(card)) < MAX_CARD_BYTES);
  });

  it('the schedule: on the 1st at 07:00 UTC the card and its links go to every approver who installed the bot and to the channel, once', async () => {
    // Patti installed the bot but is no approver.
    await h.say(USERS.patti, 'help');
    // The bot in the approvals channel (a message there stores the channel's conversation reference).
    await h.post(h.message(USERS.diego, 'help', { conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true, tenantId: CONTOSO_TENANT } }));
    h.connector.clear();

    clock = Date.parse('2026-12-01T06:59:00Z');
    const early = await h.app.reportScheduler.tick();
    assert.deepEqual([early.ran, early.sent, early.period], [true, 0, undefined]);
    assert.equal(early.snapshot, true, 'a new ISO week (W49) without a snapshot: one is taken');

    clock = Date.parse('2026-12-01T07:05:00Z');
    const due = await h.app.reportScheduler.tick();
    assert.deepEqual([due.period, due.sent], ['2026-12', 2]);
    const posts = h.connector.calls.filter((c) => c.method === 'POST' && c.body?.attachments?.[0]?.content?.body);
    const to = (id: string) => posts.filter((p) => p.conversationId === id).map((p) => p.body.attachments[0].content);
    const [diego] = to(DIEGO);
    const [channel] = to(CHANNEL);
    assert.ok(diego && channel, `posted to ${posts.map((p) => p.conversationId).join(', ')}`);
    assert.equal(to(PATTI).length, 0, 'not to someone who is no approver');
    assertValidCard(diego, 'scheduled report card');
    assertValidCard(channel, 'scheduled report card (channel)');
    assert.match(cardText({ attachments: [{ content: diego }] }), /Monthly license report[\s\S]*The license report for 2026-12, sent on the schedule/);
    assert.doesNotMatch(cardText({ attachments: [{ content: diego }] }), /Download links are for license approvers/, 'that line is for the channel copy');
    assert.match(cardText({ attachments: [{ content: channel }] }), /Monthly license report[\s\S]*Download links are for license approvers/);
    assert.equal(links(diego).length, 2, 'the findings and the billing CSV');
    const billing = await fetch(`${h.app.url}${new URL(links(diego)[1]).pathname}`);
    assert.equal(billing.status, 200);
    assert.match(await billing.text(), /12 licensed users/);
    // Not again: later the same day, on another check, or after a restart of the scheduler's process state.
    clock = Date.parse('2026-12-01T09:00:00Z');
    assert.equal((await h.app.reportScheduler.tick()).sent, 0);
    clock = Date.parse('2026-12-02T08:00:00Z');
    assert.equal((await h.app.reportScheduler.tick()).sent, 0);
    assert.equal(await h.app.reportHistoryStore.claimScheduledRun('2026-12', 'another-instance', new Date(clock)), false, 'claimed for the deployment');
  });

  it('only the holder of the scheduled-work lease runs it (another instance holds it: nothing is scanned or sent)', async () => {
    clock = Date.parse('2027-01-01T07:10:00Z');
    // Our lease from the last tick has lapsed: another instance takes the scheduled work over.
    assert.equal(await h.app.alertStore.acquireLease('tenant-watch', 'other-instance', 3_600_000, new Date(clock)), true);
    const tick = await h.app.reportScheduler.tick();
    assert.deepEqual([tick.ran, tick.reason, tick.sent], [false, 'not-lease-holder', 0]);
    assert.equal(await h.app.reportHistoryStore.scheduledRun('2027-01'), undefined);
  });
});
