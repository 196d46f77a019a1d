import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cardText } from '../helpers/fake-connector';
import { assertValidCard } from '../helpers/card-validation';
import { USERS, startHarness, type DemoUser, type Harness } from '../helpers/bot-harness';

const SKU = {
  E3: '05e9a617-0261-4cee-bb44-138d3ef5d965',
  E5: '06ebc4ee-1bb5-47dd-8120-11324bc54e06',
  BASIC: '3b555118-da6a-4418-894f-7df1e2096870',
};

async function json(url: string, init?: RequestInit): Promise<any> {
  return (await fetch(url, init)).json();
}

/** The license writes the demo tenant saw (accepted or refused). */
async function licenseWrites(h: Harness): Promise<any[]> {
  const writes = (await json(`${h.demo.url}/_demo/writes`)) as any;
  return (Array.isArray(writes) ? writes : writes.writes ?? writes.value).filter((w: any) => /assignLicense/.test(w.path));
}

async function skusOf(h: Harness, user: DemoUser): Promise<string[]> {
  const u = await json(`${h.demo.baseUrl}/users/${user.id}?$select=assignedLicenses`);
  return u.assignedLicenses.map((l: any) => l.skuId).sort();
}

/** Installs the bot for these people (their personal conversation is stored), as Teams does on first message. */
async function install(h: Harness, ...users: DemoUser[]): Promise<void> {
  for (const user of users) await h.say(user, 'help');
}

function requestIdIn(activity: any): string {
  const match = /REQ-[A-Z0-9]+/.exec(cardText(activity));
  assert.ok(match, `a request id in: ${cardText(activity)}`);
  return match[0];
}

function actionsOf(card: any): string[] {
  return (card?.actions ?? []).map((a: any) => a.verb);
}

