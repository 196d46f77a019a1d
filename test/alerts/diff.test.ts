/** Previous incidents vs now: raised once, edited when changed, resolved when cleared, carried when not judged. */
import assert from 'node:assert/strict';
import { diffIncidents } from '../../src/alerts/diff';
import { INCIDENT_ID, incidentId } from '../../src/alerts/incident-id';
import { parseAlertKind, switchKind, wants } from '../../src/alerts/kinds';
import { digestDue, digestLines } from '../../src/alerts/digest';
import type { DigestFigures, IncidentDraft } from '../../src/alerts/types';

const draft = (key: string, affectedCount = 1, extra: Partial<IncidentDraft> = {}): IncidentDraft => ({
  key,
  kind: 'seats',
  severity: 'medium',
  cause: { code: 'subscription-ending', skuId: 's', skuPartNumber: 'SPE_E3', product: 'E3', subscriptionId: 'x', at: '2026-12-01T00:00:00Z', daysLeft: 8, window: 30, isTrial: false, status: 'Enabled', holders: 3 },
  fixes: [],
  affected: Array.from({ length: affectedCount }, (_, i) => ({ id: `p${i}`, name: `P ${i}` })),
  affectedCount,
  actions: [],
  ...extra,
});
const all = () => true;

describe('alerts: incident diff', () => {
  const t0 = new Date('2026-11-23T10:00:00Z');
  const t1 = new Date('2026-11-23T10:05:00Z');

  it('raises new ones with an id, history and no cards; nothing when nothing changed', () => {
    const first = diffIncidents([], [draft('a'), draft('a')], { now: t0, judged: all });
    assert.equal(first.raised.length, 1, 'one incident per key');
    const raised = first.raised[0];
    assert.match(raised.id, INCIDENT_ID);
    assert.equal(raised.id, incidentId('a', t0.toISOString()));
    assert.deepEqual(raised.history.map((h) => h.event), ['raised']);
    const again = diffIncidents([{ ...raised, version: 1 }], [draft('a')], { now: t1, judged: all });
    assert.deepEqual([again.raised, again.updated, again.resolved, again.reopened].map((x) => x.length), [0, 0, 0, 0]);
  });

  it('a count-down day is not a change; more people or a new window is', () => {
    const [raised] = diffIncidents([], [draft('a')], { now: t0, judged: all }).raised;
    const tomorrow = draft('a', 1, { cause: { ...(draft('a').cause as any), daysLeft: 7 } });
    assert.equal(diffIncidents([raised], [tomorrow], { now: t1, judged: all }).updated.length, 0);
    const grown = diffIncidents([raised], [draft('a', 2)], { now: t1, judged: all }).updated;
    assert.equal(grown.length, 1);
    assert.equal(grown[0].id, raised.id);
    assert.deepEqual(grown[0].history.map((h) => [h.event, h.affectedCount]), [['raised', 1], ['changed', 2]]);
  });

  it('resolves what cleared, but never what this cycle could not judge; reopens what comes back soon', () => {
    const [raised] = diffIncidents([], [draft('a')], { now: t0, judged: all }).raised;
    assert.equal(diffIncidents([raised], [], { now: t1, judged: () => false }).resolved.length, 0);
    const [resolved] = diffIncidents([raised], [], { now: t1, judged: all }).resolved;
    assert.equal(resolved.status, 'resolved');
    assert.equal(resolved.resolvedAt, t1.toISOString());
    const back = diffIncidents([resolved], [draft('a')], { now: new Date('2026-11-23T11:00:00Z'), judged: all });
    assert.equal(back.reopened.length, 1);
    assert.equal(back.reopened[0].id, raised.id);
    assert.equal(back.reopened[0].resolvedAt, undefined);
    const muchLater = diffIncidents([resolved], [draft('a')], { now: new Date('2026-11-25T11:00:00Z'), judged: all });
    assert.equal(muchLater.raised.length, 1);
    assert.notEqual(muchLater.raised[0].id, raised.id);
  });

  it('kinds: words people use, switches per approver', () => {
    assert.equal(parseAlertKind('Group errors'), 'group-errors');
    assert.equal(parseAlertKind('mailbox'), 'mailboxes');
    assert.equal(parseAlertKind('weekly digest'), 'digest');
    assert.equal(parseAlertKind('everything'), undefined);
    const off = switchKind(undefined, 'ABC', 'seats', false, t0);
    assert.deepEqual(off.off, ['seats']);
    assert.equal(wants(off, 'seats'), false);
    assert.equal(wants(off, 'digest'), true);
    assert.deepEqual(switchKind(off, 'abc', 'seats', true, t1).off, []);
  });

  it('digest: change since last week, due once a period has passed', () => {
    const figures = (waste: number, errors: number): DigestFigures => ({ at: t0.toISOString(), users: 10, licensedUsers: 8, monthlyWaste: waste, currency: 'USD', redundantLicenses: 2, groupErrors: errors, inactiveAccounts: 1, inactiveMonthlyCost: 5, seatsNearExhaustion: 1, openIncidents: 2 });
    const lines = digestLines(figures(12, 1), figures(20, 3));
    assert.equal(lines.find((l) => l.metric === 'monthlyWaste')?.change, -8);
    assert.equal(lines.find((l) => l.metric === 'groupErrors')?.change, -2);
    assert.equal(digestLines(figures(12, 1), undefined)[0].change, null);
    assert.equal(digestDue(new Date('2026-11-29T10:00:00Z'), undefined, t0.toISOString(), 7), false);
    assert.equal(digestDue(new Date('2026-11-30T10:00:00Z'), undefined, t0.toISOString(), 7), true);
    assert.equal(digestDue(new Date('2026-12-30T10:00:00Z'), undefined, t0.toISOString(), 0), false);
  });
});
