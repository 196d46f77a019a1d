import assert from 'node:assert/strict';
import { cardText } from '../helpers/fake-connector';
import { assertValidCard } from '../helpers/card-validation';
import { CONTOSO_TENANT, USERS, startHarness, type Harness } from '../helpers/bot-harness';

describe('bot over HTTP: "what license do I have?"', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.close());

  async function licenseCard(user: (typeof USERS)[keyof typeof USERS], text = 'what license do I have?') {
    const replies = await h.say(user, text);
    assert.equal(replies.length, 1, 'one reply');
    const card = replies[0].attachments[0];
    assert.equal(card.contentType, 'application/vnd.microsoft.card.adaptive');
    assertValidCard(card.content, `license card for ${user.name}`);
    return cardText(replies[0]);
  }

  it('"my license" costs exactly one Graph request once the SKU table and group names are cached, also via a group', async () => {
    for (const user of [USERS.adele, USERS.patti]) {
      await licenseCard(user, 'my license'); // warms the caches, as in steady state
      const before = h.demo.tenant.requests().count;
      const text = await licenseCard(user, 'my license');
      assert.equal(h.demo.tenant.requests().count - before, 1, `${user.name}: one GET /users/{id}`);
      if (user === USERS.patti) assert.match(text, /Operations E3 licensing/);
    }
  });

  it('E3 user: Plan 2, 100 GB, direct license', async () => {
    const text = await licenseCard(USERS.adele);
    assert.match(text, /Your licenses/);
    assert.match(text, /\*\*Exchange\*\*: Plan 2 \(Microsoft 365 E3\)/);
    assert.match(text, /100 GB mailbox · Archive auto-expanding \(1\.5 TB\) · Litigation Hold/);
    assert.match(text, /Microsoft 365 E3\nDirect/);
  });

  it('stacked E3 + Business Basic: Business Basic flagged redundant and still billed', async () => {
    const text = await licenseCard(USERS.megan, 'my license');
    assert.match(text, /\*\*Exchange\*\*: Plan 2 \(Microsoft 365 E3\)/);
    assert.match(text, /Microsoft 365 Business Basic\nDirect\nRedundant, still billed: Microsoft 365 E3 covers it/);
  });

  it('disabled Exchange plan in E5 + Business Standard: Plan 1 from Business Standard, plan shown as turned off', async () => {
    const text = await licenseCard(USERS.isaiah);
    assert.match(text, /\*\*Exchange\*\*: Plan 1 \(Microsoft 365 Business Standard\)/);
    assert.match(text, /Turned off\n• Exchange Online \(Plan 2\) \(in SPE_E5\)/);
  });

  it('F1: no mailbox rights, F1 is not a mailbox', async () => {
    const text = await licenseCard(USERS.grady);
    assert.match(text, /\*\*Exchange\*\*: No mailbox/);
    assert.match(text, /Microsoft 365 F1 includes only Exchange Foundation, which is not a mailbox/);
  });

  it('no license at all', async () => {
    const text = await licenseCard(USERS.lynne);
    assert.match(text, /No licenses assigned\./);
    assert.match(text, /No active license/);
  });

  it('group-inherited E3 with Teams Exploratory: shows the group by name; Exploratory redundant', async () => {
    const text = await licenseCard(USERS.nestor);
    assert.match(text, /Via group Operations E3 licensing/);
    assert.match(text, /Microsoft Teams Exploratory\nDirect\nRedundant, still billed: Microsoft 365 E3 covers it/);
    assert.match(text, /\*\*Teams\*\*: Teams \(Microsoft 365 E3\)/);
  });

  it('same SKU direct and via a group: one license, both sources, not redundant', async () => {
    const text = await licenseCard(USERS.patti);
    assert.match(text, /Microsoft 365 E3\nDirect \/ Via group Operations E3 licensing/);
    assert.doesNotMatch(text, /Redundant/);
  });

  it('Kiosk over Essentials', async () => {
    const text = await licenseCard(USERS.johanna);
    assert.match(text, /\*\*Exchange\*\*: Kiosk \(Exchange Online Kiosk\)/);
    assert.match(text, /2 GB mailbox · No archive · No Outlook desktop \(web and mobile only\) · POP only, no IMAP · No EWS/);
  });

  it('stores the conversation reference for later proactive messages', async () => {
    await h.say(USERS.alex, 'help');
    const stored = await h.app.conversations.personalConversation(USERS.alex.id);
    assert.equal(stored?.conversationId, `a:personal-${USERS.alex.id}`);
    assert.equal((stored?.reference as { serviceUrl?: string }).serviceUrl, h.connector.url);
  });
});

describe('bot over HTTP: another user\'s licenses', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.close());

  it('a manager sees a direct report', async () => {
    const [reply] = await h.say(USERS.adele, `license ${USERS.alex.upn}`);
    const text = cardText(reply);
    assert.match(text, /Licenses of Alex Wilber/);
    assert.match(text, /Microsoft 365 Business Basic/);
  });

  it('a manager further up the chain sees an indirect report', async () => {
    const [reply] = await h.say(USERS.adele, `license ${USERS.grady.upn.toLowerCase()}`);
    assert.match(cardText(reply), /Licenses of Grady Archie/);
  });

  it('an approver sees anyone, by mail', async () => {
    const [reply] = await h.say(USERS.diego, `license of ${USERS.henrietta.upn}`);
    assert.match(cardText(reply), /Licenses of Henrietta Mueller/);
  });

  it('anyone else is refused politely and sees none of the data', async () => {
    const [reply] = await h.say(USERS.alex, `license ${USERS.adele.upn}`);
    const text = cardText(reply);
    assert.match(text, /That is not yours to see/);
    assert.doesNotMatch(text, /E3|Exchange|Adele/);
  });

  it('a Teams @mention is resolved to the person', async () => {
    h.connector.members.set('29:megan-mri', { id: '29:megan-mri', name: USERS.megan.name, aadObjectId: USERS.megan.id });
    const [reply] = await h.say(USERS.diego, 'license <at>Megan Bowen</at>', {
      entities: [{ type: 'mention', text: '<at>Megan Bowen</at>', mentioned: { id: '29:megan-mri', name: 'Megan Bowen' } }],
    });
    assert.match(cardText(reply), /Licenses of Megan Bowen/);
  });

  it('an unknown user gets a clear answer', async () => {
    const [reply] = await h.say(USERS.diego, 'license nobody@contoso.example');
    assert.match(cardText(reply), /No such user[\s\S]*nobody@contoso\.example/);
  });
});

