/**
 * Issue 14 with two bot PROCESSES on one Azure Table Storage (Azurite) and one demo tenant, both polling every
 * second: exactly one runs the watch (the lease), every incident reaches the approver exactly once, and when the
 * lease holder is killed -9 the other instance takes the watch over — still without a duplicate card.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoTenant, type StartedDemoTenant } from '../../src/demo/server';
import { TableClient } from '@azure/data-tables';
import { TableAlertStore } from '../../src/store/table-alert-store';
import { startAzurite, type RunningAzurite } from '../helpers/azurite';
import { APPROVERS_GROUP, teamsActivity, USERS } from '../helpers/bot-harness';
import { graphFetch, SKU } from '../helpers/demo-tenant';
import { cardText, FakeConnector } from '../helpers/fake-connector';
import { startBotInstance, type BotInstance } from '../helpers/scale-out-bots';

const DIEGO = `a:personal-${USERS.diego.id}`;
const OUTSIDE = { 'x-demo-initiator': 'ps-admin@contoso.example' };

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined | false> | T | undefined | false): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Scale-out: two instances watch the tenant, one alert per incident', function () {
  this.timeout(120_000);
  let azurite: RunningAzurite;
  let connector: FakeConnector;
  let demo: StartedDemoTenant;
  let bots: BotInstance[] = [];
  let dataDir: string;

  before(async () => {
    azurite = await startAzurite();
    connector = new FakeConnector();
    await connector.start();
    demo = await startDemoTenant();
    dataDir = mkdtempSync(join(tmpdir(), 'license-desk-watch-'));
  });
  after(async () => {
    await Promise.all(bots.map((b) => b.stop().catch(() => undefined)));
    await connector?.stop();
    await demo?.close();
    await azurite?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Alert cards posted to Diego, by incident id. */
  function cardsByIncident(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const c of connector.calls) {
      if (c.method !== 'POST' || c.conversationId !== DIEGO) continue;
      const id = /Open · (INC-[2-9A-HJ-NP-Z]{8})/.exec(cardText(c.body))?.[1];
      if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  }

  it('0 duplicate alerts across two instances, and a take-over when the lease holder dies', async () => {
    const prefix = `w${randomBytes(5).toString('hex')}`;
    const env = (name: string) => ({
      PORT: '0',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      GRAPH_BASE_URL: demo.baseUrl,
      GRAPH_RETRY_DELAY_SECONDS: '0',
      APPROVER_GROUP_ID: APPROVERS_GROUP,
      STORE: 'table',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      STORE_TABLE_PREFIX: prefix,
      DATA_DIR: join(dataDir, name),
      INSTANCE_ID: name,
      WATCH_INTERVAL_SECONDS: '1',
      WATCH_LEASE_SECONDS: '4',
    });
    const [a, b] = await Promise.all([startBotInstance('a', env('a')), startBotInstance('b', env('b'))]);
    bots = [a, b];
    // Diego installs the bot (his message lands on instance a; the conversation is shared through the store).
    assert.equal((await a.post(teamsActivity(connector.url, USERS.diego, { type: 'message', text: 'help' }))).status, 200);

    // The baseline incident (E5 has 0 of 2 seats free) reaches Diego once.
    await until('the first alert', 20_000, () => cardsByIncident().size >= 1);

    // Another admin tool creates an E5 group without seats and adds Megan.
    const group = await graphFetch(demo, '/groups', { body: { displayName: 'Sales E5 licensing', securityEnabled: true, mailEnabled: false }, headers: OUTSIDE });
    await graphFetch(demo, `/groups/${group.body.id}/assignLicense`, { body: { addLicenses: [{ skuId: SKU.SPE_E5, disabledPlans: [] }], removeLicenses: [] }, headers: OUTSIDE });
    await graphFetch(demo, `/groups/${group.body.id}/members/$ref`, { body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${USERS.megan.id}` }, headers: OUTSIDE });
    await until('the group-error alert', 20_000, () => connector.calls.some((c) => c.conversationId === DIEGO && /Group licensing error/.test(cardText(c.body))));

    // Who holds the watch? Kill that process; the other takes over once the lease lapses.
    const store = await TableAlertStore.open({ kind: 'table', connectionString: azurite.connectionString, tablePrefix: prefix });
    const leases = TableClient.fromConnectionString(azurite.connectionString, `${prefix}alerts`, { allowInsecureConnection: true });
    const holder = await until('a lease holder', 10_000, async () => {
      const lease = await leases.getEntity<{ holder: string; untilMs: number }>('lease', 'tenant-watch');
      return [a, b].find((bot) => bot.name === lease.holder);
    });
    const survivor = holder === a ? b : a;
    await holder.kill();
    await graphFetch(demo, `/users/${USERS.adele.id}/assignLicense`, { body: { addLicenses: [], removeLicenses: [SKU.SPE_E3] }, headers: OUTSIDE });
    await until('the mailbox alert from the survivor', 30_000, () => connector.calls.some((c) => c.conversationId === DIEGO && /mailbox is disconnected/.test(cardText(c.body))));
    // Several more cycles on the survivor: still nothing twice.
    await new Promise((r) => setTimeout(r, 3000));

    const counts = cardsByIncident();
    const duplicates = [...counts].filter(([, n]) => n > 1);
    console.log(`      [alerts multi-instance] ${counts.size} incidents, cards per incident ${[...counts.values()].join(',')}; killed ${holder.name}, ${survivor.name} took over`);
    assert.deepEqual(duplicates, [], '0 duplicate alerts');
    assert.ok(counts.size >= 3, `seats, group error and mailbox incidents: ${counts.size}`);
    const open = await store.openIncidents();
    assert.deepEqual(new Set(open.map((i) => i.key)).size, open.length, 'one open incident per key');
    assert.ok(open.every((i) => i.cards.filter((c) => c.role === 'approver').length === 1), 'one card location per incident');
  });
});
