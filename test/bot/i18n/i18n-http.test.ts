/**
 * Languages over HTTP, as Teams sends them: `activity.locale` picks the card's language; proactive messages go
 * out in the recipient's own language, stored with their conversation when they last talked to the bot.
 */
import assert from 'node:assert/strict';
import { cardText } from '../../helpers/fake-connector';
import { assertValidCard } from '../../helpers/card-validation';
import { USERS, startHarness, type Harness } from '../../helpers/bot-harness';

describe('i18n over HTTP', function () {
  this.timeout(30_000);
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h?.close());

  const licenseCard = async (locale: string) => {
    const [reply] = await h.say(USERS.adele, 'my license', { locale });
    assertValidCard(reply.attachments[0].content, `${locale} license card`);
    return cardText(reply);
  };

  it('"my license" answers in German, French, Spanish, and English for anything else', async () => {
    const de = await licenseCard('de-DE');
    assert.match(de, /^Ihre Lizenzen$/m);
    assert.match(de, /Postfach mit 100 GB/);
    assert.match(de, /Aus Microsoft Graph gelesen am \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} UTC/);
    assert.ok(!/Your licenses|Read from Microsoft Graph/.test(de));

    const fr = await licenseCard('fr-FR');
    assert.match(fr, /^Vos licences$/m);
    assert.match(fr, /Boîte aux lettres de 100 Go/);
    assert.match(fr, /Lu dans Microsoft Graph le \d{1,2} \S+ \d{4}, \d{2}:\d{2} UTC/);

    const es = await licenseCard('es-ES');
    assert.match(es, /^Sus licencias$/m);
    assert.match(es, /Buzón de 100 GB/);
    assert.match(es, /Leído de Microsoft Graph el \d{1,2} \S+ \d{4}, \d{1,2}:\d{2} UTC/);

    for (const locale of ['ja-JP', 'en-GB']) {
      const en = await licenseCard(locale);
      assert.match(en, /^Your licenses$/m);
      assert.match(en, /100 GB mailbox/);
      assert.match(en, /Read from Microsoft Graph \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    }
  });

  it('help, refusals and card actions follow the locale of the message or click', async () => {
    const [help] = await h.say(USERS.megan, 'help', { locale: 'es-ES' });
    assert.match(cardText(help), /Muestra sus licencias y lo que realmente obtiene/);
    assert.equal(help.attachments[0].content.actions[0].title, '¿Qué licencia tengo?');
    const [refused] = await h.say(USERS.megan, `license ${USERS.diego.upn}`, { locale: 'fr-FR' });
    assert.match(cardText(refused), /Vous n’avez pas accès à ces informations/);
    const bad = await h.post(h.message(USERS.adele, '', { locale: 'de-DE', type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'request.open', data: { requestId: 'REQ-NOPE99' } } } }));
    assert.equal(bad.status, 404);
    assert.ok(JSON.stringify(bad.body).includes('Die Anfrage REQ-NOPE99 existiert nicht.'), JSON.stringify(bad.body));
  });

  it('an approval reaches the requester in their stored language, the approver in theirs', async () => {
    // Adele uses Teams in German, Diego in English: each conversation is stored with its language.
    await h.say(USERS.adele, 'help', { locale: 'de-DE' });
    await h.say(USERS.diego, 'help', { locale: 'en-US' });
    assert.equal((await h.app.conversations.personalConversation(USERS.adele.id))?.locale, 'de');
    assert.equal((await h.app.conversations.personalConversation(USERS.diego.id))?.locale, 'en');
    h.connector.clear();

    const [requesterCard] = await h.say(USERS.adele, `request Microsoft 365 E3 for ${USERS.alex.upn} replacing Business Basic`, { locale: 'de-DE' });
    const mine = cardText(requesterCard);
    assert.match(mine, /Lizenz ändern · REQ-/);
    assert.match(mine, /Wartet auf Genehmigung · läuft am \d{2}\.\d{2}\.\d{4} ab/);
    assert.match(mine, /Postfach 50 GB → 100 GB/);
    const id = /REQ-[A-Z0-9]+/.exec(mine)![0];

    const approval = h.connector.calls.find((c) => c.method === 'POST' && c.conversationId === `a:personal-${USERS.diego.id}` && c.body?.attachments);
    assert.ok(approval, 'approval card sent to Diego');
    assert.match(cardText(approval.body), /Change license · REQ-/);
    assert.match(cardText(approval.body), /Cost\s*\+30\.00 USD\/month/);
    assert.deepEqual(approval.body.attachments[0].content.actions.map((a: any) => a.title), ['Approve', 'Reject']);

    // Diego's click comes from an English client; Adele is told in German.
    const click = await h.click(USERS.diego, 'request.approve', { requestId: id, comment: 'passt' }, { replyToId: approval.activityId, conversationId: `a:personal-${USERS.diego.id}` });
    assert.equal(click.status, 200);
    assert.match(cardText({ attachments: [{ content: click.body.value }] }), /Approved by Diego Siciliani/);
    await h.app.requests.settled();

    const told = h.connector.sent(`a:personal-${USERS.adele.id}`).map(cardText).join('\n');
    assert.match(told, new RegExp(`Anfrage ${id} genehmigt`));
    assert.match(told, /Diego Siciliani hat Microsoft 365 E3 für Alex Wilber genehmigt\. Kommentar: passt Die Änderung wird jetzt durchgeführt\./);
    assert.match(told, new RegExp(`Anfrage ${id} erledigt[\\s\\S]*Alex Wilber hat jetzt Microsoft 365 E3 statt Microsoft 365 Business Basic`));
    const adeleUpdates = h.connector.updates(`a:personal-${USERS.adele.id}`).map((u) => cardText(u.body)).join('\n');
    assert.match(adeleUpdates, /Erledigt · genehmigt von Diego Siciliani · \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} UTC/);
    const diegoUpdates = h.connector.updates(`a:personal-${USERS.diego.id}`).map((u) => cardText(u.body)).join('\n');
    assert.match(diegoUpdates, /Done · approved by Diego Siciliani/);
  });

  it('someone whose stored conversation predates languages (or who uses another language) is told in English', async () => {
    await h.say(USERS.adele, 'help', { locale: 'ja-JP' });
    await h.say(USERS.diego, 'help', { locale: 'fr-FR' });
    h.connector.clear();
    const [requesterCard] = await h.say(USERS.adele, `request Microsoft 365 E3 for ${USERS.alex.upn} replacing Business Basic`, { locale: 'ja-JP' });
    const id = /REQ-[A-Z0-9]+/.exec(cardText(requesterCard))![0];
    const approval = h.connector.calls.find((c) => c.method === 'POST' && c.conversationId === `a:personal-${USERS.diego.id}` && c.body?.attachments);
    assert.match(cardText(approval!.body), /Changer de licence · REQ-/);
    assert.deepEqual(approval!.body.attachments[0].content.actions.map((a: any) => a.title), ['Approuver', 'Refuser']);
    await h.click(USERS.diego, 'request.reject', { requestId: id, comment: 'non' }, { replyToId: approval!.activityId, conversationId: `a:personal-${USERS.diego.id}` });
    await h.app.requests.settled();
    const told = h.connector.sent(`a:personal-${USERS.adele.id}`).map(cardText).join('\n');
    assert.match(told, new RegExp(`Request ${id} rejected[\\s\\S]*Diego Siciliani rejected Microsoft 365 E3 for Alex Wilber\\. Comment: non`));
  });
});
