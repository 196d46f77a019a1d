/**
 * Issue 15: what real Graph does that a friendly server would not, served by the demo tenant and handled by the
 * gateway and the services: managers that are organizational contacts, absolute nextLinks and small pages,
 * $batch answers out of order, the signInActivity page cap, concealed report names, group names on errors.
 */
import assert from 'node:assert/strict';
import { licenseCardView } from '../../src/bot/views/license-view';
import { createGraphGateway } from '../../src/graph/gateway';
import { Catalog } from '../../src/licensing/catalog';
import { LicenseQueries } from '../../src/services/license-queries';
import { ApproverGroup } from '../../src/services/approvers';
import { contosoFixture, demoRequests, graphFetch, GROUP, guidFor, setFaults, SKU, startDemoWithGateway, USER, type DemoAndGateway } from '../helpers/demo-tenant';
import { reportRig } from '../report/helpers';

const CONTACT = { partner: guidFor(0xc0, 1), advisor: guidFor(0xc0, 2) };

/** Contoso where Adele reports to an external partner (a contact) who reports to Diego; the advisor reports to a contact. */
function contactsFixture(): any {
  const f = contosoFixture();
  f.contacts = [
    { id: CONTACT.partner, displayName: 'Pat Partner', mail: 'pat@fabrikam.example', manager: USER.diego },
    { id: CONTACT.advisor, displayName: 'Ada Advisor', mail: 'ada@fabrikam.example', manager: CONTACT.partner },
  ];
  f.users.find((u: any) => u.id === USER.adele).manager = CONTACT.partner;
  return f;
}

describe('real Graph shapes: managers that are organizational contacts', () => {
  let t: DemoAndGateway;
  before(async () => {
    t = await startDemoWithGateway(contactsFixture());
  });
  after(() => t.close());

  it('the demo serves a contact manager as #microsoft.graph.orgContact, and /contacts/{id}/manager', async () => {
    const manager = (await graphFetch(t.demo, `/users/${USER.adele}/manager?$select=id,displayName,userPrincipalName,mail`)).body;
    assert.equal(manager['@odata.type'], '#microsoft.graph.orgContact');
    assert.equal(manager.displayName, 'Pat Partner');
    assert.equal('userPrincipalName' in manager, false, 'a contact has no UPN');
    const up = (await graphFetch(t.demo, `/contacts/${CONTACT.partner}/manager?$select=id,displayName`)).body;
    assert.equal(up['@odata.type'], '#microsoft.graph.user');
    assert.equal(up.id, USER.diego);
    assert.equal((await graphFetch(t.demo, `/users/${CONTACT.partner}/manager`)).status, 404, 'a contact is not a user');
  });

  it('getManagerChain walks through the contact to the user above it', async () => {
    const chain = await t.graph.getManagerChain(USER.alex);
    assert.deepEqual(chain.map((m) => [m.displayName, m.objectType ?? 'user']), [['Adele Vance', 'user'], ['Pat Partner', 'contact'], ['Diego Siciliani', 'user']]);
  });

  it('a chain that cannot read /contacts (403, OrgContact.Read.All missing) stops at the contact and never fails', async () => {
    await setFaults(t.demo, { failNext: 5, failNextStatus: 403, failMatch: '/contacts/' });
    try {
      const chain = await t.graph.getManagerChain(USER.alex);
      assert.deepEqual(chain.map((m) => m.displayName), ['Adele Vance', 'Pat Partner']);
    } finally {
      await setFaults(t.demo, {});
    }
  });

  it('license lookups about a user with a contact manager answer (no "not in the directory")', async () => {
    const queries = new LicenseQueries({ graph: t.graph, catalog: Catalog.bundled(), approvers: new ApproverGroup(t.graph, GROUP.approvers) });
    // Diego is an approver and, through the contact, Adele's manager.
    assert.equal((await queries.of(USER.diego, 'AdeleV@contoso.example')).kind, 'ok');
    // Patti is neither: refused, not an error.
    assert.equal((await queries.of(USER.patti, 'AdeleV@contoso.example')).kind, 'refused');
    assert.deepEqual(await queries.of(USER.diego, 'nobody@contoso.example'), { kind: 'not-found', query: 'nobody@contoso.example' });
  });

  it('direct reports of a manager with contacts under them are the users only', async () => {
    const reports = await t.graph.getDirectReports(USER.diego);
    assert.ok(reports.every((r) => r.objectType === undefined));
    assert.ok(!reports.some((r) => r.id === CONTACT.partner));
  });
});

