/**
 * The domain says things twice: its English text (CLI, CSV, audit, stored requests) and a phrase (code +
 * values) the bot renders per language. English rendered from the phrase must be the domain's text, word for
 * word, so English cards read exactly as before; the other languages must be really different and complete.
 */
import assert from 'node:assert/strict';
import { renderCard } from '../../../src/bot/render';
import { LANGUAGES, messagesFor, phraseLines, phraseText } from '../../../src/bot/i18n';
import { licenseCardView } from '../../../src/bot/views/license-view';
import { reportCardView } from '../../../src/bot/views/report-view';
import { requestCardView } from '../../../src/bot/views/request-view';
import { errorView, helpView, welcomeView } from '../../../src/bot/views/simple-views';
import { startDemoTenant } from '../../../src/demo/server';
import { createGraphGateway } from '../../../src/graph/gateway';
import { Catalog } from '../../../src/licensing/catalog';
import { diff } from '../../../src/licensing/diff';
import type { Resolution } from '../../../src/licensing/resolution';
import { resolve } from '../../../src/licensing/resolver';
import { toCsv } from '../../../src/report/csv';
import { summarizeReport } from '../../../src/report/summary';
import type { LicenseRequest } from '../../../src/requests/request';
import { assertValidCard } from '../../helpers/card-validation';
import { cardText } from '../../helpers/fake-connector';
import { reportRig } from '../../report/helpers';

/** Teams refuses a message over about 28 KB; a card must stay well under it. */
const MAX_CARD_BYTES = 28 * 1024;
const en = messagesFor('en');

function assertCard(card: Record<string, unknown>, label: string): void {
  assertValidCard(card, label);
  assert.ok(Buffer.byteLength(JSON.stringify(card)) < MAX_CARD_BYTES, `${label} is over Teams' size limit`);
}

export function sampleRequest(overrides: Partial<LicenseRequest> = {}): LicenseRequest {
  return {
    id: 'REQ-ABCD23',
    tenantId: 't',
    status: 'pending',
    requester: { aadObjectId: 'a', name: 'Adele Vance' },
    target: { aadObjectId: 'b', name: 'Alex Wilber' },
    add: { skuId: 's1', skuPartNumber: 'SPE_E3', displayName: 'Microsoft 365 E3' },
    remove: { skuId: 's2', skuPartNumber: 'O365_BUSINESS_ESSENTIALS', displayName: 'Microsoft 365 Business Basic' },
    reason: 'needs desktop Office',
    confirmedNoMailbox: false,
    summary: {
      gains: ['Exchange Plan 1 → Plan 2', 'Mailbox 50 GB → 100 GB'],
      losses: [],
      quotaFromGB: 50,
      quotaToGB: 100,
      monthlyCostChange: 1234.5,
      currency: 'USD',
      seatsFreeAtRequest: 12000,
      notices: [],
      phrases: {
        gains: [
          { code: 'diff.workload.change', values: { workload: { workload: 'Exchange' }, from: { tier: 'Plan 1' }, to: { tier: 'Plan 2' } } },
          { code: 'diff.mailbox-quota', values: { from: 50, to: 100 } },
        ],
        losses: [],
        notices: [],
      },
    },
    createdAt: '2026-11-01T10:00:00.000Z',
    expiresAt: '2026-11-15T10:00:00.000Z',
    updatedAt: '2026-11-01T10:00:00.000Z',
    cards: [],
    version: 1,
    ...overrides,
  };
}

