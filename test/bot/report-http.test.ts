import assert from 'node:assert/strict';
import { cardText } from '../helpers/fake-connector';
import { assertValidCard } from '../helpers/card-validation';
import { USERS, startHarness, type Harness } from '../helpers/bot-harness';

describe('bot over HTTP: report', function () {
  this.timeout(30_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.close());

  it('an approver gets the summary card and a one-time CSV link from the bot itself', async () => {
    const replies = await h.say(USERS.diego, 'report');
    const card = replies.find((r) => r.attachments?.[0]);
    assert.ok(card, 'a report card');
    assertValidCard(card.attachments[0].content, 'report card');
    const text = cardText(card);
    assert.match(text, /6\.00/, 'monthly waste: Business Basic under E3 (Teams Exploratory costs nothing)');
    const link = JSON.stringify(card.attachments[0].content).match(/"url":"([^"]+\.csv)"/)?.[1];
    assert.ok(link, 'a CSV link');
    const path = new URL(link).pathname;
    const csv = await fetch(`${h.app.url}${path}`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-disposition') ?? '', /attachment/);
    const body = await csv.text();
    assert.match(body, /MeganB@contoso\.example/);
    assert.match(body, /HenriettaM@contoso\.example/);
    assert.equal((await fetch(`${h.app.url}${path}`)).status, 404, 'the link works once');
  });

  it('anyone else is refused and gets no data', async () => {
    const [reply] = await h.say(USERS.adele, 'license report');
    const text = cardText(reply);
    assert.match(text, /The report is for license approvers/);
    assert.doesNotMatch(text, /Megan|Henrietta/);
  });
});