describe('real Graph shapes: paging and $batch', () => {
  it('small pages (maxPageSize) through absolute nextLinks: the scan still sees everyone', async () => {
    const f = contosoFixture();
    f.demo = { maxPageSize: 3 };
    const t = await startDemoWithGateway(f);
    try {
      const before = (await demoRequests(t.demo)).count;
      const ids: string[] = [];
      for await (const user of t.graph.scanUsers()) ids.push(user.id);
      assert.equal(new Set(ids).size, 14);
      assert.equal((await demoRequests(t.demo)).count - before, 5, 'ceil(14 / 3) pages although $top=999');
      const page = (await graphFetch(t.demo, '/users?$top=999')).body;
      assert.equal(page.value.length, 3);
      assert.ok(String(page['@odata.nextLink']).startsWith(`${t.demo.baseUrl}/users?`));
    } finally {
      await t.close();
    }
  });

  it('the default page size comes from the fixture or the start options (DEMO_PAGE_SIZE)', async () => {
    const f = contosoFixture();
    f.demo = { pageSize: 4 };
    const t = await startDemoWithGateway(f, {}, { behaviour: { pageSize: 5 } });
    try {
      assert.equal((await graphFetch(t.demo, '/users')).body.value.length, 5, 'the start option wins');
    } finally {
      await t.close();
    }
  });

  it('a nextLink behind a TLS proxy is https; one to another plain-http origin is refused', async () => {
    const t = await startDemoWithGateway();
    try {
      const page = (await graphFetch(t.demo, '/users?$top=2', { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'graph.contoso.example' } })).body;
      assert.ok(String(page['@odata.nextLink']).startsWith('https://graph.contoso.example/v1.0/users?'));
    } finally {
      await t.close();
    }
    const evil = createGraphGateway({
      baseUrl: 'http://127.0.0.1:9/v1.0',
      fetchImpl: (async () => new Response(JSON.stringify({ value: [{ id: 'a' }], '@odata.nextLink': 'http://elsewhere.example/v1.0/users?$skiptoken=x' }), { status: 200, headers: { 'content-type': 'application/json' } })) as typeof fetch,
    });
    await assert.rejects(async () => {
      for await (const _ of evil.scanUsers()) void _;
    }, (e: any) => e.code === 'UnsafeNextLink');
  });

  it('$batch answers come back out of order and are matched by id', async () => {
    const t = await startDemoWithGateway();
    try {
      const requests = Array.from({ length: 10 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: `/users/${Object.values(USER)[i]}?$select=id` }));
      const answer = (await graphFetch(t.demo, '/$batch', { body: { requests } })).body;
      assert.notDeepEqual(answer.responses.map((r: any) => r.id), requests.map((r) => r.id));
      const users = await t.graph.batchGetUsers(Object.values(USER));
      for (const [id, user] of users) assert.equal(user?.id, id);
      const names = await t.graph.getGroupNames([GROUP.approvers, GROUP.operationsE3]);
      assert.equal(names.get(GROUP.approvers), 'License Approvers');
      assert.equal(names.get(GROUP.operationsE3), 'Operations E3 licensing');
    } finally {
      await t.close();
    }
  });
});

