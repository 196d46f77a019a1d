/**
 * `report` in chat (ReportHandlers on botbuilder's TestAdapter) and the CSV download route (restify on port 0).
 * The report itself comes from the demo tenant's Contoso through the real service.
 */
import assert from 'node:assert/strict';
import * as restify from 'restify';
import { TestAdapter, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import { ReportHandlers, type ReportHandlersDeps } from '../../src/bot/report-handlers';
import { GraphRequestError } from '../../src/graph/errors';
import { parseCsv } from '../../src/licensing/csv';
import { createLogger } from '../../src/logging';
import type { TenantReportResult } from '../../src/services/tenant-report';
import { assertValidCard } from '../helpers/card-validation';
import { USERS } from '../helpers/bot-harness';
import { reportRig, type ReportRig } from './helpers';

const DIEGO = USERS.diego; // in "License Approvers"
const PATTI = USERS.patti; // another approver, for these tests
const MEGAN = USERS.megan; // not an approver
const APPROVERS = new Set<string>([DIEGO.id, PATTI.id]);
const PUBLIC_URL = 'https://desk.contoso.example/';
const LINK_RE = /^https:\/\/desk\.contoso\.example\/reports\/([A-Za-z0-9_-]{43})\.csv$/;

/** TestAdapter cannot continue a conversation; this one replays the reference as a new turn. */
class ProactiveTestAdapter extends TestAdapter {
  override async continueConversationAsync(_botAppId: unknown, reference: Partial<ConversationReference>, logic: unknown): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: 'event', name: 'continue' }, reference, true);
    await (logic as (context: TurnContext) => Promise<void>)(new TurnContext(this, activity as Activity));
  }
}

function message(user: { id: string; name: string }, conversationType = 'personal', text = 'report'): Partial<Activity> {
  return {
    type: 'message',
    text,
    from: { id: `29:${user.id}`, name: user.name, aadObjectId: user.id },
    conversation: { id: `a:${conversationType}-${user.id}`, conversationType, isGroup: conversationType !== 'personal', name: '' },
    recipient: { id: '28:license-desk', name: 'License Desk' },
    channelId: 'msteams',
  };
}

const cards = (activities: Array<Partial<Activity>>) => activities.filter((a) => a.attachments?.length).map((a) => a.attachments![0].content as Record<string, any>);
const texts = (card: Record<string, any>): string[] => JSON.stringify(card.body).match(/"text":"((?:[^"\\]|\\.)*)"/g)!.map((t) => JSON.parse(t.slice(7)));