describe('bot over HTTP: help, welcome and hostile input', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.close());

  it('help lists the commands; unknown text gets help, not silence', async () => {
    const [help] = await h.say(USERS.alex, 'help');
    assertValidCard(help.attachments[0].content, 'help');
    assert.match(cardText(help), /my license[\s\S]*license ‹user›[\s\S]*help/);
    const [unknown] = await h.say(USERS.alex, 'make me a sandwich');
    // Out of scope: one honest line, then what it can do (never a guess).
    assert.match(cardText(unknown), /I help with Microsoft 365 licenses/);
    assert.match(cardText(unknown), /\*\*my license\*\*/);
  });

  it('welcome card on install in personal, team and group chat', async () => {
    for (const conversationType of ['personal', 'channel', 'groupChat']) {
      const activity = h.message(USERS.adele, '', {
        type: 'installationUpdate',
        action: 'add',
        conversation: { id: `conv-${conversationType}`, conversationType, tenantId: CONTOSO_TENANT },
      });
      delete (activity as { text?: string }).text;
      const before = h.connector.calls.length;
      assert.equal((await h.post(activity)).status, 200);
      const sent = h.connector.calls.slice(before).map((c) => c.body);
      assert.equal(sent.length, 1, conversationType);
      assert.match(cardText(sent[0]), /Welcome to License Desk/);
    }
  });

  it('a foreign tenant is refused: no reply for messages, 403 for invokes', async () => {
    const foreign = { conversation: { id: 'a:foreign', conversationType: 'personal', tenantId: '00000000-0000-0000-0000-000000000bad' }, channelData: { tenant: { id: '00000000-0000-0000-0000-000000000bad' } } };
    const before = h.connector.calls.length;
    const res = await h.post(h.message(USERS.adele, 'my license', foreign));
    assert.ok(res.status < 300);
    assert.equal(h.connector.calls.length, before, 'nothing sent to a foreign tenant');
    const invoke = await h.post(h.message(USERS.adele, '', { ...foreign, type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'x' } } }));
    assert.equal(invoke.status, 403);
    for (const type of ['installationUpdate', 'conversationUpdate']) {
      const res = await h.post(h.message(USERS.adele, '', { ...foreign, type, action: 'add', membersAdded: [{ id: '28:license-desk' }] }));
      assert.ok(res.status < 300);
    }
    assert.equal(h.connector.calls.length, before, 'no welcome card to a foreign tenant');
    assert.equal((await h.app.conversations.conversations()).filter((c) => c.tenantId !== CONTOSO_TENANT).length, 0, 'no foreign conversation stored');
  });

  it('malformed activities get 4xx or a clear answer, never 5xx', async () => {
    assert.equal((await h.post({ hello: 'world' } as never)).status, 400);
    const raw = await fetch(`${h.app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    assert.equal(raw.status, 400);
    const huge = await fetch(`${h.app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(h.message(USERS.adele, 'x'.repeat(400_000))) });
    assert.equal(huge.status, 413);
    const [long] = await h.say(USERS.adele, 'my license '.repeat(200));
    assert.match(cardText(long), /too long/);
    const noAad = h.message(USERS.adele, 'my license', { from: { id: '29:someone', name: 'Someone' } });
    const before = h.connector.calls.length;
    assert.equal((await h.post(noAad)).status, 200);
    assert.match(cardText(h.connector.calls.slice(before)[0].body), /I cannot tell who you are/);
    const unknownInvoke = await h.post(h.message(USERS.adele, '', { type: 'invoke', name: 'composeExtension/bogus', value: {} }));
    assert.equal(unknownInvoke.status, 400);
    const unknownVerb = await h.post(h.message(USERS.adele, '', { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'bogus' } } }));
    assert.equal(unknownVerb.status, 400);
    assert.equal(unknownVerb.body.type, 'application/vnd.microsoft.error');
  });

  it('Graph failures become a friendly card with a correlation id, never a stack trace', async () => {
    await fetch(`${h.demo.url}/_demo/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rate5xx: 1, retryAfterSeconds: 0 }) });
    try {
      const [reply] = await h.say(USERS.pradeep, 'my license');
      const text = cardText(reply);
      assert.match(text, /Sorry, that did not work/);
      assert.match(text, /Reference: [0-9a-f-]{36}/);
      assert.doesNotMatch(text, /at .*\.ts|Error:|stack/i);
    } finally {
      await fetch(`${h.demo.url}/_demo/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    }
  });

  it('a user unknown to Graph is told so', async () => {
    const ghost = { id: '00000000-1111-2222-3333-444444444444', name: 'Ghost', upn: 'ghost@contoso.example' };
    const [reply] = await h.say(ghost as never, 'my license');
    assert.match(cardText(reply), /You are not in the directory/);
  });
});
