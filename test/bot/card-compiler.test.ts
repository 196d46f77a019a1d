/**
 * renderCard builds cards with the compiled form of the templates (src/bot/card-compiler.ts); cards/ stays the
 * source of truth: for representative view models of every hot card, in all four languages, the compiled card must
 * equal adaptivecards-templating's expansion of the same template, byte for byte (JSON, key order included).
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { compileCard } from '../../src/bot/card-compiler';
import { LANGUAGES, messagesFor } from '../../src/bot/i18n';
import { expandTemplate, isCompiledCard, renderCard, renderFallbacks, type CardName } from '../../src/bot/render';
import { ambiguousPersonView, compareView, featureAnswerView, mailboxView, noProductView, seatsView } from '../../src/bot/views/answer-views';
import { licenseCardView } from '../../src/bot/views/license-view';
import { reportCardView } from '../../src/bot/views/report-view';
import { requestCardView } from '../../src/bot/views/request-view';
import { errorView, helpView, messageView, welcomeView } from '../../src/bot/views/simple-views';
import { createGraphGateway } from '../../src/graph/gateway';
import { Catalog } from '../../src/licensing/catalog';
import { FEATURE_IDS } from '../../src/licensing/feature-ids';
import { priceList } from '../../src/licensing/prices';
import type { LicenseRequest } from '../../src/requests/request';
import { LicenseAnswers } from '../../src/services/license-answers';
import { LicenseQueries } from '../../src/services/license-queries';
import { startDemoTenant } from '../../src/demo/server';
import { USERS } from '../helpers/bot-harness';
import { reportRig } from '../report/helpers';

const CARDS = readdirSync(join(__dirname, '../../cards')).map((f) => f.replace(/\.json$/, '') as CardName);

let compared = 0;
function assertSame(name: CardName, view: object, label: string): void {
  const fallbacks = renderFallbacks.count;
  const compiled = renderCard(name, view);
  assert.equal(renderFallbacks.count, fallbacks, `${label}: fell back to the template`);
  assert.equal(JSON.stringify(compiled), JSON.stringify(expandTemplate(name, view)), label);
  compared++;
}

function sampleRequest(status: LicenseRequest['status']): LicenseRequest {
  return {
    id: 'REQ-ABCD23',
    tenantId: 't',
    status,
    requester: { aadObjectId: 'a', name: 'Adele Vance' },
    target: { aadObjectId: 'b', name: 'Alex Wilber' },
    add: { skuId: 's1', skuPartNumber: 'SPE_E3', displayName: 'Microsoft 365 E3' },
    remove: { skuId: 's2', skuPartNumber: 'O365_BUSINESS_ESSENTIALS', displayName: 'Microsoft 365 Business Basic' },
    reason: 'needs ${desktop} Office',
    confirmedNoMailbox: false,
    summary: {
      gains: ['Exchange Plan 1 → Plan 2', 'Mailbox 50 GB → 100 GB'],
      losses: status === 'failed' ? ['Bookings'] : [],
      quotaFromGB: 50,
      quotaToGB: 100,
      monthlyCostChange: 1234.5,
      currency: 'USD',
      seatsFreeAtRequest: 12000,
      notices: status === 'pending' ? ['Alex has a group-assigned E3 already.'] : [],
    },
    createdAt: '2026-11-01T09:00:00.000Z',
    updatedAt: '2026-11-01T09:00:00.000Z',
    expiresAt: '2026-11-15T09:00:00.000Z',
    version: 1,
    audit: [],
    decision: status === 'pending' ? undefined : { outcome: status === 'rejected' ? 'rejected' : 'approved', by: { aadObjectId: 'd', name: 'Diego Siciliani' }, at: '2026-11-02T09:05:00.000Z', comment: 'ok' },
    execution:
      status === 'completed' || status === 'failed'
        ? { attempts: 1, graphRequestIds: [], finishedAt: '2026-11-02T09:06:00.000Z', verified: status === 'completed' ? true : undefined, failure: status === 'failed' ? { kind: 'usage-location', message: 'The user has no usage location.' } : undefined }
        : undefined,
  } as unknown as LicenseRequest;
}

describe('card templates compiled to code', () => {
  it('the cards of the answer path compile (a card using more of the template language would be expanded per message)', () => {
    for (const name of ['license', 'answer', 'help', 'welcome', 'message', 'error', 'request'] as const) assert.ok(isCompiledCard(name), `${name}.json does not compile`);
    // The others compile today too; one that stops compiling still renders, through the template engine.
    assert.ok(CARDS.length >= 13);
  });

  it('license cards of every demo user, self and other, with and without group names, in all four languages', async () => {
    const demo = await startDemoTenant();
    try {
      const graph = createGraphGateway({ baseUrl: demo.baseUrl });
      const queries = new LicenseQueries({ graph, catalog: Catalog.bundled(), approvers: { isApprover: async () => true } });
      let users = 0;
      for await (const user of graph.scanUsers()) {
        const lookup = await queries.of(USERS.diego.id, user.id);
        if (lookup.kind !== 'ok') continue;
        users++;
        for (const language of LANGUAGES) {
          for (const self of [true, false]) {
            for (const groupNames of [lookup.groupNames, new Map<string, string>()]) {
              const view = licenseCardView(lookup.resolution, { self, groupNames, readAt: new Date('2026-11-23T12:00:00Z'), messages: messagesFor(language) });
              assertSame('license', view, `${language} license card of ${user.displayName}`);
            }
          }
        }
      }
      assert.ok(users >= 14);
    } finally {
      await demo.close();
    }
  });

  it('free-text answer cards (features, mailbox, compare, seats, people, no product) in all four languages', async () => {
    const demo = await startDemoTenant();
    try {
      const graph = createGraphGateway({ baseUrl: demo.baseUrl });
      const catalog = Catalog.bundled();
      const approvers = { configured: true, isApprover: async () => true, memberIds: async () => new Set<string>() };
      const licenses = new LicenseQueries({ graph, catalog, approvers });
      const usages = [{ kind: 'found', usage: { storageUsedBytes: 48 * 2 ** 30, archiveUsedBytes: 0 }, sizeKnown: true }, { kind: 'concealed' }, { kind: 'unavailable' }] as const;
      let usage = 0;
      const answers = new LicenseAnswers({ licenses, graph, catalog, prices: priceList(), approvers, mailboxUsage: { usageOf: async () => usages[usage++ % usages.length] as never } });
      const products = await answers.products();
      for (const user of [USERS.adele, USERS.alex, USERS.megan, USERS.diego, USERS.lee, USERS.isaiah]) {
        for (const language of LANGUAGES) {
          const m = messagesFor(language);
          for (const self of [true, false]) {
            const subject = self ? ({ kind: 'self' } as const) : ({ kind: 'address', value: user.upn } as const);
            const actor = self ? user.id : USERS.diego.id;
            for (const feature of FEATURE_IDS) {
              const outcome = await answers.feature(actor, subject, feature);
              assert.equal(outcome.kind, 'answer');
              if (outcome.kind !== 'answer') continue;
              const answerSubject = { self, name: user.name, requestTarget: self ? 'me' : user.upn };
              for (const whyNot of [false, true]) {
                const view = featureAnswerView(m, { answer: outcome.answer, subject: answerSubject, productNames: new Map(outcome.lookup.resolution.skus.map((s) => [s.skuPartNumber, s.displayName])), groupNames: outcome.lookup.groupNames, whyNot });
                assertSame('answer', view, `${language} ${feature} for ${user.name}`);
              }
            }
            const mailbox = await answers.mailbox(actor, subject);
            if (mailbox.kind === 'answer') assertSame('answer', mailboxView(m, { facts: mailbox.facts, usage: mailbox.usage, subject: { self, name: user.name, requestTarget: 'me' } }), `${language} mailbox of ${user.name}`);
            for (const parts of [['SPE_E5'], ['SPE_E3', 'SPE_E5'], ['O365_BUSINESS_PREMIUM']]) {
              const compare = await answers.compare(actor, subject, parts);
              if (compare.kind === 'answer') assertSame('answer', compareView(m, { comparison: compare.comparison, target: compare.target, replacing: compare.replacing, subject: { self, name: user.name, requestTarget: 'me' } }), `${language} compare ${parts} for ${user.name}`);
            }
          }
          assertSame('answer', seatsView(m, products, []), `${language} seats`);
          assertSame('answer', seatsView(m, products, ['SPE_E3']), `${language} seats E3`);
          assertSame('answer', noProductView(m, 'Frobnicator', products), `${language} no product`);
          assertSame('answer', ambiguousPersonView(m, 'Megan', [{ id: USERS.megan.id, displayName: 'Megan Bowen', userPrincipalName: USERS.megan.upn, mail: null, jobTitle: null, department: null }, { id: 'x', displayName: 'Megan ${x}', userPrincipalName: 'megan2@contoso.example', mail: null, jobTitle: 'Lead', department: null }]), `${language} ambiguous`);
        }
      }
    } finally {
      await demo.close();
    }
  });

  it('help, welcome, error, message, request and report cards in all four languages', async () => {
    const rig = await reportRig();
    try {
      const { report } = await rig.service().run({ inactiveDays: 90 });
      const link = { url: 'https://bot.example/reports/x.csv', expiresAt: new Date('2026-11-23T12:15:00Z') };
      for (const language of LANGUAGES) {
        const m = messagesFor(language);
        assertSame('help', helpView('', undefined, m), `${language} help`);
        assertSame('help', helpView('Intro ${x}', 'Title', m), `${language} help with intro`);
        assertSame('welcome', welcomeView(m), `${language} welcome`);
        assertSame('error', errorView('corr-1', undefined, m), `${language} error`);
        assertSame('error', errorView('corr-2', 'Graph is busy', m), `${language} error with text`);
        assertSame('message', messageView('Title', 'Text', { lang: language, items: ['a', '${b}'], footer: 'f', color: 'Warning', actions: [{ title: 'Go', verb: 'ask.form', data: { a: 1 } }] }), `${language} message`);
        assertSame('message', messageView('Title', '', { lang: language }), `${language} bare message`);
        for (const status of ['pending', 'approved', 'executing', 'completed', 'failed', 'rejected', 'cancelled', 'expired'] as const) {
          for (const viewer of ['approver', 'requester', 'readonly'] as const) assertSame('request', requestCardView(sampleRequest(status), viewer, ['29:a', '29:b'], m), `${language} ${status} ${viewer} request`);
        }
        assertSame('report', reportCardView(report, 'r'.repeat(20), link, m), `${language} report`);
        assertSame('report', reportCardView(report, 'r'.repeat(20), null, m), `${language} report without link`);
      }
    } finally {
      await rig.close();
    }
    assert.ok(compared > 1000, `${compared} cards compared`);
  });

  it('data the compiled form does not decide the same way for certain is expanded by the template engine', () => {
    // A missing value: adaptivecards-templating shows the binding itself ("${subtitle}"); so does renderCard.
    const view = { ...messageView('Title', 'Text'), footer: undefined } as unknown as object;
    const before = renderFallbacks.count;
    assert.equal(JSON.stringify(renderCard('message', view)), JSON.stringify(expandTemplate('message', view)));
    assert.equal(renderFallbacks.count, before + 1);
  });

  it('the template language subset: the same as adaptivecards-templating, or refused', () => {
    const cases: Array<[unknown, unknown]> = [
      [{ a: '${x}', b: 'x=${x}', c: '${n}', d: 'n ${n} ${flag}', e: '${o}', f: [{ $data: '${arr}', v: '${$data}-${$index}-${$root.x}' }], g: { $data: '${arr}', v: '${$data}' } }, { x: 'X', n: 1.5, flag: true, o: { k: 1 }, arr: ['p', 'q'] }],
      [{ body: [{ $when: "${s == 'a'}", t: 1 }, { $when: "${s != ''}", t: 2 }, { $when: '${!f}', t: 3 }, { $when: '${count(arr) > 0 && !f}', t: 4 }, { $when: '${n}', t: 5 }, { $when: '${f || count(arr) == 2}', t: 6 }] }, { s: 'A', f: false, arr: [1, 2], n: 1 }],
      [{ p: { $when: '${f}', q: 1 }, u: [{ $data: '${empty}', v: 1 }], w: [[1, 2], '${arr}', null, 3], one: { $data: '${single}', v: '${$data}' } }, { f: false, arr: ['x', 'y'], empty: [], single: ['only'] }],
    ];
    for (const [template, data] of cases) {
      const compiled = compileCard(template);
      assert.ok(compiled, JSON.stringify(template));
      assert.equal(JSON.stringify(compiled(data as object)), JSON.stringify(new ACData.Template(template).expand({ $root: data })));
    }
    for (const refused of [{ a: '${json(x)}' }, { a: '${x + 1}' }, { a: 'a\\nb ${x}' }, { $when: 'yes', a: 1 }, { a: '${$host.x}' }]) assert.equal(compileCard(refused), undefined, JSON.stringify(refused));
    // Case-insensitive property matches and null values are the template engine's.
    for (const data of [{ X: 'upper' }, { x: null }]) assert.throws(() => compileCard({ a: '${x}' })!(data));
  });
});