describe('requests over HTTP: request, approve, execute', function () {
  this.timeout(30_000);
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await install(h, USERS.diego, USERS.adele, USERS.alex, USERS.patti);
    h.connector.clear();
  });
  afterEach(async () => h?.close());

  async function request(user: DemoUser, text: string) {
    const replies = await h.say(user, text);
    assert.ok(replies.length >= 1);
    return replies;
  }

  it('happy upgrade: Business Basic → E3 in one atomic assignLicense, verified, cards updated, requester told', async () => {
    const [requesterCard] = await request(USERS.adele, `request Microsoft 365 E3 for ${USERS.alex.upn} replacing Business Basic because needs desktop Office`);
    assertValidCard(requesterCard.attachments[0].content, 'requester card');
    const id = requestIdIn(requesterCard);
    const text = cardText(requesterCard);
    assert.match(text, /Waiting for approval/);
    assert.match(text, /\+ Exchange Plan 1 → Plan 2/);
    assert.match(text, /\+ Mailbox 50 GB → 100 GB/);
    assert.deepEqual(actionsOf(requesterCard.attachments[0].content), ['request.cancel']);

    // The approver got the approval card proactively, with Approve / Reject and a refresh for themselves.
    const approvalPost = h.connector.calls.find((c) => c.method === 'POST' && c.conversationId === `a:personal-${USERS.diego.id}` && c.body?.attachments);
    assert.ok(approvalPost, 'approval card sent to Diego');
    const approvalCard = approvalPost.body.attachments[0].content;
    assertValidCard(approvalCard, 'approval card');
    assert.deepEqual(actionsOf(approvalCard), ['request.approve', 'request.reject']);
    assert.deepEqual(approvalCard.refresh.userIds, [`29:${USERS.diego.id}`]);
    assert.match(cardText(approvalPost.body), /Cost\s*\+30\.00 USD\/month/);

    const click = await h.click(USERS.diego, 'request.approve', { requestId: id, comment: 'fine' }, { replyToId: approvalPost.activityId, conversationId: `a:personal-${USERS.diego.id}` });
    assert.equal(click.status, 200);
    assert.equal(click.body.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(cardText({ attachments: [{ content: click.body.value }] }), /Approved by Diego Siciliani/);
    await h.app.requests.settled();

    const writes = await licenseWrites(h);
    assert.equal(writes.length, 1, 'exactly one Graph write');
    assert.equal(writes[0].status, 200);
    assert.deepEqual(writes[0].body, { addLicenses: [{ skuId: SKU.E3, disabledPlans: [] }], removeLicenses: [SKU.BASIC] });
    assert.deepEqual(await skusOf(h, USERS.alex), [SKU.E3]);

    const stored = await h.app.store.get(id);
    assert.equal(stored?.status, 'completed');
    assert.equal(stored?.execution?.verified, true);
    assert.ok(stored?.execution?.graphRequestIds.length === 1);
    const audit = (await h.app.store.audit(id)).map((a) => `${a.action}:${a.outcome}`);
    assert.deepEqual(audit, ['created:ok', 'sent-for-approval:ok', 'approved:ok', 'execution-started:info', 'assignLicense:ok', 'verify:ok', 'completed:ok']);
    const assign = (await h.app.store.audit(id)).find((a) => a.action === 'assignLicense');
    assert.equal(assign?.graphRequestId, stored?.execution?.graphRequestIds[0]);

    // Every copy shows the outcome; the requester is told.
    const updates = h.connector.updates();
    assert.ok(updates.some((u) => u.conversationId === `a:personal-${USERS.diego.id}` && /Done · approved by Diego/.test(cardText(u.body))));
    assert.ok(updates.some((u) => u.conversationId === `a:personal-${USERS.adele.id}` && /Done/.test(cardText(u.body))));
    const lastUpdate = updates.filter((u) => u.conversationId === `a:personal-${USERS.diego.id}`).pop()!;
    assert.deepEqual(actionsOf(lastUpdate.body.attachments[0].content), [], 'no buttons after the decision');
    const told = h.connector.sent(`a:personal-${USERS.adele.id}`).map(cardText).join('\n');
    assert.match(told, new RegExp(`Request ${id} completed[\\s\\S]*Alex Wilber now has Microsoft 365 E3 instead of Microsoft 365 Business Basic`));
  });

  it('the form card: request alone shows the form; submitting it creates the request; bad input keeps the values', async () => {
    const [form] = await request(USERS.adele, 'request');
    const content = form.attachments[0].content;
    assertValidCard(content, 'form');
    assert.ok(JSON.stringify(content).includes('SPE_E3'));
    const bad = await h.click(USERS.adele, 'request.submit', { target: 'not an address!', product: 'SPE_E3', reason: 'x' });
    assert.equal(bad.status, 200);
    assert.match(cardText({ attachments: [{ content: bad.body.value }] }), /is not an email address/);
    assert.ok(JSON.stringify(bad.body.value).includes('not an address!'), 'input kept');
    // A name is a person to look up: nobody by that name is said so, and the input is kept.
    const unknown = await h.click(USERS.adele, 'request.submit', { target: 'Nobody Here', product: 'SPE_E3', reason: 'x' });
    assert.match(cardText({ attachments: [{ content: unknown.body.value }] }), /nobody called "Nobody Here"/);
    assert.ok(JSON.stringify(unknown.body.value).includes('Nobody Here'), 'input kept');
    const ok = await h.click(USERS.adele, 'request.submit', { target: USERS.alex.upn, product: 'SPE_E3', replacing: 'O365_BUSINESS_ESSENTIALS', reason: 'travel' }, { replyToId: 'form-activity' });
    assert.match(cardText({ attachments: [{ content: ok.body.value }] }), /Waiting for approval/);
  });

  it('downgrade blocked by the mailbox guard, with the numbers', async () => {
    const [reply] = await request(USERS.patti, `request EXCHANGESTANDARD for ${USERS.pradeep.upn} replacing SPE_E3`);
    const text = cardText(reply);
    assert.match(text, /Blocked by the mailbox guard/);
    assert.match(text, /holds 72\.0 GB but the new plan allows 50 GB/);
    assert.equal((await licenseWrites(h)).length, 0);
    assert.deepEqual(await h.app.store.byStatus('pending'), []);
  });

  it('no free seat: stored with a notice, approval waits, nothing written', async () => {
    const [reply] = await request(USERS.adele, `request SPE_E5 for ${USERS.alex.upn}`);
    const id = requestIdIn(reply);
    assert.match(cardText(reply), /No free Microsoft 365 E5 seat \(2 of 2 in use\)/);
    const click = await h.click(USERS.diego, 'request.approve', { requestId: id });
    assert.match(cardText({ attachments: [{ content: click.body.value }] }), /No free Microsoft 365 E5 seat: 2 of 2 in use/);
    await h.app.requests.settled();
    assert.equal((await h.app.store.get(id))?.status, 'pending');
    assert.equal((await licenseWrites(h)).length, 0);
  });

  it('a license inherited from a group cannot be replaced: change the group instead', async () => {
    const [reply] = await request(USERS.diego, `request SPE_E5 for ${USERS.nestor.upn} replacing SPE_E3`);
    assert.match(cardText(reply), /Microsoft 365 E3 comes from a group[\s\S]*Change their group membership instead/);
  });

  it('no usage location and not allowed are refused before anything is stored', async () => {
    const [noLocation] = await request(USERS.patti, `request SPE_E3 for ${USERS.miriam.upn}`);
    assert.match(cardText(noLocation), /has no usage location/);
    const [notAllowed] = await request(USERS.alex, `request SPE_E3 for ${USERS.megan.upn}`);
    assert.match(cardText(notAllowed), /You cannot ask for them/);
    const [already] = await request(USERS.adele, 'request O365_BUSINESS_ESSENTIALS for me');
    assert.match(cardText(already), /already has that/);
    const [unknown] = await request(USERS.adele, 'request Microsoft 365 E7 for me');
    assert.match(cardText(unknown), /No product "Microsoft 365 E7"[\s\S]*Microsoft 365 E3/);
    assert.equal((await h.app.store.byStatus('pending')).length, 0);
  });

  it('asking twice for the same thing points at the open request', async () => {
    const [first] = await request(USERS.adele, `request SPE_E3 for ${USERS.alex.upn}`);
    const id = requestIdIn(first);
    const [second] = await request(USERS.adele, `request Microsoft 365 E3 for ${USERS.alex.upn} because again`);
    assert.match(cardText(second), new RegExp(`Already requested[\\s\\S]*${id}`));
    assert.equal((await h.app.store.byStatus('pending')).length, 1);
  });

  it('removing the last Exchange plan needs explicit confirmation', async () => {
    const [reply] = await request(USERS.adele, `request M365_F1 for ${USERS.alex.upn} replacing O365_BUSINESS_ESSENTIALS because frontline now`);
    const text = cardText(reply);
    assert.match(text, /Alex Wilber would have no mailbox/);
    assert.match(text, /disconnected, and its data is deleted after 30 days/);
    assert.match(text, /In use now: 3\.2 GB of mail/);
    const confirm = reply.attachments[0].content.actions[0];
    assert.equal(confirm.verb, 'request.confirmNoMailbox');
    assert.equal((await h.app.store.byStatus('pending')).length, 0, 'nothing stored before confirmation');
    const click = await h.click(USERS.adele, confirm.verb, confirm.data);
    const created = cardText({ attachments: [{ content: click.body.value }] });
    assert.match(created, /Waiting for approval/);
    assert.match(created, /the user will have no mailbox/);
    const [stored] = await h.app.store.byStatus('pending');
    assert.equal(stored.confirmedNoMailbox, true);
  });

  it('self-approval is refused; a non-approver click is refused; nothing is written', async () => {
    await install(h, USERS.lynne);
    const [reply] = await request(USERS.diego, `request SPE_E3 for ${USERS.lynne.upn} because new role`);
    const id = requestIdIn(reply);
    const own = await h.click(USERS.diego, 'request.approve', { requestId: id });
    assert.match(cardText({ attachments: [{ content: own.body.value }] }), /You cannot approve your own request/);
    const stranger = await h.click(USERS.adele, 'request.approve', { requestId: id });
    assert.match(cardText({ attachments: [{ content: stranger.body.value }] }), /Only license approvers can decide/);
    // Forged card data: an "approved" flag and someone else's id change nothing.
    const forged = await h.click(USERS.alex, 'request.approve', { requestId: id, approved: true, aadObjectId: USERS.diego.id, requester: USERS.adele.id });
    assert.equal(forged.status, 200);
    await h.app.requests.settled();
    assert.equal((await h.app.store.get(id))?.status, 'pending');
    assert.equal((await licenseWrites(h)).length, 0);
    const refusals = (await h.app.store.audit(id)).filter((a) => a.outcome === 'refused').map((a) => a.detail);
    assert.deepEqual(refusals, ['own-request', 'not-approver', 'not-approver']);
  });

  it('double click: two approvals at once → one decision, one Graph write; the second sees the outcome', async () => {
    const [reply] = await request(USERS.adele, `request SPE_E3 for ${USERS.alex.upn} replacing O365_BUSINESS_ESSENTIALS`);
    const id = requestIdIn(reply);
    const [a, b] = await Promise.all([h.click(USERS.diego, 'request.approve', { requestId: id }), h.click(USERS.diego, 'request.approve', { requestId: id })]);
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    await h.app.requests.settled();
    const again = await h.click(USERS.diego, 'request.reject', { requestId: id });
    assert.match(cardText({ attachments: [{ content: again.body.value }] }), /Done · approved by Diego/);
    assert.equal((await licenseWrites(h)).length, 1);
    assert.equal((await h.app.store.audit(id)).filter((e) => e.action === 'approved').length, 1);
  });

  it('reject with a comment: every copy shows who, when and why; the requester is told', async () => {
    const [reply] = await request(USERS.adele, `request SPE_E3 for ${USERS.alex.upn}`);
    const id = requestIdIn(reply);
    const click = await h.click(USERS.diego, 'request.reject', { requestId: id, comment: 'use Business Standard' });
    assert.match(cardText({ attachments: [{ content: click.body.value }] }), /Rejected by Diego Siciliani · .* · "use Business Standard"/);
    await h.app.requests.settled();
    assert.equal((await h.app.store.get(id))?.status, 'rejected');
    assert.ok(h.connector.updates(`a:personal-${USERS.adele.id}`).some((u) => /Rejected by Diego/.test(cardText(u.body))));
    assert.match(h.connector.sent(`a:personal-${USERS.adele.id}`).map(cardText).join('\n'), /rejected[\s\S]*Comment: use Business Standard/);
    assert.equal((await licenseWrites(h)).length, 0);
  });

  it('cancel: only the requester, only while pending; a later approval sees it cancelled', async () => {
    const [reply] = await request(USERS.adele, `request SPE_E3 for ${USERS.alex.upn}`);
    const id = requestIdIn(reply);
    const stranger = await h.click(USERS.alex, 'request.cancel', { requestId: id });
    assert.match(cardText({ attachments: [{ content: stranger.body.value }] }), /Only the requester can cancel it/);
    const cancel = await h.click(USERS.adele, 'request.cancel', { requestId: id });
    assert.match(cardText({ attachments: [{ content: cancel.body.value }] }), /Cancelled by Adele Vance/);
    const late = await h.click(USERS.diego, 'request.approve', { requestId: id });
    assert.match(cardText({ attachments: [{ content: late.body.value }] }), /Cancelled/);
    await h.app.requests.settled();
    assert.equal((await licenseWrites(h)).length, 0);
  });

  it('"requests" lists mine, and pending ones for approvers; an automatic refresh never edits messages', async () => {
    const [reply] = await request(USERS.adele, `request SPE_E3 for ${USERS.alex.upn}`);
    const id = requestIdIn(reply);
    const [mine] = await h.say(USERS.adele, 'requests');
    assert.match(cardText(mine), new RegExp(`\\*\\*${id}\\*\\* · Microsoft 365 E3 for Alex Wilber`));
    const [pending] = await h.say(USERS.diego, 'requests');
    assert.match(cardText(pending), /Waiting for your decision[\s\S]*REQ-/);
    const updatesBefore = h.connector.updates().length;
    const refresh = await h.click(USERS.diego, 'request.refresh', { requestId: id }, { trigger: 'automatic' });
    assert.deepEqual(actionsOf(refresh.body.value), ['request.approve', 'request.reject']);
    const stranger = await h.click(USERS.alex, 'request.refresh', { requestId: id }, { trigger: 'automatic' });
    assert.deepEqual(actionsOf(stranger.body.value), [], 'others see the status only');
    await h.app.requests.settled();
    assert.equal(h.connector.updates().length, updatesBefore);
  });

  it('bad card data gets a 4xx with a clear message', async () => {
    assert.equal((await h.click(USERS.diego, 'request.approve', { requestId: '../../etc' })).status, 400);
    assert.equal((await h.click(USERS.diego, 'request.approve', { requestId: 'REQ-NOPE99' })).status, 404);
    assert.equal((await h.click(USERS.diego, 'request.approve', {})).status, 400);
  });
});

