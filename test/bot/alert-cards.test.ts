/** The alert, alerts-list and digest cards render valid Adaptive Cards 1.5 with the words an admin expects. */
import assert from 'node:assert/strict';
import { digestFigures, digestLines } from '../../src/alerts/digest';
import { incidentId } from '../../src/alerts/incident-id';
import type { Cause, Incident } from '../../src/alerts/types';
import { ProactiveAlertNotifier } from '../../src/bot/alert-notifier';
import { LANGUAGES, messagesFor } from '../../src/bot/i18n';
import { renderCard } from '../../src/bot/render';
import { alertsListView } from '../../src/bot/views/alerts-list-view';
import { digestView } from '../../src/bot/views/digest-view';
import { assertValidCard } from '../helpers/card-validation';
import { cardText } from '../helpers/fake-connector';
import { NOW, reportRig } from '../report/helpers';

const product = { skuId: 's', skuPartNumber: 'SPE_E3', product: 'Microsoft 365 E3' };
const CAUSES: Cause[] = [
  { code: 'group-license-error', ...product, groupId: 'g', groupName: 'Ops', error: 'CountViolation', seatsShort: 2, free: 0 },
  { code: 'seats-exhausted', ...product, enabled: 5, consumed: 5, waitingRequests: 1, waitingMembers: 2 },
  { code: 'seats-low', ...product, enabled: 25, consumed: 24, free: 1, pendingRequests: 0 },
  { code: 'seats-over', ...product, enabled: 5, consumed: 7 },
  { code: 'units-suspended', ...product, units: 3 },
  { code: 'subscription-ending', ...product, subscriptionId: 'x', at: '2026-12-01T00:00:00Z', daysLeft: 8, window: 30, isTrial: true, status: 'Enabled', holders: 4 },
  { code: 'subscription-status', ...product, subscriptionId: 'x', status: 'Suspended', at: null, isTrial: false, holders: 4 },
  { code: 'mailbox-disconnected', userId: 'u', user: 'Adele Vance', upn: 'adele@contoso.example', changedAt: '2026-11-23T10:00:00.000Z', deletedAfter: '2026-12-23T10:00:00.000Z', initiator: 'admin@contoso.example', removed: [product], restore: product },
  { code: 'watch-off', watch: 'mailboxes', permission: 'AuditLog.Read.All', status: 403, graphCode: 'Authorization_RequestDenied' },
];

function incident(cause: Cause, status: 'open' | 'resolved' = 'open'): Incident {
  const at = '2026-11-23T10:00:00.000Z';
  return {
    key: `k|${cause.code}`,
    kind: 'seats',
    severity: 'high',
    cause,
    fixes: [{ code: 'buy-seats', count: 2, product: 'Microsoft 365 E3' }, { code: 'reprocess' }],
    affected: [{ id: 'p', name: 'Megan Bowen', upn: 'megan@contoso.example' }],
    affectedCount: 3,
    actions: cause.code === 'mailbox-disconnected' ? ['request-license'] : cause.code === 'group-license-error' ? ['reprocess'] : [],
    id: incidentId(`k|${cause.code}`, at),
    status,
    raisedAt: at,
    updatedAt: at,
    ...(status === 'resolved' ? { resolvedAt: '2026-11-23T11:00:00.000Z' } : {}),
    history: [{ at, event: 'raised', severity: 'high', affectedCount: 3 }, { at: '2026-11-23T10:30:00.000Z', event: 'reprocessed', by: 'Diego Siciliani', sent: 3, failed: 1 }],
    cards: [],
    version: 1,
  };
}

