/**
 * Questions in people's own words, over HTTP as Teams sends them, in the four languages: each intent's answer card
 * is asserted for what it says (from the demo tenant's data, never invented) and for its language.
 */
import assert from 'node:assert/strict';
import { cardText } from '../helpers/fake-connector';
import { assertValidCard } from '../helpers/card-validation';
import { USERS, startHarness, type DemoUser, type Harness } from '../helpers/bot-harness';

const LOCALE = { en: 'en-US', de: 'de-DE', fr: 'fr-FR', es: 'es-ES' } as const;

describe('conversation over HTTP: questions in everyday words', function () {
  this.timeout(30_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
    // Approvers and requesters need their personal chats stored for proactive cards.
    for (const user of [USERS.diego, USERS.adele, USERS.megan]) await h.say(user, 'help');
  });
  after(async () => h?.close());

  async function ask(user: DemoUser, text: string, lang: keyof typeof LOCALE = 'en'): Promise<{ text: string; card: any; all: any[] }> {
    const replies = await h.say(user, text, { locale: LOCALE[lang] });
    assert.ok(replies.length >= 1, `a reply to "${text}"`);
    const card = replies[replies.length - 1].attachments?.[0]?.content;
    assert.ok(card, `a card for "${text}"`);
    assertValidCard(card, text);
    return { text: replies.map(cardText).join('\n'), card, all: replies };
  }

  function buttons(card: any): Array<{ title: string; verb: string; data: any }> {
    const found: any[] = [];
    const walk = (node: any) => {
      if (!node || typeof node !== 'object') return;
      if (node.type === 'Action.Execute') found.push(node);
      for (const value of Object.values(node)) walk(value);
    };
    walk(card);
    return found;
  }

  describe('my licenses, any phrasing', () => {
    for (const [lang, text, title] of [
      ['en', 'where do I see which license I have?', /Your licenses/],
      ['de', 'welche Lizenz habe ich eigentlich?', /Ihre Lizenzen/],
      ['fr', 'quelle licence ai-je ?', /Vos licences/],
      ['es', '¿qué licencia tengo?', /Sus licencias/],
    ] as const) {
      it(`${lang}: "${text}" → the license card`, async () => {
        const { text: card } = await ask(USERS.adele, text, lang);
        assert.match(card, title);
        assert.match(card, /Microsoft 365 E3/);
      });
    }
  });

  describe('do I have X', () => {
    it('en: "do I have Visio?" → no, why, and that this tenant sells none', async () => {
      const { text } = await ask(USERS.adele, 'do I have Visio?');
      assert.match(text, /No, your licenses do not include Visio/);
      assert.match(text, /None of the licenses includes Visio/);
      assert.match(text, /None of the products this organization has includes Visio/);
    });

    it('es: "¿puedo usar Copilot?" → no, in Spanish, with the real reason (only the free chat)', async () => {
      const { text } = await ask(USERS.megan, '¿puedo usar Copilot?', 'es');
      assert.match(text, /No, sus licencias no incluyen/);
      assert.match(text, /Por qué/);
      assert.doesNotMatch(text, /Your licenses|Why\b/);
    });

    it('en: a feature they have names the license that gives it, and how it is assigned', async () => {
      const { text } = await ask(USERS.adele, 'am I allowed to use Teams?');
      assert.match(text, /Yes, you have (Microsoft )?Teams/);
      assert.doesNotMatch(text, /Level: Teams/);
      assert.match(text, /Microsoft 365 E3 assigned directly/);
    });

    it('en: a feature missing with products in the tenant: cheapest first, price, free seats, a Request button', async () => {
      // Alex has Business Basic (web apps only): desktop Office comes with E3, E5, Business Standard…
      const { text, card } = await ask(USERS.alex, 'can I install the Office desktop apps?');
      assert.match(text, /No, your licenses do not include/);
      assert.match(text, /cheapest first/);
      assert.match(text, /\$\d+\.\d\d a month · \d+ seats? free/);
      const request = buttons(card).find((b) => b.verb === 'ask.request');
      assert.ok(request, 'a Request button');
      assert.equal(request.data.target, 'me');
      // The button opens the request form pre-filled with that product; nothing is sent.
      const before = (await h.app.store.byRequester(USERS.alex.id, 10)).length;
      const click = await h.click(USERS.alex, request.verb, request.data);
      assert.equal(click.status, 200);
      const form = h.connector.sent(`a:personal-${USERS.alex.id}`).pop();
      assert.ok(JSON.stringify(form).includes(`"value":"${request.data.product}"`) || JSON.stringify(form).includes(request.data.product));
      assert.equal((await h.app.store.byRequester(USERS.alex.id, 10)).length, before, 'no request without the form being sent');
    });

    it('fr: "est-ce que j\'ai Visio ?" → non, in French', async () => {
      const { text } = await ask(USERS.adele, "est-ce que j'ai Visio ?", 'fr');
      assert.match(text, /Non, vos licences n’incluent pas Visio/);
    });
  });

  describe("why can't I …", () => {
    it('en: a disabled Exchange plan is the reason, said in plain words (Isaiah: E5 with Exchange turned off)', async () => {
      const { text } = await ask(USERS.isaiah, 'why can I not use litigation hold on my mailbox?');
      assert.match(text, /mailbox|Mailbox/);
    });

    it('en: when the licenses do include it, it says this is not a license problem', async () => {
      const { text } = await ask(USERS.adele, "Word says my account doesn't allow editing");
      assert.match(text, /Yes, you have/);
      assert.match(text, /not a license problem/);
    });
  });

  describe('mailbox', () => {
    it('de: "mein Postfach ist voll" → quota, usage from the report, archive, in German', async () => {
      const { text } = await ask(USERS.adele, 'mein Postfach ist voll', 'de');
      assert.match(text, /Ihr Postfach/);
      assert.match(text, /Exchange Online Plan 2/);
      assert.match(text, /Größenlimit/);
      assert.match(text, /\d+,\d GB von \d+ GB \(\d+ %\)/, 'usage with a German decimal comma');
      assert.match(text, /Archiv/);
    });

    it('en: no mailbox (Microsoft 365 F1 has only Exchange Foundation) → says so and what would give one', async () => {
      const f1 = Object.values(USERS).find((u) => u.name === 'Henrietta Mueller')!;
      const { text } = await ask(f1, 'how big is my mailbox?');
      assert.match(text, /mailbox/i);
    });
  });

  describe('compare', () => {
    it('en: "E3 vs E5 for me" → the resolver’s diff for the asker and the monthly cost', async () => {
      const { text, card } = await ask(USERS.adele, 'E3 vs E5 for me');
      assert.match(text, /With Microsoft 365 E5/);
      assert.match(text, /replacing Microsoft 365 E3/);
      assert.match(text, /You would gain/);
      assert.match(text, /Cost a month \+\d+\.\d\d USD/);
      assert.ok(buttons(card).some((b) => b.verb === 'ask.request' && b.data.product === 'SPE_E5' && b.data.replacing === 'SPE_E3'));
    });

    it('es: "¿qué ganaría con Business Premium?" is not in the tenant → says so, lists what there is', async () => {
      const { text } = await ask(USERS.alex, '¿qué ganaría con Business Premium?', 'es');
      assert.match(text, /Business Premium|Productos de esta organización/);
    });
  });

  describe('requests in words → a pre-filled form, never sent without a click', () => {
    it('en: "upgrade Alex Wilber to E3 replacing Business Basic" (Adele is his manager)', async () => {
      const { card, text } = await ask(USERS.adele, 'please upgrade Alex Wilber to E3 replacing Business Basic because he needs desktop Office');
      const json = JSON.stringify(card);
      assert.match(text, /filled this in from your message/);
      assert.ok(json.includes(USERS.alex.upn), 'the person, resolved by name');
      assert.ok(json.includes('"value":"SPE_E3"') || json.includes('SPE_E3'));
      assert.ok(json.includes('O365_BUSINESS_ESSENTIALS'));
      assert.ok(json.includes('desktop Office'), 'their words as the reason');
      assert.equal((await h.app.store.byRequester(USERS.adele.id, 50)).filter((r) => r.target.aadObjectId === USERS.alex.id && r.status === 'pending').length, 0);
    });

    it('fr: "j\'ai besoin de Project" → the form in French', async () => {
      const { text } = await ask(USERS.adele, "j'ai besoin de Project pour quelques semaines", 'fr');
      assert.match(text, /Demander une licence/);
    });

    it('en: someone they may not request for is told so on the form', async () => {
      const { text } = await ask(USERS.adele, 'give Megan Bowen Power BI Pro');
      assert.match(text, /You cannot request licenses for Megan Bowen/);
    });
  });

  describe('about another person: the same visibility as "license <user>"', () => {
    it('an approver may ask "does Megan have Visio?"', async () => {
      const { text } = await ask(USERS.diego, 'does Megan have Visio?');
      assert.match(text, /No, the licenses of Megan Bowen do not include Visio/);
    });

    it('someone who is not her manager nor an approver is refused', async () => {
      const { text } = await ask(USERS.alex, 'does Megan Bowen have Visio?');
      assert.match(text, /That is not yours to see/);
    });

    it('license <display name> works as a command too', async () => {
      const { text } = await ask(USERS.diego, 'license Megan Bowen');
      assert.match(text, /Licenses of Megan Bowen/);
    });
  });

  describe('process', () => {
    it('who approves → the approver group members by name', async () => {
      const { text } = await ask(USERS.adele, 'who approves license requests?');
      assert.match(text, /Diego Siciliani/);
      assert.match(text, /Nobody can approve their own request/);
    });

    it('de: how does a request work → the steps, with the expiry from config', async () => {
      const { text } = await ask(USERS.adele, 'wie funktioniert eine Lizenzanfrage?', 'de');
      assert.match(text, /So funktioniert eine Lizenzanfrage/);
      assert.match(text, /14 Tagen/);
    });

    it('where is my request → my requests', async () => {
      const { text } = await ask(USERS.adele, 'what is the status of my request?');
      assert.match(text, /request/i);
    });
  });

  describe('admins', () => {
    it('an approver: "how many E3 licenses are left?" → seats for that product', async () => {
      const { text } = await ask(USERS.diego, 'how many E3 licenses are left?');
      assert.match(text, /Seats per product/);
      assert.match(text, /Microsoft 365 E3 \d+ free of 25/);
      assert.doesNotMatch(text, /Business Basic/);
    });

    it('anyone else: seat counts are for approvers', async () => {
      const { text } = await ask(USERS.alex, 'how many E3 licenses are left?');
      assert.match(text, /Seat counts are for license approvers/);
    });
  });

  describe('small talk, out of scope, low confidence', () => {
    it('out of scope → one honest line and what it can do, in the asker’s language', async () => {
      const en = await ask(USERS.adele, 'what is the weather in Paris tomorrow?');
      assert.match(en.text, /I help with Microsoft 365 licenses/);
      const es = await ask(USERS.adele, '¿qué tiempo hará mañana?', 'es');
      assert.match(es.text, /Ayudo con las licencias de Microsoft 365/);
    });

    it('thanks and hello', async () => {
      assert.match((await ask(USERS.adele, 'thanks a lot!')).text, /You're welcome/);
      assert.match((await ask(USERS.adele, 'bonjour', 'fr')).text, /License Desk/);
    });

    it('"Did you mean" buttons answer the same words as the chosen intent', async () => {
      // Force the button path directly: the intent comes from the button, the text is re-understood.
      const click = await h.click(USERS.adele, 'ask.intent', { intent: 'feature.check', text: 'visio' });
      assert.equal(click.status, 200);
      const last = h.connector.sent(`a:personal-${USERS.adele.id}`).pop();
      assert.match(cardText(last), /Visio/);
      assert.equal((await h.click(USERS.adele, 'ask.intent', { intent: 'not-an-intent', text: 'x' })).status, 400);
    });
  });
});
