import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertValidCard } from '../helpers/card-validation';
import { cardText } from '../helpers/fake-connector';
import { contosoFixture, guidFor } from '../helpers/demo-tenant';
import { APPROVERS_GROUP, USERS, startHarness, type DemoUser, type Harness } from '../helpers/bot-harness';

const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
const BASIC = '3b555118-da6a-4418-894f-7df1e2096870';
const SALES_TEAM = '5a1e5000-0000-4000-8000-000000000001';
const LYNNE = USERS.lynne;

/** Contoso + `count` generated people in the group "Sales Team" (with Alex, Megan and Miriam), Lynne a second approver, E3 seats free = `freeE3`. */
function fixture(count: number, freeE3: number): any {
  const f = contosoFixture();
  const members: string[] = [USERS.alex.id, USERS.megan.id, USERS.miriam.id];
  for (let i = 0; i < count; i++) {
    const id = guidFor(0xb01, i);
    members.push(id);
    f.users.push({ id, displayName: `Seller ${String(i).padStart(3, '0')}`, userPrincipalName: `seller${i}@contoso.example`, mail: `seller${i}@contoso.example`, jobTitle: 'Seller', department: 'Sales', usageLocation: 'US', accountEnabled: true, assignedLicenses: i % 2 === 0 ? [{ skuId: BASIC, disabledPlans: [] }] : [] });
  }
  f.groups.push({ id: SALES_TEAM, displayName: 'Sales Team', securityEnabled: true, assignedLicenses: [], members });
  f.groups.find((g: any) => g.id === APPROVERS_GROUP).members.push(LYNNE.id);
  const basic = f.subscribedSkus.find((s: any) => s.skuId === BASIC);
  basic.prepaidUnits.enabled = count + 50;
  // E3 holders in Contoso: Adele, Megan, Patti, Pradeep directly + Nestor through Operations E3 licensing.
  f.subscribedSkus.find((s: any) => s.skuId === E3).prepaidUnits.enabled = 5 + freeE3;
  return f;
}

async function json(url: string, init?: RequestInit): Promise<any> {
  return (await fetch(url, init)).json();
}

async function writes(h: Harness): Promise<any[]> {
  return ((await json(`${h.demo.url}/_demo/writes`)) as any[]).filter((w) => /assignLicense/.test(w.path));
}

async function skusOf(h: Harness, id: string): Promise<string[]> {
  const u = await json(`${h.demo.baseUrl}/users/${id}?$select=assignedLicenses`);
  return u.assignedLicenses.map((l: any) => l.skuId).sort();
}

async function install(h: Harness, ...users: DemoUser[]): Promise<void> {
  for (const user of users) await h.say(user, 'help');
}

const idIn = (activity: any) => /REQ-[A-Z0-9]+/.exec(cardText(activity))![0];
const invokeText = (r: { body: any }) => cardText({ attachments: [{ content: r.body.value }] });

