/**
 * Issue 14 over HTTP: changes made through the demo tenant's Graph API (as another admin tool would make them)
 * → the watcher's cycle → the approver's alert card through the loopback Bot Connector: its contents, exactly one
 * card, edited in place when it changes and when it resolves; the off/on switch; non-approvers; Reprocess and
 * "Request a license"; a restart raises nothing twice; a Graph failure raises and loses nothing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertValidCard } from '../helpers/card-validation';
import { cardText } from '../helpers/fake-connector';
import { startHarness, USERS, type DemoUser, type Harness } from '../helpers/bot-harness';
import { demoRequests, demoWrites, graphFetch, setFaults, SKU } from '../helpers/demo-tenant';

const DIEGO = `a:personal-${USERS.diego.id}`;
const ADELE = `a:personal-${USERS.adele.id}`;
const OUTSIDE = { 'x-demo-initiator': 'ps-admin@contoso.example' };

async function install(h: Harness, ...users: DemoUser[]): Promise<void> {
  for (const user of users) await h.say(user, 'help');
}

/** Another admin tool: a new security group licensed with E5 (no free seat), and a member added to it. */
async function outsideE5Group(h: Harness, member: DemoUser): Promise<string> {
  const group = await graphFetch(h.demo, '/groups', { body: { displayName: 'Sales E5 licensing', securityEnabled: true, mailEnabled: false, mailNickname: 'salese5' }, headers: OUTSIDE });
  assert.equal(group.status, 201);
  assert.equal((await graphFetch(h.demo, `/groups/${group.body.id}/assignLicense`, { body: { addLicenses: [{ skuId: SKU.SPE_E5, disabledPlans: [] }], removeLicenses: [] }, headers: OUTSIDE })).status, 202);
  assert.equal((await graphFetch(h.demo, `/groups/${group.body.id}/members/$ref`, { body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${member.id}` }, headers: OUTSIDE })).status, 204);
  return group.body.id;
}

/** Alert cards posted (new messages) to a conversation, optionally only those whose text matches. */
function alertPosts(h: Harness, conversationId: string, match?: RegExp) {
  return h.connector.calls.filter((c) => c.method === 'POST' && c.conversationId === conversationId && c.body?.attachments?.[0]?.content?.actions !== undefined && /Open · INC-|Resolved .* · INC-/.test(cardText(c.body)) && (!match || match.test(cardText(c.body))));
}

function alertEdits(h: Harness, activityId: string) {
  return h.connector.updates().filter((u) => u.activityId === activityId);
}

const verbs = (activity: any): string[] => (activity?.attachments?.[0]?.content?.actions ?? []).map((a: any) => a.verb);
const idIn = (activity: any): string => /INC-[2-9A-HJ-NP-Z]{8}/.exec(cardText(activity))![0];

describe('alerts over HTTP: the tenant watcher tells approvers', function () {
  this.timeout(60_000);
  let h: Harness;
  let dataDir: string | undefined;
  afterEach(async () => {
    await h?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    dataDir = undefined;
  });

  async function start(env: Record<string, string> = {}) {
    // WATCH_INTERVAL_SECONDS=0: no timer; each test drives the cycles itself.
    h = await startHarness({ WATCH_INTERVAL_SECONDS: '0', GRAPH_RETRY_DELAY_SECONDS: '0', ...env });
    await install(h, USERS.diego, USERS.adele);
    const baseline = await h.app.watcher.runCycle();
    assert.equal(baseline.ran, true);
    h.connector.clear();
  }

  it('a group-licensing error: one card with the facts and the fix, edited when it changes and when it resolves; nothing on a quiet cycle', async () => {
    await start();
    const groupId = await outsideE5Group(h, USERS.megan);
    const cycle = await h.app.watcher.runCycle();
    assert.equal(cycle.raised, 1, JSON.stringify(cycle));

    const posts = alertPosts(h, DIEGO, /Group licensing error/);
    assert.equal(posts.length, 1, 'exactly one card to the approver');
    const card = posts[0].body;
    assertValidCard(card.attachments[0].content, 'alert card');
    const text = cardText(card);
    assert.match(text, /Group licensing error: Microsoft 365 E5 in "Sales E5 licensing"/);
    assert.match(text, /1 member of "Sales E5 licensing" did not get Microsoft 365 E5: there is no free Microsoft 365 E5 seat\. 1 seat short \(0 free\)\./);
    assert.match(text, /People affected \(1\)[\s\S]*Megan Bowen \(MeganB@contoso\.example\)/);
    assert.match(text, /Buy 1 Microsoft 365 E5 license/);
    assert.match(text, /Remove the people who should not have it from "Sales E5 licensing"/);
    assert.match(text, /raised \(high\) · 1 person/);
    assert.deepEqual(verbs(card), ['alert.reprocess']);
    assert.equal(alertPosts(h, ADELE).length, 0, 'non-approvers get nothing');
    // The seats of E5 escalated in place: the existing seats card is edited, not a second one posted.
    assert.ok(h.connector.updates(DIEGO).some((u) => /No Microsoft 365 E5 seats left[\s\S]*1 group member is waiting/.test(cardText(u.body))));
    assert.equal(alertPosts(h, DIEGO).length, 1);

    // Nothing changed: the 4 cheap reads plus one per group in error (its failing members), no card posted or edited.
    h.connector.clear();
    const before = (await demoRequests(h.demo)).count;
    const quiet = await h.app.watcher.runCycle();
    assert.equal((await demoRequests(h.demo)).count - before, 4 + 1, JSON.stringify(quiet));
    assert.equal(quiet.detailRead, false);
    assert.equal(h.connector.calls.length, 0);

    // A second member fails too: the same card is edited.
    await graphFetch(h.demo, `/groups/${groupId}/members/$ref`, { body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${USERS.alex.id}` }, headers: OUTSIDE });
    const grew = await h.app.watcher.runCycle();
    assert.equal(grew.raised, 0);
    // Same groups in error, same seat counts: the per-group read of failing members sees it in this very cycle.
    assert.equal(grew.updated >= 1, true, JSON.stringify(grew));
    const edits = alertEdits(h, posts[0].activityId!);
    assert.ok(edits.length >= 1);
    assert.match(cardText(edits[edits.length - 1].body), /People affected \(2\)[\s\S]*Alex Wilber[\s\S]*Megan Bowen/);
    assert.match(cardText(edits[edits.length - 1].body), /changed \(high\) · 2 people/);
    assert.equal(alertPosts(h, DIEGO).length, 0, 'no second card');

    // Fixed outside (both removed from the group): resolved, the card edited to say so, no buttons.
    for (const user of [USERS.megan, USERS.alex]) await graphFetch(h.demo, `/groups/${groupId}/members/${user.id}/$ref`, { method: 'DELETE', headers: OUTSIDE });
    const fixed = await h.app.watcher.runCycle();
    assert.ok(fixed.resolved >= 1, JSON.stringify(fixed));
    const last = alertEdits(h, posts[0].activityId!).pop()!;
    assert.match(cardText(last.body), /Resolved: Group licensing error/);
    assert.match(cardText(last.body), /· resolved/);
    assert.deepEqual(verbs(last.body), []);
    assert.equal(alertPosts(h, DIEGO).length, 0);
    assert.equal((await h.app.alertStore.openIncidents()).filter((i) => i.kind === 'group-errors').length, 0);
  });

  it('Reprocess is for approvers, on the stored incident: it calls reprocessLicenseAssignment for the failing members and records it', async () => {
    await start();
    await outsideE5Group(h, USERS.megan);
    await h.app.watcher.runCycle();
    const post = alertPosts(h, DIEGO, /Group licensing error/)[0];
    const id = idIn(post.body);

    const refused = await h.click(USERS.adele, 'alert.reprocess', { incidentId: id });
    assert.equal(refused.status, 200);
    assert.match(cardText({ attachments: [{ content: refused.body.value }] }), /Alerts are for license approvers/);
    const forged = await h.click(USERS.diego, 'alert.reprocess', { incidentId: id, groupId: 'someone-else', users: [USERS.lee.id] });
    assert.match(cardText({ attachments: [{ content: forged.body.value }] }), /Reprocessing 1 user now/);
    await h.app.alerts.settled();
    const writes = (await demoWrites(h.demo)).filter((w) => /reprocessLicenseAssignment/.test(w.path));
    assert.deepEqual(writes.map((w) => w.path), [`/users/${USERS.megan.id}/reprocessLicenseAssignment`], 'the card data named others: ignored');
    const stored = await h.app.alertStore.incident(id);
    assert.equal(stored?.history.at(-1)?.event, 'reprocessed');
    assert.equal(stored?.history.at(-1)?.by, USERS.diego.name);
    assert.ok(alertEdits(h, post.activityId!).some((u) => /Diego Siciliani reprocessed 1 user/.test(cardText(u.body))));
    assert.equal((await h.app.alertStore.watchState()).refreshRequested, true, 'the next cycle re-reads the group');

    const bad = await h.click(USERS.diego, 'alert.reprocess', { incidentId: 'REQ-1234' });
    assert.equal(bad.status, 400);
  });

  it('alerts off <kind> stops that kind for that approver; alerts on brings the open ones; the list is for approvers only', async () => {
    await start();
    const [off] = await h.say(USERS.diego, 'alerts off group errors');
    assert.match(cardText(off), /group-errors alerts are off/);
    assert.deepEqual((await h.app.alertStore.preferences(USERS.diego.id))?.off, ['group-errors']);
    await outsideE5Group(h, USERS.megan);
    await h.app.watcher.runCycle();
    assert.equal(alertPosts(h, DIEGO, /Group licensing error/).length, 0, 'switched off');

    const [list] = await h.say(USERS.diego, 'alerts');
    assert.match(cardText(list), /Open alerts \(\d\)[\s\S]*Group licensing error: Microsoft 365 E5/);
    assert.match(cardText(list), /switched off: group-errors/);
    const [refusal] = await h.say(USERS.adele, 'alerts');
    assert.match(cardText(refusal), /Alerts are for license approvers/);
    assert.doesNotMatch(cardText(refusal), /Microsoft 365 E5/);
    const [unknown] = await h.say(USERS.diego, 'alerts off everything');
    assert.match(cardText(unknown), /No alert kind "everything"/);

    h.connector.clear();
    const [on] = await h.say(USERS.diego, 'alerts on group-errors');
    assert.match(cardText(on), /group-errors alerts are on/);
    await h.app.watcher.runCycle();
    assert.equal(alertPosts(h, DIEGO, /Group licensing error/).length, 1, 'the open incident arrives once switched on');
    await h.app.watcher.runCycle();
    assert.equal(alertPosts(h, DIEGO, /Group licensing error/).length, 1, 'and only once');
  });

  it('a license change outside License Desk that leaves no mailbox: high severity, "Request a license" opens the pre-filled form; License Desk\'s own changes are not reported', async () => {
    await start();
    // Adele's only Exchange plan comes with E3.
    const write = await graphFetch(h.demo, `/users/${USERS.adele.id}/assignLicense`, { body: { addLicenses: [], removeLicenses: [SKU.SPE_E3] }, headers: OUTSIDE });
    assert.equal(write.status, 200);
    // License Desk itself (its gateway names it) removes Alex's Business Basic: not "outside".
    await h.app.graph.assignLicense(USERS.alex.id, [], [SKU.BUSINESS_BASIC]);
    await h.app.watcher.runCycle();

    const posts = alertPosts(h, DIEGO, /mailbox is disconnected/);
    assert.equal(posts.length, 1, cardText(posts[1]?.body));
    const text = cardText(posts[0].body);
    assert.match(text, /Adele Vance's mailbox is disconnected/);
    assert.match(text, /ps-admin@contoso\.example changed Adele Vance's licenses on .* \(removed Microsoft 365 E3\), outside License Desk/);
    assert.match(text, /its data is deleted 30 days after/);
    assert.match(text, /Severity High/);
    assert.match(text, /To restore Microsoft 365 E3/);
    assert.deepEqual(verbs(posts[0].body), ['alert.requestLicense']);
    assert.equal(alertPosts(h, DIEGO, /Alex Wilber's mailbox/).length, 0);

    const click = await h.click(USERS.diego, 'alert.requestLicense', { incidentId: idIn(posts[0].body) });
    assert.equal(click.status, 200);
    const form = click.body.value;
    assertValidCard(form, 'pre-filled request form');
    const inputs = new Map<string, any>();
    const walk = (n: any) => {
      if (!n || typeof n !== 'object') return;
      if (Array.isArray(n)) return n.forEach(walk);
      if (typeof n.id === 'string' && String(n.type).startsWith('Input.')) inputs.set(n.id, n.value);
      Object.values(n).forEach(walk);
    };
    walk(form);
    assert.equal(inputs.get('target'), USERS.adele.upn);
    assert.equal(inputs.get('product'), 'SPE_E3');
    assert.match(inputs.get('reason'), /Restore the mailbox/);
    assert.match(cardText({ attachments: [{ content: (await h.click(USERS.adele, 'alert.requestLicense', { incidentId: idIn(posts[0].body) })).body.value }] }), /Alerts are for license approvers/);

    // Given back (by anyone): resolved, edited in place.
    await graphFetch(h.demo, `/users/${USERS.adele.id}/assignLicense`, { body: { addLicenses: [{ skuId: SKU.SPE_E3, disabledPlans: [] }], removeLicenses: [] }, headers: OUTSIDE });
    const cycle = await h.app.watcher.runCycle();
    assert.ok(cycle.resolved >= 1);
    assert.match(cardText(alertEdits(h, posts[0].activityId!).pop()!.body), /Resolved: Adele Vance's mailbox is disconnected/);
  });

  it('without AuditLog.Read.All the watcher says once that the mailbox watch is off, and why; granted → resolved', async () => {
    await start();
    await setFaults(h.demo, { failNext: 1000, failNextStatus: 403, failMatch: 'auditLogs' });
    await h.app.watcher.runCycle();
    await h.app.watcher.runCycle();
    const posts = alertPosts(h, DIEGO, /watch is off/);
    assert.equal(posts.length, 1);
    assert.match(cardText(posts[0].body), /The mailbox-at-risk watch is off[\s\S]*refused to read the directory audit log \(403 Authorization_RequestDenied\)[\s\S]*AuditLog\.Read\.All/);
    await setFaults(h.demo, {});
    await h.app.watcher.runCycle();
    assert.match(cardText(alertEdits(h, posts[0].activityId!).pop()!.body), /Resolved: The mailbox-at-risk watch is off/);
  });

  it('each approver gets the alert card in their stored language; edits keep it; `alerts` answers in the asker\'s language', async () => {
    await start();
    // Diego uses Teams in German: his conversation is stored with "de" when he next talks to the bot.
    await h.say(USERS.diego, 'help', { locale: 'de-DE' });
    h.connector.clear();
    const groupId = await outsideE5Group(h, USERS.megan);
    await h.app.watcher.runCycle();

    const posts = h.connector.calls.filter((c) => c.method === 'POST' && c.conversationId === DIEGO && /Offen · INC-/.test(cardText(c.body)) && /Fehler bei der gruppenbasierten Lizenzierung/.test(cardText(c.body)));
    assert.equal(posts.length, 1, 'one German card');
    assertValidCard(posts[0].body.attachments[0].content, 'German alert card');
    const text = cardText(posts[0].body);
    assert.match(text, /Fehler bei der gruppenbasierten Lizenzierung: Microsoft 365 E5 in „Sales E5 licensing“/);
    assert.match(text, /1 Mitglied von „Sales E5 licensing“ hat Microsoft 365 E5 nicht erhalten: keine Microsoft 365 E5-Lizenz frei\. Es fehlt 1 Lizenz \(0 frei\)\./);
    assert.match(text, /Schweregrad Hoch/);
    assert.match(text, /Gemeldet \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} UTC/);
    assert.match(text, /Betroffene Personen \(1\)[\s\S]*Megan Bowen/);
    assert.match(text, /Was zu tun ist[\s\S]*1 Microsoft 365 E5-Lizenz kaufen/);
    assert.match(text, /gemeldet \(hoch\) · 1 Person/);
    assert.deepEqual(posts[0].body.attachments[0].content.actions.map((a: any) => a.title), ['Erneut verarbeiten']);
    assert.doesNotMatch(text, /Group licensing error|What to do|People affected|History|Severity/);
    // The seats card that escalated in place is German too.
    assert.ok(h.connector.updates(DIEGO).some((u) => /Keine Microsoft 365 E5-Lizenzen mehr frei[\s\S]*1 Gruppenmitglied wartet auf eine/.test(cardText(u.body))));

    // Resolved: the card is edited in German.
    await graphFetch(h.demo, `/groups/${groupId}/members/${USERS.megan.id}/$ref`, { method: 'DELETE', headers: OUTSIDE });
    await h.app.watcher.runCycle();
    assert.match(cardText(alertEdits(h, posts[0].activityId!).pop()!.body), /^Behoben: Fehler bei der gruppenbasierten Lizenzierung[\s\S]*· behoben/);

    // The command answers in the language of the message that asks.
    await outsideE5Group(h, USERS.alex);
    await h.app.watcher.runCycle();
    const [list] = await h.say(USERS.diego, 'alerts', { locale: 'fr-FR' });
    assertValidCard(list.attachments[0].content, 'French alerts list');
    const listText = cardText(list);
    assert.match(listText, /^Alertes ouvertes \(\d\)/);
    assert.match(listText, /Erreur de licences basées sur les groupes : Microsoft 365 E5 dans « Sales E5 licensing »/);
    assert.match(listText, /élevée · INC-[2-9A-HJ-NP-Z]{8} · depuis le \d{1,2} \S+ \d{4}, \d{2}:\d{2} UTC · personnes concernées : 1/);
    assert.match(listText, /Vous recevez : erreurs de licences basées sur les groupes \(group-errors\)/);
    assert.doesNotMatch(listText, /Open alerts|You get/);
    const [off] = await h.say(USERS.diego, 'alerts off seats', { locale: 'es-ES' });
    assert.match(cardText(off), /Alertas de licencias libres \(seats\) desactivadas/);
    assert.match(cardText(off), /Desactivadas: licencias libres \(seats\)\./);
  });

  it('a Graph failure mid-cycle raises nothing and loses nothing: the next cycle catches up', async () => {
    await start();
    await outsideE5Group(h, USERS.megan);
    await setFaults(h.demo, { failNext: 1, failNextStatus: 400, failMatch: 'membersWithLicenseErrors' });
    const failed = await h.app.watcher.runCycle();
    assert.equal(failed.reason, 'graph-failure');
    assert.equal(failed.raised + failed.resolved + failed.updated, 0);
    assert.equal(alertPosts(h, DIEGO).length, 0);
    const next = await h.app.watcher.runCycle();
    assert.equal(next.raised, 1);
    assert.equal(alertPosts(h, DIEGO, /Group licensing error/).length, 1);
  });

  it('a restart raises nothing twice', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'license-desk-alerts-'));
    await start({ DATA_DIR: dataDir });
    await outsideE5Group(h, USERS.megan);
    await h.app.watcher.runCycle();
    assert.equal(alertPosts(h, DIEGO, /Group licensing error/).length, 1);
    const before = (await h.app.alertStore.openIncidents()).map((i) => i.id).sort();
    await h.restartBot({ WATCH_INTERVAL_SECONDS: '0', GRAPH_RETRY_DELAY_SECONDS: '0', DATA_DIR: dataDir });
    h.connector.clear();
    const cycle = await h.app.watcher.runCycle();
    assert.equal(cycle.raised, 0, JSON.stringify(cycle));
    assert.equal(alertPosts(h, DIEGO).length, 0, 'no card posted again');
    assert.deepEqual((await h.app.alertStore.openIncidents()).map((i) => i.id).sort(), before);
  });

  it('the weekly digest: a week after the watch started, to approvers who want it, with the change since last week', async () => {
    let clock = new Date('2026-11-23T12:00:00Z');
    h = await startHarness({ env: { WATCH_INTERVAL_SECONDS: '0', GRAPH_RETRY_DELAY_SECONDS: '0' }, now: () => clock });
    await install(h, USERS.diego, USERS.adele);
    await h.app.watcher.runCycle();
    const digests = () => h.connector.sent(DIEGO).filter((a) => /Weekly license digest/.test(cardText(a)));
    assert.equal(digests().length, 0, 'not on the first day');
    clock = new Date('2026-11-30T12:00:00Z');
    const first = await h.app.watcher.runCycle();
    assert.equal(first.digestSent, true);
    assert.equal(digests().length, 1);
    assertValidCard(digests()[0].attachments[0].content, 'digest');
    assert.match(cardText(digests()[0]), /the first digest: next week shows the change/);
    assert.equal(h.connector.sent(ADELE).filter((a) => /Weekly license digest/.test(cardText(a))).length, 0, 'approvers only');
    assert.equal((await h.app.watcher.runCycle()).digestSent, false, 'once a week');

    // A week later, with a group-licensing error more: the change is shown.
    await outsideE5Group(h, USERS.megan);
    clock = new Date('2026-12-07T12:00:00Z');
    await h.app.watcher.runCycle();
    const second = digests().at(-1)!;
    assert.equal(digests().length, 2);
    assert.match(cardText(second), /compared with 2026-11-30/);
    assert.match(cardText(second), /Group licensing errors 1 \(\+1 ▲\)/);
    await h.say(USERS.diego, 'alerts off digest');
    clock = new Date('2026-12-14T12:00:00Z');
    await h.app.watcher.runCycle();
    assert.equal(digests().length, 2, 'switched off');
  });
});