describe('alert cards', () => {
  for (const cause of CAUSES) {
    it(`${cause.code}: a valid card, open and resolved`, () => {
      const open = ProactiveAlertNotifier.card(incident(cause));
      assertValidCard(open, cause.code);
      const text = cardText({ attachments: [{ content: open }] });
      assert.match(text, /Megan Bowen \(megan@contoso\.example\)/);
      assert.match(text, /… and 2 more/);
      assert.match(text, /Diego Siciliani reprocessed 3 users \(1 refused by Graph\)/);
      assert.match(text, /What to do[\s\S]*Buy 2 Microsoft 365 E3 licenses/);
      const resolved = ProactiveAlertNotifier.card(incident(cause, 'resolved'));
      assertValidCard(resolved, `${cause.code} resolved`);
      assert.match(cardText({ attachments: [{ content: resolved }] }), /^Resolved: /);
      assert.deepEqual((resolved as any).actions ?? [], []);
    });
  }

  it('text from the tenant (names) is never evaluated as a template', () => {
    const evil = incident({ ...(CAUSES[0] as any), groupName: 'Ops ${1+1}' });
    evil.affected = [{ id: 'p', name: '${$root.title}' }];
    const text = cardText({ attachments: [{ content: ProactiveAlertNotifier.card(evil) }] });
    assert.match(text, /in "Ops \$\{1\+1\}"/);
    assert.match(text, /• \$\{\$root\.title\}/);
  });

  it('the alerts list and the switches', () => {
    const list = renderCard('alerts', alertsListView([incident(CAUSES[0])], { aadObjectId: 'x', off: ['digest'], updatedAt: '' }));
    assertValidCard(list, 'alerts list');
    const text = cardText({ attachments: [{ content: list }] });
    assert.match(text, /Open alerts \(1\)[\s\S]*Group licensing error: Microsoft 365 E3 in "Ops"/);
    assert.match(text, /switched off: digest/);
    assert.match(cardText({ attachments: [{ content: renderCard('alerts', alertsListView([], undefined)) }] }), /Nothing needs you right now/);
  });

  it('the weekly digest: the report summary with the change since last week', async () => {
    const rig = await reportRig();
    try {
      const { report } = await rig.service().run();
      const figures = digestFigures(report, 2, NOW);
      const previous = { ...figures, at: '2026-11-16T12:00:00.000Z', monthlyWaste: figures.monthlyWaste + 10, groupErrors: figures.groupErrors + 1, openIncidents: 2 };
      const card = renderCard('digest', digestView({ figures, lines: digestLines(figures, previous), report, previousAt: previous.at }));
      assertValidCard(card, 'digest');
      const text = cardText({ attachments: [{ content: card }] });
      assert.match(text, /Weekly license digest/);
      assert.match(text, /compared with 2026-11-16/);
      assert.match(text, /Redundant licenses cost .*\/month \(−\$10\.00 ▼\)/);
      assert.match(text, /Open alerts 2 \(no change\)/);
    } finally {
      await rig.close();
    }
  });

  describe('in the reader\'s language', () => {
    /** Words of the English card that must not survive in a translated one. */
    const ENGLISH = /What to do|History|People affected|Who would lose it|Severity|Raised|Resolved|Buy \d|reprocessed|and \d+ more|Open ·/;
    const big = (cause: Cause, status: 'open' | 'resolved' = 'open'): Incident => ({ ...incident(cause, status), affectedCount: 1234 });

    for (const language of LANGUAGES) {
      it(`${language}: every cause gives a valid card, open and resolved${language === 'en' ? '' : ', with no English left'}`, () => {
        const m = messagesFor(language);
        for (const cause of CAUSES) {
          for (const status of ['open', 'resolved'] as const) {
            const card = ProactiveAlertNotifier.card(big(cause, status), m.t('alert.notice.nobody'), m);
            assertValidCard(card, `${language} ${cause.code} ${status}`);
            const text = cardText({ attachments: [{ content: card }] });
            if (language !== 'en') assert.doesNotMatch(text, ENGLISH, `${language} ${cause.code} ${status}`);
          }
        }
      });
    }

    it('German: title, cause, fix, facts and history in German; dates and numbers in the German format', () => {
      const m = messagesFor('de');
      const card = ProactiveAlertNotifier.card({ ...incident(CAUSES[0]), affectedCount: 1234, fixes: [{ code: 'buy-seats', count: 1500, product: 'Microsoft 365 E3' }, { code: 'reprocess' }] }, undefined, m);
      const text = cardText({ attachments: [{ content: card }] });
      assert.match(text, /^Fehler bei der gruppenbasierten Lizenzierung: Microsoft 365 E3 in „Ops“$/m);
      assert.match(text, /^Offen · INC-/m);
      assert.match(text, /1\.234 Mitglieder von „Ops“ haben Microsoft 365 E3 nicht erhalten: keine Microsoft 365 E3-Lizenz frei\. Es fehlen 2 Lizenzen \(0 frei\)\./);
      assert.match(text, /Schweregrad Hoch/);
      assert.match(text, /Gemeldet 23\.11\.2026, 10:00 UTC/);
      assert.match(text, /Betroffene Personen \(1\.234\)/);
      assert.match(text, /… und 1\.233 weitere \(siehe Bericht\)/);
      assert.match(text, /Was zu tun ist\n• 1\.500 Microsoft 365 E3-Lizenzen kaufen \(Microsoft 365 Admin Center → Abrechnung → Lizenzen\)\./);
      assert.match(text, /Dann auf „Erneut verarbeiten“ klicken/);
      assert.match(text, /Verlauf\n23\.11\.2026, 10:00 UTC · gemeldet \(hoch\) · 3 Personen\n23\.11\.2026, 10:30 UTC · Diego Siciliani hat 3 Benutzer erneut verarbeitet \(1 von Graph abgelehnt\)/);
      assert.deepEqual((card as any).actions.map((a: any) => a.title), ['Erneut verarbeiten']);

      const mailbox = cardText({ attachments: [{ content: ProactiveAlertNotifier.card(incident(CAUSES[7]), undefined, m) }] });
      assert.match(mailbox, /^Das Postfach von Adele Vance ist getrennt$/m);
      assert.match(mailbox, /admin@contoso\.example hat die Lizenzen von Adele Vance am 23\.11\.2026, 10:00 UTC außerhalb von License Desk geändert \(entfernt: Microsoft 365 E3\)/);
      assert.match(mailbox, /Daten gelöscht nach 23\.12\.2026/);
      assert.deepEqual((ProactiveAlertNotifier.card(incident(CAUSES[7]), undefined, m) as any).actions.map((a: any) => a.title), ['Lizenz anfordern']);
      const resolved = cardText({ attachments: [{ content: ProactiveAlertNotifier.card(incident(CAUSES[1], 'resolved'), undefined, m) }] });
      assert.match(resolved, /^Behoben: Keine Microsoft 365 E3-Lizenzen mehr frei\nBehoben am 23\.11\.2026, 11:00 UTC · INC-/);
    });

    it('French: the alerts list and its switches', () => {
      const m = messagesFor('fr');
      const text = cardText({ attachments: [{ content: renderCard('alerts', alertsListView([incident(CAUSES[0])], { aadObjectId: 'x', off: ['digest'], updatedAt: '' }, m)) }] });
      assert.match(text, /^Alertes ouvertes \(1\)$/m);
      assert.match(text, /Erreur de licences basées sur les groupes : Microsoft 365 E3 dans « Ops »/);
      assert.match(text, /élevée · INC-\S+ · depuis le 23 nov\. 2026, 10:00 UTC · personnes concernées : 3/);
      assert.match(text, /désactivées : résumé hebdomadaire \(digest\)\./);
      assert.match(text, /« alerts off ‹type› »/);
      assert.match(cardText({ attachments: [{ content: renderCard('alerts', alertsListView([], undefined, m)) }] }), /^Alertes ouvertes\nRien ne requiert votre attention/);
    });

    it('Spanish and German digests: labels, money and dates in the locale', async () => {
      const rig = await reportRig();
      try {
        const { report } = await rig.service().run();
        const figures = digestFigures(report, 2, NOW);
        const previous = { ...figures, at: '2026-11-16T12:00:00.000Z', monthlyWaste: figures.monthlyWaste + 10, openIncidents: 2 };
        const digest = { figures, lines: digestLines(figures, previous), report, previousAt: previous.at };
        const de = renderCard('digest', digestView(digest, messagesFor('de')));
        assertValidCard(de, 'German digest');
        const deText = cardText({ attachments: [{ content: de }] });
        assert.match(deText, /^Wöchentliche Lizenzübersicht\n\d{2}\.\d{2}\.\d{4} · verglichen mit 16\.11\.2026/);
        assert.match(deText, /Kosten überflüssiger Lizenzen [\d.,]+\u00a0\$\/Monat \(−10,00\u00a0\$ ▼\)/);
        assert.match(deText, /Offene Warnungen 2 \(unverändert\)/);
        assert.doesNotMatch(deText, /Weekly|month|no change|Send "report"/);
        const es = cardText({ attachments: [{ content: renderCard('digest', digestView({ ...digest, previousAt: undefined, lines: digestLines(figures, undefined) }, messagesFor('es'))) }] });
        assert.match(es, /^Resumen semanal de licencias\n.* · el primer resumen/);
        assert.match(es, /Alertas abiertas 2/);
      } finally {
        await rig.close();
      }
    });
  });
});