describe('real Graph shapes: signInActivity pages', () => {
  it('the demo refuses $top above 120 with signInActivity, as Graph has; the gateway asks for 120', async () => {
    const t = await startDemoWithGateway();
    try {
      const refused = await graphFetch(t.demo, '/users?$select=id,signInActivity&$top=999');
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error.message, 'Cannot query data for more than 120 users at a time.');
      let n = 0;
      for await (const _ of t.graph.scanUsers({ select: ['id', 'signInActivity'] })) n++;
      assert.equal(n, 14);
      const log = await demoRequests(t.demo);
      assert.match(log.recent[log.recent.length - 1].path, /\$top=120/);
    } finally {
      await t.close();
    }
  });

  it('a lower cap (a 400 naming it) does not fail the report: it scans again at that size, with sign-in data', async () => {
    const f: any = contosoFixture();
    f.demo = { signInActivityPageLimit: 5 };
    const rig = await reportRig(f);
    try {
      const { report } = await rig.service().run();
      assert.equal(report.totals.users, 14);
      assert.equal(report.signInDataAvailable, true);
      const paths = (await demoRequests(rig.demo)).recent.map((r) => `${r.status} ${r.path}`);
      assert.ok(paths.some((p) => /^400 .*signInActivity.*\$top=120/.test(p)));
      assert.equal(paths.filter((p) => /^200 .*signInActivity.*\$top=5/.test(p)).length, 3);
    } finally {
      await rig.close();
    }
  });
});

describe('real Graph shapes: concealed report names', () => {
  it('the demo hashes names in the mailbox report when reportSettings.displayConcealedNames; the gateway says so', async () => {
    const f = contosoFixture();
    f.reportSettings = { displayConcealedNames: true };
    const t = await startDemoWithGateway(f);
    try {
      assert.deepEqual(await t.graph.getReportSettings(), { displayConcealedNames: true });
      const report = await t.graph.getMailboxUsageReport();
      assert.equal(report.namesConcealed, true);
      assert.ok(report.rows.length > 0);
      assert.ok(report.rows.every((r) => /^[0-9A-F]{32}$/.test(r.userPrincipalName)));
      // Without ReportSettings.Read.All the hashes themselves give it away.
      await setFaults(t.demo, { failNext: 1, failNextStatus: 403, failMatch: 'reportSettings' });
      const judged = await t.graph.getMailboxUsageReport();
      assert.deepEqual([judged.namesConcealed, judged.settingsRead], [true, false]);
    } finally {
      await t.close();
    }
  });

  it('the report tells the admin, with where to turn it off', async () => {
    const f: any = contosoFixture();
    f.reportSettings = { displayConcealedNames: true };
    const rig = await reportRig(f);
    try {
      const { report } = await rig.service().run();
      const note = report.notes.find((n) => /conceal/.test(n));
      assert.match(note ?? '', /Settings → Org settings → Reports → "Display concealed user, group, and site names in all reports"/);
    } finally {
      await rig.close();
    }
  });

  it('names shown (the fixture default): no note', async () => {
    const rig = await reportRig();
    try {
      const { report } = await rig.service().run();
      assert.ok(!report.notes.some((n) => /conceal/.test(n)));
    } finally {
      await rig.close();
    }
  });
});

describe('real Graph shapes: group names on the license card', () => {
  it('a group-licensing error names the group, not its id', async () => {
    const f = contosoFixture();
    // No E3 seat left for the group's members: Nestor's group E3 goes to CountViolation.
    f.subscribedSkus.find((s: any) => s.skuId === SKU.SPE_E3).prepaidUnits.enabled = 4;
    const t = await startDemoWithGateway(f);
    try {
      const queries = new LicenseQueries({ graph: t.graph, catalog: Catalog.bundled(), approvers: new ApproverGroup(t.graph, GROUP.approvers) });
      const lookup = await queries.mine(USER.nestor);
      assert.equal(lookup.kind, 'ok');
      if (lookup.kind !== 'ok') return;
      const conflict = lookup.resolution.conflicts.find((c) => c.kind === 'assignment-error')!;
      assert.equal(conflict.groupName, 'Operations E3 licensing');
      const card = licenseCardView(lookup.resolution, { self: true, groupNames: lookup.groupNames, readAt: new Date() });
      const alerts = card.alerts.map((a) => a.text).join('\n');
      assert.match(alerts, /through group Operations E3 licensing is in state Error/);
      assert.doesNotMatch(alerts, new RegExp(GROUP.operationsE3));
      assert.match(card.licenses.map((l) => l.source).join('\n'), /Via group Operations E3 licensing/);
    } finally {
      await t.close();
    }
  });
});