describe('bulk requests over HTTP', function () {
  this.timeout(60_000);

  it('a group: ready and skipped with reasons, seats short, approve the ones that fit, progress edits, summary and a one-time CSV', async () => {
    const h = await startHarness({ fixture: fixture(45, 30), env: { BULK_PROGRESS_SECONDS: '0' } });
    try {
      await install(h, USERS.diego, LYNNE);
      h.connector.clear();
      const [card] = await h.say(LYNNE, 'request SPE_E3 for members of Sales Team because season');
      assertValidCard(card.attachments[0].content, 'batch card');
      const id = idIn(card);
      const text = cardText(card);
      assert.match(text, /Microsoft 365 E3 for 48 people/);
      assert.match(text, /Ready \(46\)/);
      assert.match(text, /Already has it \(1\)[^\n]*: Megan Bowen/);
      assert.match(text, /No usage location set \(1\)[^\n]*: Miriam Graham/);
      assert.match(text, /46 needed · 30 free/);
      assert.match(text, /Not enough seats: 46 needed, 30 free. Approving runs the 30 that fit/);
      assert.equal((await h.app.batches.items(id)).length, 48);

      // One approval card for the batch, to Diego (Lynne asked: she cannot approve her own).
      const approval = h.connector.calls.find((c) => c.method === 'POST' && c.conversationId === `a:personal-${USERS.diego.id}` && c.body?.attachments);
      assert.ok(approval, 'approval card sent');
      const actions = approval.body.attachments[0].content.actions.map((a: any) => `${a.verb}:${a.title}`);
      assert.deepEqual(actions, ['request.approve:Approve the 30 that fit', 'request.reject:Reject']);
      const own = await h.click(LYNNE, 'request.approve', { requestId: id });
      assert.match(invokeText(own), /You cannot approve your own request/);

      const before = (await json(`${h.demo.url}/_demo/requests`)).count;
      const click = await h.click(USERS.diego, 'request.approve', { requestId: id }, { replyToId: approval.activityId, conversationId: `a:personal-${USERS.diego.id}` });
      assert.equal(click.status, 200);
      await h.app.requests.settled();

      const w = await writes(h);
      assert.equal(w.length, 30, 'one write per person that fits');
      assert.ok(w.every((x) => x.status === 200 && x.body.addLicenses[0].skuId === E3 && x.body.removeLicenses.length === 0));
      assert.equal(new Set(w.map((x) => x.path)).size, 30, 'nobody written twice');
      const recent = (await json(`${h.demo.url}/_demo/requests`)).recent.slice(-((await json(`${h.demo.url}/_demo/requests`)).count - before));
      const batchReads = recent.filter((r: any) => r.path.endsWith('/$batch')).length;
      assert.ok(batchReads <= 2 + 1, `verification in $batch: ${batchReads}`);
      assert.ok(recent.filter((r: any) => r.method === 'GET' && /\/users\//.test(r.path)).length === 0, 'no per-person reads');

      const stored = (await h.app.store.get(id))!;
      assert.equal(stored.status, 'completed');
      assert.deepEqual(stored.batch!.progress, { done: 30, failed: 0, excluded: 16 });
      const items = await h.app.batches.items(id);
      assert.equal(items.filter((i) => i.state === 'done').length, 30);
      assert.equal(items.filter((i) => i.skip?.code === 'no-seat').length, 16);
      assert.deepEqual(await skusOf(h, USERS.alex.id), [BASIC, E3].sort());

      // Progress edited in place while running, then the final counts.
      const lynneUpdates = h.connector.updates(`a:personal-${LYNNE.id}`).map((u) => cardText(u.body));
      assert.ok(lynneUpdates.some((t) => /Running: 20 of 30 done · 0 failed/.test(t)), lynneUpdates.join('\n---\n'));
      assert.match(lynneUpdates[lynneUpdates.length - 1], /Done: 30 of 30 · 0 failed · 16 beyond the seats/);

      // The requester is told, with the CSV button; the link works once.
      const told = h.connector.sent(`a:personal-${LYNNE.id}`).find((a) => /finished/.test(cardText(a)));
      assert.ok(told);
      assert.match(cardText(told), /30 of 30 done, 0 failed, 16 left out for lack of seats/);
      const csvButton = told.attachments[0].content.actions[0];
      assert.equal(csvButton.verb, 'batch.csv');
      const stranger = await h.click(USERS.alex, 'batch.csv', csvButton.data);
      assert.equal(stranger.status, 403);
      const link = await h.click(LYNNE, 'batch.csv', csvButton.data);
      const url = /\((http[^)]+\.csv)\)/.exec(invokeText(link))![1].replace(/^http:\/\/localhost:\d+/, h.app.url);
      const csv = await (await fetch(url)).text();
      const rows = csv.replace(/^\ufeff/, '').trim().split('\r\n');
      assert.equal(rows.length, 49);
      assert.match(rows[0], /^request,person,upn,user_id,department,outcome,reason/);
      assert.ok(rows.some((r) => /Megan Bowen.*,skipped,already has it/.test(r)));
      assert.equal(rows.filter((r) => /,done,/.test(r)).length, 30);
      assert.equal(rows.filter((r) => /,excluded,no seat left at approval/.test(r)).length, 16);
      assert.equal((await fetch(url)).status, 404, 'one download');
    } finally {
      await h.close();
    }
  });

  it('crash mid-batch and restart: done people are not written again, an interrupted write already in Graph is not repeated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'license-desk-bulk-'));
    const h = await startHarness({ fixture: fixture(6, 20), env: { DATA_DIR: dir } });
    try {
      await install(h, USERS.diego, LYNNE);
      const [card] = await h.say(LYNNE, `request SPE_E3 for ${[0, 1, 2, 3, 4, 5].map((i) => `seller${i}@contoso.example`).join(', ')}`);
      const id = idIn(card);
      let items = await h.app.batches.items(id);
      assert.equal(items.filter((i) => i.state === 'ready').length, 6);
      // The process died after two people were done and while two were being written (one of those reached Graph).
      const r = (await h.app.store.get(id))!;
      await h.app.store.update({ ...r, status: 'executing', decision: { outcome: 'approved', by: { aadObjectId: USERS.diego.id, name: 'Diego Siciliani' }, at: r.createdAt }, batch: { ...r.batch!, seatsFree: 20, approvedCount: 6 }, execution: { attempts: 1, graphRequestIds: [], startedAt: r.createdAt, owner: 'dead', leaseUntil: r.createdAt } });
      for (const i of [0, 1, 2]) await h.app.graph.assignLicense(items[i].person.aadObjectId, [{ skuId: E3, disabledPlans: [] }], []);
      await h.app.bulk.saveItems([
        { ...items[0], state: 'done', outcome: { kind: 'done', message: '' } },
        { ...items[1], state: 'done', outcome: { kind: 'done', message: '' } },
        { ...items[2], state: 'writing' },
        { ...items[3], state: 'writing' },
      ]);
      await h.stopBot();
      const before = (await writes(h)).length;

      const app = await h.restartBot();
      const reconciled = await app.reconciled;
      await app.requests.settled();
      assert.deepEqual(reconciled.map((x) => x.id), [id]);
      const after = await writes(h);
      assert.deepEqual(after.slice(before).map((w) => w.path).sort(), [3, 4, 5].map((i) => `/users/${items[i].person.aadObjectId}/assignLicense`).sort(), 'only the people not yet in Graph');
      items = await app.batches.items(id);
      assert.ok(items.every((i) => i.state === 'done'));
      for (const item of items) assert.ok((await skusOf(h, item.person.aadObjectId)).includes(E3));
      assert.equal((await app.store.get(id))?.status, 'completed');
      assert.ok((await app.store.audit(id)).some((a) => a.action === 'batch-settled' && /1 of 2 interrupted writes were already in Graph/.test(a.detail ?? '')));
      const again = await h.restartBot();
      assert.deepEqual(await again.reconciled, []);
      assert.equal((await writes(h)).length, after.length);
    } finally {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a temporary batch over HTTP (clock injected)', function () {
  this.timeout(60_000);

  it('everyone in it is reverted at the end, each in one atomic call; requests shows the end', async () => {
    let clock = new Date('2026-11-23T10:00:00Z');
    const h = await startHarness({ fixture: fixture(3, 20), now: () => clock });
    try {
      await install(h, USERS.diego, LYNNE);
      const [card] = await h.say(LYNNE, 'request SPE_E3 for seller0@contoso.example, seller1@contoso.example and seller2@contoso.example replacing O365_BUSINESS_ESSENTIALS for 10 minutes');
      const id = idIn(card);
      // seller1 has no Business Basic to replace: skipped with that reason.
      assert.match(cardText(card), /Does not have the license to replace \(1\)/);
      await h.click(USERS.diego, 'request.approve', { requestId: id });
      await h.app.requests.settled();
      const items = await h.app.batches.items(id);
      const done = items.filter((i) => i.state === 'done');
      assert.equal(done.length, 2);
      for (const i of done) assert.deepEqual(await skusOf(h, i.person.aadObjectId), [E3]);
      const [list] = await h.say(LYNNE, 'requests');
      assert.match(cardText(list), /until 2026-11-23 10:10 UTC: reverted then/);
      clock = new Date('2026-11-23T10:10:03Z');
      await h.app.temporary.runDue();
      for (const i of done) assert.deepEqual(await skusOf(h, i.person.aadObjectId), [BASIC]);
      const w = await writes(h);
      assert.equal(w.length, 4);
      assert.ok(w.slice(2).every((x) => x.body.addLicenses[0].skuId === BASIC && x.body.removeLicenses[0] === E3), 'one atomic call per person');
      const stored = (await h.app.store.get(id))!;
      assert.equal(stored.temporary?.state, 'reverted');
      assert.deepEqual(stored.batch?.revertProgress, { reverted: 2, held: 0, failed: 0, total: 2 });
    } finally {
      await h.close();
    }
  });
});

describe('temporary licenses over HTTP (clock injected)', function () {
  this.timeout(60_000);
  let clock: Date;
  let h: Harness;
  const at = (iso: string) => (clock = new Date(iso));
  beforeEach(async () => {
    clock = new Date('2026-11-23T10:00:00Z');
    h = await startHarness({ now: () => clock });
    await install(h, USERS.diego, USERS.adele, USERS.alex);
  });
  afterEach(async () => h?.close());

  async function approvedTemporary(): Promise<string> {
    const [card] = await h.say(USERS.adele, `request SPE_E3 for ${USERS.alex.upn} replacing O365_BUSINESS_ESSENTIALS for 10 minutes because demo`);
    const id = idIn(card);
    assert.match(cardText(card), /Temporary\s*for 10 minutes from when it is made, then reverted/);
    await h.click(USERS.diego, 'request.approve', { requestId: id });
    await h.app.requests.settled();
    const r = (await h.app.store.get(id))!;
    assert.equal(r.status, 'completed');
    assert.equal(r.temporary?.state, 'active');
    assert.equal(r.temporary?.endsAt, '2026-11-23T10:10:00.000Z');
    return id;
  }

  it('applies, reminds with Extend, and reverts at the end in one atomic call', async () => {
    const id = await approvedTemporary();
    assert.deepEqual(await skusOf(h, USERS.alex.id), [E3]);
    const [list] = await h.say(USERS.adele, 'requests');
    assert.ok(cardText(list).includes(id));
    const card = h.connector.updates(`a:personal-${USERS.adele.id}`).pop()!;
    assert.match(cardText(card.body), /until 2026-11-23 10:10 UTC: reverted then/);

    at('2026-11-23T10:05:00Z');
    await h.app.temporary.runDue();
    assert.equal((await writes(h)).length, 1, 'not yet');
    at('2026-11-23T10:07:45Z'); // 10 min × 7/30 = 2 min 20 s before the end
    h.connector.clear();
    await h.app.temporary.runDue();
    const reminder = h.connector.sent(`a:personal-${USERS.alex.id}`).find((a) => /ends soon/.test(cardText(a)));
    assert.ok(reminder, 'the person is reminded');
    assert.ok(h.connector.sent(`a:personal-${USERS.adele.id}`).some((a) => /ends soon/.test(cardText(a))), 'the requester is reminded');
    assert.equal(reminder.attachments[0].content.actions[0].verb, 'temporary.extend');
    await h.app.temporary.runDue();
    assert.equal(h.connector.sent(`a:personal-${USERS.alex.id}`).filter((a) => /ends soon/.test(cardText(a))).length, 1, 'once');

    at('2026-11-23T10:10:05Z');
    await h.app.temporary.runDue();
    const w = await writes(h);
    assert.equal(w.length, 2);
    assert.deepEqual(w[1].body, { addLicenses: [{ skuId: BASIC, disabledPlans: [] }], removeLicenses: [E3] });
    assert.deepEqual(await skusOf(h, USERS.alex.id), [BASIC]);
    assert.equal((await h.app.store.get(id))?.temporary?.state, 'reverted');
    assert.ok(h.connector.sent(`a:personal-${USERS.adele.id}`).some((a) => new RegExp(`Request ${id} reverted`).test(cardText(a))));
    await h.app.temporary.runDue();
    assert.equal((await writes(h)).length, 2, 'reverted once');
  });

  it('Extend creates an extension request; approved, it moves the end', async () => {
    const id = await approvedTemporary();
    const ask = await h.click(USERS.alex, 'temporary.extend', { requestId: id, duration: '1 hour' });
    const extId = [...invokeText(ask).matchAll(/REQ-[A-Z0-9]+/g)].map((x) => x[0]).find((x) => x !== id)!;
    assert.notEqual(extId, id);
    assert.match(invokeText(ask), new RegExp(`Extend ${id}`));
    assert.equal((await h.app.store.get(extId))?.status, 'pending');
    const again = await h.click(USERS.adele, 'temporary.extend', { requestId: id, duration: '1 hour' });
    assert.match(invokeText(again), /Already asked/);
    const stranger = await h.click(USERS.megan, 'temporary.extend', { requestId: id, duration: '1 hour' });
    assert.match(invokeText(stranger), /Not yours to extend/);
    await h.click(USERS.diego, 'request.approve', { requestId: extId });
    await h.app.requests.settled();
    assert.equal((await h.app.store.get(extId))?.status, 'completed');
    assert.equal((await h.app.store.get(id))?.temporary?.endsAt, '2026-11-23T11:10:00.000Z');
    at('2026-11-23T10:10:30Z');
    await h.app.temporary.runDue();
    assert.equal((await writes(h)).length, 1, 'not reverted at the old end');
    at('2026-11-23T11:10:10Z');
    await h.app.temporary.runDue();
    assert.equal((await writes(h)).length, 2);
    assert.deepEqual(await skusOf(h, USERS.alex.id), [BASIC]);
  });

  it('a revert that would hurt the mailbox is held for approvers; Keep keeps the license', async () => {
    const id = await approvedTemporary();
    // Alex's mailbox grew past Business Basic's 50 GB while on E3.
    const alex = (h.demo.tenant.model as any).users.find((u: any) => u.id === USERS.alex.id);
    alex.mailbox = { ...(alex.mailbox ?? {}), storageUsedInBytes: 62_000_000_000 };
    at('2026-11-23T10:10:05Z');
    h.connector.clear();
    await h.app.temporary.runDue();
    assert.equal((await writes(h)).length, 1, 'no silent revert');
    assert.equal((await h.app.store.get(id))?.temporary?.state, 'held');
    const card = h.connector.sent(`a:personal-${USERS.diego.id}`).find((a) => /needs a decision/.test(cardText(a)));
    assert.ok(card, 'approvers get a card');
    assert.match(cardText(card), /62\.0 GB but the new plan allows 50 GB/);
    assert.deepEqual(card.attachments[0].content.actions.map((a: any) => a.verb), ['temporary.revert', 'temporary.keep']);
    const own = await h.click(USERS.adele, 'temporary.keep', { requestId: id });
    assert.match(invokeText(own), /Approvers decide/);
    const keep = await h.click(USERS.diego, 'temporary.keep', { requestId: id });
    assert.equal(keep.status, 200);
    assert.equal((await h.app.store.get(id))?.temporary?.state, 'kept');
    at('2026-11-23T12:00:00Z');
    await h.app.temporary.runDue();
    assert.equal((await writes(h)).length, 1);
    assert.deepEqual(await skusOf(h, USERS.alex.id), [E3]);
  });
});

describe('seat budgets and smaller request fixes over HTTP', function () {
  this.timeout(60_000);

  it('budget and budgets (approvers); request cards show the use; over budget is marked; within budget approves itself when enabled', async () => {
    const h = await startHarness({ env: { AUTO_APPROVE_WITHIN_BUDGET: 'true' } });
    try {
      await install(h, USERS.diego, USERS.adele);
      const [refused] = await h.say(USERS.adele, 'budget Sales SPE_E3 3');
      assert.match(cardText(refused), /Approvers only/);
      const [set] = await h.say(USERS.diego, 'budget Sales Microsoft 365 E3 3');
      assert.match(cardText(set), /Budget set: Sales, 3 Microsoft 365 E3[\s\S]*1 of 3 in use now/);
      const [list] = await h.say(USERS.diego, 'budgets');
      assert.match(cardText(list), /Sales: 1 of 3 Microsoft 365 E3 used/);

      // Adele manages Alex (Sales): within budget → approved by the policy, executed, audited as such.
      const [card] = await h.say(USERS.adele, `request SPE_E3 for ${USERS.alex.upn} replacing O365_BUSINESS_ESSENTIALS`);
      const id = idIn(card);
      assert.match(cardText(card), /Budget\s*Sales: 1 of 3 Microsoft 365 E3 used · this adds 1/);
      await h.app.requests.settled();
      const stored = (await h.app.store.get(id))!;
      assert.equal(stored.status, 'completed');
      assert.equal(stored.decision?.policy, 'within-budget');
      assert.ok((await h.app.store.audit(id)).some((a) => a.action === 'policy-approved' && a.actor === 'policy'));
      assert.equal((await writes(h)).length, 1);
      assert.ok(h.connector.updates(`a:personal-${USERS.adele.id}`).some((u) => /Done · approved by policy \(within budget\)/.test(cardText(u.body))));

      // Over budget: waits for an approver, who sees it marked.
      await h.say(USERS.diego, 'budget Sales SPE_E3 2');
      h.connector.clear();
      const [over] = await h.say(USERS.adele, `request SPE_E3 for ${USERS.isaiah.upn}`);
      const overId = idIn(over);
      assert.equal((await h.app.store.get(overId))?.status, 'pending');
      const approval = h.connector.calls.find((c) => c.method === 'POST' && c.conversationId === `a:personal-${USERS.diego.id}` && c.body?.attachments);
      assert.match(cardText(approval!.body), /Over budget: Sales would use 3 of 2 Microsoft 365 E3/);
      // The report counts budget use per department.
      const reportReplies = await h.say(USERS.diego, 'report');
      const reportCard = reportReplies.find((a) => /Seat budgets/.test(cardText(a)));
      assert.ok(reportCard, 'the report has the budgets');
      assert.match(cardText(reportCard), /Seat budgets\*\*: 1 budget[\s\S]*Sales: 2 of 2 Microsoft 365 E3/);
      const [removed] = await h.say(USERS.diego, 'budget Sales SPE_E3 off');
      assert.match(cardText(removed), /Budget removed/);
    } finally {
      await h.close();
    }
  });

  it('redundant on arrival is stopped; the only approver with the bot is told they cannot approve their own, and who can', async () => {
    const f = contosoFixture();
    f.groups.find((g: any) => g.id === APPROVERS_GROUP).members.push(USERS.patti.id);
    const h = await startHarness({ fixture: f });
    try {
      await install(h, USERS.diego);
      const [redundant] = await h.say(USERS.diego, `request SPE_E3 for ${USERS.nestor.upn} replacing TEAMS_EXPLORATORY`);
      assert.match(cardText(redundant), /Microsoft 365 E3 would be redundant for Nestor Wilke[\s\S]*already get Microsoft 365 E3 through a group/);
      assert.deepEqual(await h.app.store.byStatus('pending'), []);
      const replies = await h.say(USERS.diego, `request SPE_E3 for ${USERS.lynne.upn}`);
      assert.equal(replies.length, 2);
      assert.match(cardText(replies[1]), /Only you could see it, and you cannot approve your own request[\s\S]*Patti Fernandez/);
    } finally {
      await h.close();
    }
  });
});
