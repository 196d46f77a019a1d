import assert from 'node:assert/strict';
import type { IntentId } from '../../src/conversation';
import { testEngine, TENANT } from './helpers';

// Representative sentences, neither training utterances nor evaluation items.
const CASES: Record<string, Array<[string, IntentId]>> = {
  'en-US': [
    ['which licence is on my account right now', 'licenses.mine'],
    ['what licenses has Lee got', 'licenses.mine'],
    ['do I have access to Visio', 'feature.check'],
    ['why does excel say my account cannot edit files', 'feature.whynot'],
    ['my mailbox is nearly full', 'mailbox.status'],
    ['what is the difference between E3 and Business Premium', 'licenses.compare'],
    ['please request Power BI Pro for Megan', 'request.create'],
    ['has anyone approved my request', 'requests.status'],
    ['who approves licence requests', 'process.approver'],
    ['how do I ask for a new license', 'process.how'],
    ['how many Business Basic seats are free', 'admin.seats'],
    ['show users with duplicate licences', 'admin.redundant'],
    ['licensed users who have not signed in for 90 days', 'admin.inactive'],
    ['show me the license report', 'admin.report'],
    ['what can you help me with', 'help'],
    ['hey hi', 'greeting'],
    ['thanks a bunch', 'thanks'],
    ['my printer is out of paper', 'None'],
  ],
  'de-DE': [
    ['welche Lizenzen habe ich gerade', 'licenses.mine'],
    ['habe ich Zugriff auf Visio', 'feature.check'],
    ['warum kann ich in Word nichts bearbeiten', 'feature.whynot'],
    ['mein Postfach ist fast voll, was nun', 'mailbox.status'],
    ['Unterschied zwischen E3 und Business Premium', 'licenses.compare'],
    ['bitte Power BI Pro für Megan beantragen', 'request.create'],
    ['wurde mein Antrag schon bearbeitet', 'requests.status'],
    ['wer gibt Lizenzen frei', 'process.approver'],
    ['wie frage ich eine neue Lizenz an', 'process.how'],
    ['wie viele Business Basic Lizenzen sind frei', 'admin.seats'],
    ['danke schön!', 'thanks'],
    ['mein Drucker hat kein Papier mehr', 'None'],
  ],
  'fr-FR': [
    ['quelles licences ai-je en ce moment', 'licenses.mine'],
    ['est-ce que j\'ai accès à Visio', 'feature.check'],
    ['pourquoi je ne peux pas modifier dans Word', 'feature.whynot'],
    ['ma boîte aux lettres est quasiment pleine', 'mailbox.status'],
    ['différence entre E3 et Business Premium', 'licenses.compare'],
    ['demander Power BI Pro pour Megan svp', 'request.create'],
    ['ma demande a-t-elle été traitée', 'requests.status'],
    ['qui valide les demandes de licence', 'process.approver'],
    ['combien de licences Business Basic sont libres', 'admin.seats'],
    ['merci bien !', 'thanks'],
    ['mon imprimante n\'a plus de papier', 'None'],
  ],
  'es-ES': [
    ['qué licencias tengo ahora mismo', 'licenses.mine'],
    ['tengo acceso a Visio', 'feature.check'],
    ['por qué no puedo editar en Word', 'feature.whynot'],
    ['mi buzón está casi completo', 'mailbox.status'],
    ['diferencia entre E3 y Business Premium', 'licenses.compare'],
    ['solicitar Power BI Pro para Megan por favor', 'request.create'],
    ['ya procesaron mi solicitud', 'requests.status'],
    ['quién aprueba las licencias nuevas', 'process.approver'],
    ['cuántas licencias Business Basic están libres', 'admin.seats'],
    ['muchas gracias!', 'thanks'],
    ['mi impresora no tiene papel', 'None'],
  ],
};

// Real questions from the HTTP tests (test/bot/conversation-http.test.ts): test data, not training utterances.
const REAL: Array<[string, string, IntentId[]]> = [
  ['wie funktioniert eine Lizenzanfrage?', 'de-DE', ['process.how']],
  ['am I allowed to use Teams?', 'en-US', ['feature.check']],
  ['why can I not use litigation hold on my mailbox?', 'en-US', ['mailbox.status', 'feature.whynot']],
  ['what is the status of my request?', 'en-US', ['requests.status']],
  ['how many E3 licenses are left?', 'en-US', ['admin.seats']],
  ['¿qué ganaría con Business Premium?', 'es-ES', ['licenses.compare']],
  ["est-ce que j'ai Visio ?", 'fr-FR', ['feature.check']],
];

describe('conversation/intents', () => {
  for (const [text, locale, intents] of REAL) {
    it(`understands the real question "${text}" (${locale}) as ${intents.join(' or ')}`, async () => {
      const u = await testEngine().understand(text, locale, TENANT);
      assert.ok(intents.includes(u.intent), `${text} → ${u.intent} (${u.confidence})`);
      assert.equal(u.language, locale.slice(0, 2));
    });
  }

  it('reads "spare licences" as free seats, not redundant ones', async () => {
    for (const [text, locale] of [
      ['have we got spare licences for Business Standard', 'en-US'],
      ['gibt es noch freie Lizenzen übrig', 'de-DE'],
    ]) {
      const u = await testEngine().understand(text, locale, TENANT);
      assert.equal(u.intent, 'admin.seats', `${text} → ${u.intent}`);
    }
  });

  for (const [locale, cases] of Object.entries(CASES)) {
    it(`classifies representative ${locale} messages`, async () => {
      const wrong: string[] = [];
      for (const [text, intent] of cases) {
        const u = await testEngine().understand(text, locale, TENANT);
        if (u.intent !== intent) wrong.push(`"${text}" → ${u.intent} (${u.confidence}), want ${intent}`);
      }
      assert.deepEqual(wrong, []);
    });
  }

  it('answers None for out-of-scope requests in every language', async () => {
    for (const [text, locale] of [
      ['can you reset my password', 'en-US'],
      ['will it snow this weekend', 'en-US'],
      ['erzähl mir was Lustiges', 'de-DE'],
      ['mon wifi ne marche pas', 'fr-FR'],
      ['la vpn se desconecta todo el rato', 'es-ES'],
      ['what is on the canteen menu on friday', 'en-US'],
      ['wann sind die Betriebsferien', 'de-DE'],
      ['quel temps fera-t-il à Lyon', 'fr-FR'],
      ['no puedo imprimir en la planta 2', 'es-ES'],
    ]) {
      const u = await testEngine().understand(text, locale, TENANT);
      assert.equal(u.intent, 'None', `${text} → ${u.intent}`);
    }
  });

  it('reports the language, a confidence in 0..1 and up to three alternatives', async () => {
    const u = await testEngine().understand('where can I find out which licenses I have', 'fr-CA', TENANT);
    assert.ok(u.confidence >= 0 && u.confidence <= 1);
    assert.ok(u.alternatives.length <= 3);
    assert.ok(u.alternatives.every((a) => a.intent !== u.intent && a.score <= u.confidence));
    // English typed in a French client: the English words decide.
    assert.equal(u.language, 'en');
    assert.equal(u.intent, 'licenses.mine');
    const fr = await testEngine().understand('est-ce que j\'ai Visio', 'fr-CA', TENANT);
    assert.equal(fr.language, 'fr');
  });

  it('keeps the locale language for words that belong to no language ("E3", "Visio")', async () => {
    const u = await testEngine().understand('Visio', 'de-DE', TENANT);
    assert.equal(u.language, 'de');
  });
});