describe('i18n: domain phrases and cards in every language', function () {
  this.timeout(20_000);
  let resolutions: Resolution[] = [];

  before(async () => {
    const demo = await startDemoTenant();
    try {
      const graph = createGraphGateway({ baseUrl: demo.baseUrl });
      const skus = await graph.getSubscribedSkus();
      for await (const user of graph.scanUsers()) resolutions.push(resolve(user, skus, Catalog.bundled()));
    } finally {
      await demo.close();
    }
  });

  it('resolver gives, warnings and conflicts: English from the phrase is the domain text', () => {
    let checked = 0;
    for (const r of resolutions) {
      for (const w of r.workloads) {
        assert.equal(w.givePhrases.length, w.gives.length);
        assert.deepEqual(phraseLines(en, w.givePhrases, w.gives), w.gives);
        w.givePhrases.forEach((p, i) => assert.equal(phraseText(en, p, `∅${p.code}`), w.gives[i]));
        checked += w.gives.length;
      }
      for (const x of [...r.warnings, ...r.conflicts]) {
        assert.ok(x.phrase, `${x.kind} has no phrase`);
        assert.equal(phraseText(en, x.phrase, '∅'), x.message);
        checked++;
      }
    }
    assert.ok(checked > 50, `${checked} phrases checked`);
  });

  it('license diffs between any two demo users: English from the phrases is the domain text', () => {
    let lines = 0;
    for (const a of resolutions) {
      for (const b of resolutions) {
        const d = diff(a, b);
        d.gainPhrases.forEach((p, i) => assert.equal(phraseText(en, p, '∅'), d.gains[i]));
        d.lossPhrases.forEach((p, i) => assert.equal(phraseText(en, p, '∅'), d.losses[i]));
        for (const language of ['de', 'fr', 'es'] as const) {
          for (const p of [...d.gainPhrases, ...d.lossPhrases]) assert.ok(!phraseText(messagesFor(language), p, '∅').includes('∅'));
        }
        lines += d.gains.length + d.losses.length;
      }
    }
    assert.ok(lines > 100, `${lines} diff lines checked`);
  });

  it('the license card of every demo user is valid and under the size limit in all four languages', () => {
    for (const language of LANGUAGES) {
      for (const r of resolutions) {
        const card = renderCard('license', licenseCardView(r, { self: false, readAt: new Date('2026-11-23T12:00:00Z'), messages: messagesFor(language) }));
        assertCard(card, `${language} license card of ${r.user.displayName}`);
      }
    }
    const german = resolutions.map((r) => cardText({ attachments: [{ content: renderCard('license', licenseCardView(r, { self: true, readAt: new Date(), messages: messagesFor('de') })) }] })).join('\n');
    assert.match(german, /Ihre Lizenzen/);
    assert.match(german, /Postfach mit 100 GB/);
    assert.match(german, /Automatisch erweiterbares Archiv \(1,5 TB\)/);
    assert.ok(!/Your licenses|No mailbox rights|GB mailbox/.test(german), 'English left in the German cards');
  });

  it('request, help, welcome and error cards are valid in all four languages; numbers and money follow the locale', () => {
    for (const language of LANGUAGES) {
      const m = messagesFor(language);
      for (const status of ['pending', 'approved', 'executing', 'completed', 'failed', 'rejected', 'cancelled', 'expired'] as const) {
        const request = sampleRequest({
          status,
          decision: { outcome: status === 'rejected' ? 'rejected' : 'approved', by: { aadObjectId: 'd', name: 'Diego Siciliani' }, at: '2026-11-02T09:05:00.000Z', comment: 'ok' },
          execution: { attempts: 1, graphRequestIds: [], finishedAt: '2026-11-02T09:06:00.000Z', verified: status === 'completed' ? false : undefined, failure: status === 'failed' ? { kind: 'no-free-seats', message: 'No free Microsoft 365 E3 seat (10 of 10 in use).', phrase: { code: 'failure.no-seat', values: { product: 'Microsoft 365 E3', consumed: 10, total: 10 } } } : undefined },
        });
        for (const viewer of ['approver', 'requester', 'readonly'] as const) assertCard(renderCard('request', requestCardView(request, viewer, [], m)), `${language} ${status} request card`);
      }
      assertCard(renderCard('help', helpView('', undefined, m)), `${language} help`);
      assertCard(renderCard('welcome', welcomeView(m)), `${language} welcome`);
      assertCard(renderCard('error', errorView('corr-1', undefined, m)), `${language} error`);
    }
    const de = cardText({ attachments: [{ content: renderCard('request', requestCardView(sampleRequest(), 'approver', [], messagesFor('de'))) }] });
    assert.match(de, /Lizenz ändern · REQ-ABCD23/);
    assert.match(de, /Wartet auf Genehmigung · läuft am 15\.11\.2026 ab/);
    assert.match(de, /Kosten \+1\.234,50\u00a0\$\/Monat/);
    assert.match(de, /Freie Lizenzen 12\.000 zum Zeitpunkt der Anfrage/);
    assert.match(de, /Exchange Plan 1 → Plan 2/);
    assert.match(de, /Postfach 50 GB → 100 GB/);
    const en = cardText({ attachments: [{ content: renderCard('request', requestCardView(sampleRequest(), 'approver')) }] });
    assert.match(en, /Cost \+1234\.50 USD\/month/);
    assert.match(en, /Free seats 12000 when asked/);
    assert.match(en, /Waiting for approval · expires 15 Nov 2026/);
    const failed = sampleRequest({ status: 'failed', execution: { attempts: 1, graphRequestIds: [], failure: { kind: 'usage-location', message: 'The user has no usage location (country) set, and Microsoft 365 cannot license a user without one.' } } });
    assert.match(cardText({ attachments: [{ content: renderCard('request', requestCardView(failed, 'readonly', [], messagesFor('fr'))) }] }), /Échec : Aucun emplacement d’utilisation/);
  });

  it('a request stored before languages (no phrases) still shows its English lines', () => {
    const old = sampleRequest();
    delete old.summary.phrases;
    const view = requestCardView(old, 'readonly', [], messagesFor('es'));
    assert.deepEqual(view.gains, old.summary.gains);
    assert.match(view.title, /Cambiar licencia/);
  });

  it('the report card: English reads as summarizeReport (the CLI); German is German; CSV headers stay English', async () => {
    const rig = await reportRig();
    try {
      const { report } = await rig.service().run({ inactiveDays: 90 });
      for (const variant of [report, { ...report, signInDataAvailable: false, notes: [...report.notes] }, { ...report, totals: { ...report.totals, redundantLicenses: 0 } }]) {
        const summary = summarizeReport(variant);
        const view = reportCardView(variant, 'r'.repeat(20), null);
        assert.equal(view.headline, summary.headline);
        assert.deepEqual(view.findings.map((f) => [f.label, f.value, f.detail]), summary.findings.map((f) => [f.label, f.value, f.detail.length > 200 ? `${f.detail.slice(0, 199)}…` : f.detail]));
        assert.deepEqual(view.notes, summary.notes.slice(0, 3));
      }
      const link = { url: 'https://bot.example/reports/x.csv', expiresAt: new Date('2026-11-23T12:15:00Z') };
      for (const language of LANGUAGES) assertCard(renderCard('report', reportCardView(report, 'r'.repeat(20), link, messagesFor(language))), `${language} report card`);
      const de = cardText({ attachments: [{ content: renderCard('report', reportCardView(report, 'r'.repeat(20), link, messagesFor('de'))) }] });
      assert.match(de, /Lizenzbericht/);
      assert.match(de, /14 Benutzer, davon 12 lizenziert · 23\.11\.2026, 12:00 UTC/);
      assert.match(de, /Überflüssige Lizenzen, die weiter berechnet werden/);
      assert.match(de, /\d+,\d\d\u00a0\$/);
      // The CSV is for machines and spreadsheets: one English header row whatever the reader's language.
      assert.match(toCsv(report).split(/\r?\n/)[0], /^[\x20-\x7e]+$/);
    } finally {
      await rig.close();
    }
  });
});