describe('requests over HTTP: expiry and restart', function () {
  this.timeout(30_000);

  it('a pending request expires after the configured time, with a notice', async () => {
    let clock = new Date('2026-11-23T10:00:00Z');
    const h = await startHarness({ env: { REQUEST_EXPIRY_DAYS: '14' }, now: () => clock });
    try {
      await install(h, USERS.diego, USERS.adele);
      const [reply] = await h.say(USERS.adele, `request SPE_E3 for ${USERS.alex.upn}`);
      const id = requestIdIn(reply);
      assert.deepEqual(await h.app.requests.expireDue(), []);
      clock = new Date('2026-12-08T10:00:00Z');
      const expired = await h.app.requests.expireDue();
      assert.deepEqual(expired.map((r) => r.id), [id]);
      assert.deepEqual(await h.app.requests.expireDue(), [], 'expires once');
      assert.equal((await h.app.store.get(id))?.status, 'expired');
      assert.match(h.connector.sent(`a:personal-${USERS.adele.id}`).map(cardText).join('\n'), new RegExp(`Request ${id} expired`));
      const late = await h.click(USERS.diego, 'request.approve', { requestId: id });
      assert.match(cardText({ attachments: [{ content: late.body.value }] }), /Expired on/);
    } finally {
      await h.close();
    }
  });

  it('restart with a request mid-execution: not done in Graph → run once; done → completed without a second write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'license-desk-restart-'));
    const h = await startHarness({ env: { DATA_DIR: dir } });
    try {
      await install(h, USERS.diego, USERS.adele);
      const [first] = await h.say(USERS.adele, `request SPE_E3 for ${USERS.alex.upn} replacing O365_BUSINESS_ESSENTIALS`);
      const notDone = requestIdIn(first);
      const [second] = await h.say(USERS.patti, `request SPE_E3 for ${USERS.henrietta.upn} replacing O365_BUSINESS_PREMIUM`);
      const done = requestIdIn(second);

      // Simulate a crash after the claim: both left "executing"; the second's write already reached Graph.
      for (const id of [notDone, done]) {
        const r = (await h.app.store.get(id))!;
        await h.app.store.update({ ...r, status: 'executing', decision: { outcome: 'approved', by: { aadObjectId: USERS.diego.id, name: 'Diego Siciliani' }, at: r.createdAt }, execution: { attempts: 1, graphRequestIds: [], startedAt: r.createdAt } });
      }
      await h.app.graph.assignLicense(USERS.henrietta.id, [{ skuId: SKU.E3, disabledPlans: [] }], ['f245ecc8-75af-4f8e-b61f-27d8114de5f3']);
      await h.stopBot();
      const writesBefore = (await licenseWrites(h)).length;

      const app = await h.restartBot();
      const reconciled = await app.reconciled;
      await app.requests.settled();
      assert.deepEqual(reconciled.map((r) => r.id).sort(), [notDone, done].sort());
      assert.equal((await app.store.get(notDone))?.status, 'completed');
      assert.equal((await app.store.get(done))?.status, 'completed');
      const writes = await licenseWrites(h);
      assert.equal(writes.length - writesBefore, 1, 'only the unfinished one was written');
      assert.deepEqual(await skusOf(h, USERS.alex), [SKU.E3]);
      assert.ok((await app.store.audit(done)).some((a) => a.action === 'reconciled' && /without another write/.test(a.detail ?? '')));

      // A second restart finds nothing to do.
      const again = await h.restartBot();
      assert.deepEqual(await again.reconciled, []);
      assert.equal((await licenseWrites(h)).length - writesBefore, 1);
    } finally {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