describe('report in chat and the CSV link', () => {
  let rig: ReportRig;
  let clock: number;
  let runs: number;

  before(async () => {
    rig = await reportRig();
  });
  after(() => rig.close());
  beforeEach(() => {
    clock = Date.parse('2026-11-23T12:00:00Z');
    runs = 0;
  });

  function handlers(overrides: Partial<ReportHandlersDeps> = {}): ReportHandlers {
    const service = rig.service({ now: () => new Date(clock) });
    return new ReportHandlers({
      report: {
        run: (options) => {
          runs++;
          return service.run(options);
        },
      },
      approvers: { isApprover: async (id) => APPROVERS.has(id) },
      publicUrl: PUBLIC_URL,
      now: () => new Date(clock),
      logger: createLogger('silent'),
      ...overrides,
    });
  }

  async function say(h: ReportHandlers, activity: Partial<Activity>, adapter = new TestAdapter()): Promise<Array<Partial<Activity>>> {
    await adapter.processActivity(activity, (context) => h.onCommand(context));
    return adapter.activeQueue.splice(0);
  }

  async function click(h: ReportHandlers, user: { id: string; name: string }, verb: string, data: unknown) {
    const adapter = new TestAdapter();
    let response: Awaited<ReturnType<ReportHandlers['onAction']>> | undefined;
    await adapter.processActivity({ ...message(user), type: 'invoke', name: 'adaptiveCard/action', text: undefined }, async (context) => {
      response = await h.onAction(context, verb, data);
    });
    return response!;
  }

  async function withServer<T>(h: ReportHandlers, work: (base: string) => Promise<T>): Promise<T> {
    const server = restify.createServer({ handleUncaughtExceptions: false });
    h.registerRoutes(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      return await work(`http://127.0.0.1:${server.address().port}`);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  const localUrl = (base: string, link: string) => `${base}/reports/${LINK_RE.exec(link)![1]}.csv`;

  it('an approver gets the summary card with a one-time CSV link and a "new link" action', async () => {
    const h = handlers();
    const sent = await say(h, message(DIEGO));
    assert.equal(sent[0].type, 'typing');
    const [card] = cards(sent);
    assertValidCard(card, 'report card');
    const lines = texts(card);
    assert.equal(lines[0], 'License report');
    assert.match(lines[1], /^14 users, 12 licensed · 23 Nov 2026, 12:00 UTC$/);
    assert.equal(lines[2], '$6.00 a month billed for 2 redundant licenses');
    assert.ok(lines.includes('**Redundant licenses still billed**: 2 · $6.00/month'));
    assert.ok(lines.includes('Megan Bowen: Microsoft 365 Business Basic ($6.00); Nestor Wilke: Microsoft Teams Exploratory ($0.00)'));
    assert.ok(lines.includes('**Licensed but unused accounts**: 1 · $12.50/month'));
    assert.ok(lines.includes('Microsoft 365 E5: 0 of 2 free'));
    assert.match(lines.at(-1)!, /The link works once, until 12:15 UTC\./);
    const [open, again] = card.actions;
    assert.equal(open.type, 'Action.OpenUrl');
    assert.match(open.url, LINK_RE);
    assert.equal(again.type, 'Action.Execute');
    assert.equal(again.verb, 'report.link');
    assert.match(again.data.reportId, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(card.fallbackText, 'License report: $6.00 a month billed for 2 redundant licenses');
  });

  it('refuses a non-approver politely, without scanning the tenant', async () => {
    const h = handlers();
    const [card] = cards(await say(h, message(MEGAN)));
    assertValidCard(card);
    assert.equal(texts(card)[0], 'The report is for license approvers');
    assert.equal(runs, 0);
  });

  it('answers only in personal chat, and needs an Entra user', async () => {
    const h = handlers();
    const [channel] = cards(await say(h, message(DIEGO, 'channel')));
    assert.equal(texts(channel)[0], 'Ask me in our personal chat');
    const anonymous = message(DIEGO);
    anonymous.from = { id: '29:someone', name: 'Someone' };
    const [who] = cards(await say(h, anonymous));
    assert.equal(texts(who)[0], 'I cannot tell who you are');
    assert.equal(runs, 0);
  });

  it('shares one scan between concurrent requests', async () => {
    const h = handlers();
    const [a, b] = await Promise.all([say(h, message(DIEGO)), say(h, message(PATTI))]);
    assert.equal(runs, 1);
    assert.equal(cards(a).length, 1);
    assert.equal(cards(b).length, 1);
    // Each approver has their own report id and link.
    assert.notEqual(cards(a)[0].actions[1].data.reportId, cards(b)[0].actions[1].data.reportId);
  });

  it('a slow scan: "building" now, the card proactively when ready', async () => {
    let finish!: (result: TenantReportResult) => void;
    const real = await rig.service({ now: () => new Date(clock) }).run();
    const h = handlers({ report: { run: () => new Promise((resolve) => (finish = resolve)) }, inlineWaitMs: 20 });
    const adapter = new ProactiveTestAdapter();
    const sent = await say(h, message(DIEGO), adapter);
    assert.equal(texts(cards(sent)[0])[0], 'Building the report');
    finish(real);
    await h.settled();
    const later = cards(adapter.activeQueue.splice(0));
    assert.equal(texts(later[0])[0], 'License report');
    assert.match(later[0].actions[0].url, LINK_RE);
  });

  it('a Graph failure becomes the error card with a plain reason', async () => {
    const h = handlers({ report: { run: async () => Promise.reject(new GraphRequestError({ status: 403, code: 'Authorization_RequestDenied', graphMessage: 'Insufficient privileges to complete the operation.' })) } });
    const [card] = cards(await say(h, message(DIEGO)));
    assertValidCard(card);
    assert.match(JSON.stringify(card), /lacks the Microsoft Graph permission/);
  });

  it('GET /reports/<token>.csv serves the CSV once, as an uncached attachment; then 404', async () => {
    const h = handlers();
    const [card] = cards(await say(h, message(DIEGO)));
    await withServer(h, async (base) => {
      const url = localUrl(base, card.actions[0].url);
      const first = await fetch(url);
      assert.equal(first.status, 200);
      assert.equal(first.headers.get('content-type'), 'text/csv; charset=utf-8');
      assert.equal(first.headers.get('content-disposition'), 'attachment; filename="license-report-2026-11-23.csv"');
      assert.equal(first.headers.get('cache-control'), 'no-store');
      const body = Buffer.from(await first.arrayBuffer()).toString('utf8');
      assert.equal(body.charCodeAt(0), 0xfeff, 'a BOM for Excel');
      const rows = parseCsv(body);
      assert.equal(rows[0][0], 'finding');
      assert.deepEqual(rows.slice(1).map((r) => r[0]).filter((f) => f !== 'seats'), ['redundant', 'redundant', 'inactive', 'overlapping', 'no-usage-location']);
      const second = await fetch(url);
      assert.equal(second.status, 404);
      assert.equal(second.headers.get('cache-control'), 'no-store');
      assert.match(await second.text(), /expired or was already used/);
    });
  });

  it('a link expires after 15 minutes; "New download link" mints a fresh one for the same report', async () => {
    const h = handlers();
    const [card] = cards(await say(h, message(DIEGO)));
    const reportId = card.actions[1].data.reportId;
    await withServer(h, async (base) => {
      clock += 15 * 60_000 + 1;
      assert.equal((await fetch(localUrl(base, card.actions[0].url))).status, 404);
      const response = await click(h, DIEGO, 'report.link', { reportId });
      assert.equal(response.statusCode, 200);
      const fresh = response.value as Record<string, any>;
      assertValidCard(fresh);
      assert.notEqual(fresh.actions[0].url, card.actions[0].url);
      assert.equal((await fetch(localUrl(base, fresh.actions[0].url))).status, 200);
    });
  });

  it('404 for unknown, malformed and path-like tokens', async () => {
    const h = handlers();
    await withServer(h, async (base) => {
      for (const path of ['/reports/nope.csv', `/reports/${'A'.repeat(43)}.csv`, '/reports/..%2F..%2Fetc%2Fpasswd.csv', '/reports/a.b.csv']) {
        const response = await fetch(`${base}${path}`);
        assert.equal(response.status, 404, path);
        await response.arrayBuffer();
      }
    });
  });

  it('"New download link" only for the approver who asked, and only while the report is kept', async () => {
    const h = handlers();
    const [card] = cards(await say(h, message(DIEGO)));
    const reportId = card.actions[1].data.reportId;
    assert.equal((await click(h, PATTI, 'report.link', { reportId })).statusCode, 403);
    assert.equal((await click(h, MEGAN, 'report.link', { reportId })).statusCode, 403);
    assert.equal((await click(h, DIEGO, 'report.link', { reportId: 'x' })).statusCode, 400);
    assert.equal((await click(h, DIEGO, 'report.open', { reportId })).statusCode, 400);
    clock += 24 * 3600_000 + 1;
    const expired = await click(h, DIEGO, 'report.link', { reportId });
    assert.equal(expired.statusCode, 200);
    assert.equal(texts(expired.value as Record<string, any>)[0], 'That report has expired');
  });
});
