/**
 * .m365agentsplayground.yml maps the Agents Playground's mock tenant onto the demo tenant. This runs the real
 * Playground (devDependency @microsoft/m365agentsplayground) with the file, on a free port, against a stub bot,
 * and checks what a bot would see: the users the connector API returns and the ids on a message activity.
 *
 * Reading the loaded config (/_internal/v1/config) and sending a message as the user
 * (/_conversation/v1/conversations/:id/messages) use the routes of the Playground's own web UI: they are not
 * a public API and may change with a new Playground version.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CONFIG = join(ROOT, '.m365agentsplayground.yml');
const FIXTURE = join(ROOT, 'src', 'demo', 'fixtures', 'contoso.json');

interface FixtureUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail: string;
}
interface Fixture {
  organization: { id: string };
  users: FixtureUser[];
  groups: Array<{ id: string; displayName: string; members: string[] }>;
}
interface ConfigUser {
  id: string;
  name: string;
  userPrincipleName: string;
  aadObjectId: string;
  email: string;
}
interface PlaygroundConfig {
  tenantId: string;
  currentUser: ConfigUser;
  users: ConfigUser[];
  personalChat: { id: string };
  groupChats: Array<{ id: string }>;
  teams: Array<{ id: string }>;
}
interface Member {
  id: string;
  objectId: string;
  name: string;
  email: string;
  userPrincipalName: string;
  tenantId: string;
}
interface Activity {
  type: string;
  text?: string;
  from: { id: string; aadObjectId?: string };
  conversation: { id: string; tenantId?: string };
  channelData?: { tenant?: { id: string } };
}

const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Fixture;

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  assert.equal(res.status, 200, `${init?.method ?? 'GET'} ${url} → ${res.status}`);
  return (await res.json()) as T;
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

async function freePort(): Promise<number> {
  const server = http.createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('.m365agentsplayground.yml in the Agents Playground', function () {
  this.timeout(30000);
  const activities: Activity[] = [];
  let bot: http.Server;
  let playground: ChildProcess | undefined;
  let output = '';
  let logDir: string;
  let base: string;
  let config: PlaygroundConfig;

  before(async () => {
    bot = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        if (body) activities.push(JSON.parse(body) as Activity);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    const botPort = await listen(bot);
    const port = await freePort();
    logDir = mkdtempSync(join(tmpdir(), 'license-desk-playground-'));
    const packageJson = require.resolve('@microsoft/m365agentsplayground/package.json');
    const cli = join(dirname(packageJson), (require(packageJson) as { bin: Record<string, string> }).bin.agentsplayground);
    playground = spawn(
      process.execPath,
      [cli, 'start', '--app-endpoint', `http://127.0.0.1:${botPort}/api/messages`, '--channel-id', 'msteams', '--port', String(port), '--disable-telemetry'],
      {
        cwd: logDir,
        env: {
          ...process.env,
          TEAMSAPPTESTER_BROWSER: 'none',
          M365_AGENTS_PLAYGROUND_CONFIG_PATH: CONFIG,
          M365_AGENTS_PLAYGROUND_LOGFILE: join(logDir, 'playground.log'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    playground.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    playground.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    base = `http://127.0.0.1:${port}`;
    // /_debug is mounted only after the config file loaded; an invalid file makes the Playground exit.
    for (let i = 0; ; i++) {
      if (playground.exitCode !== null) {
        const log = readFileSync(join(logDir, 'playground.log'), 'utf8');
        assert.fail(`the Playground exited (${playground.exitCode}):\n${output}\n${log}`);
      }
      const ping = await fetch(`${base}/_debug/ping`).catch(() => undefined);
      if (ping?.status === 200) break;
      if (i > 100) assert.fail(`the Playground did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    config = (await getJson<{ config: PlaygroundConfig }>(`${base}/_internal/v1/config`)).config;
  });

  after(async () => {
    playground?.kill();
    await new Promise((resolve) => bot?.close(resolve));
    if (logDir) rmSync(logDir, { recursive: true, force: true });
  });

  it('is the demo tenant: the fixture organization id', () => {
    assert.equal(config.tenantId, fixture.organization.id);
  });

  it('signs in Diego Siciliani, an approver, and lists five more fixture users', () => {
    const approvers = fixture.groups.find((g) => g.displayName === 'License Approvers');
    assert.equal(config.currentUser.name, 'Diego Siciliani');
    assert.ok(approvers?.members.includes(config.currentUser.aadObjectId), 'the current user approves');
    assert.equal(config.users.length, 5);
    // scripts/start.js makes this group the approvers when it starts the bundled demo tenant.
    assert.match(readFileSync(join(__dirname, '../../scripts/start.js'), 'utf8'), new RegExp(`CONTOSO_APPROVERS_GROUP = '${approvers!.id}'`));
  });

  it('every user is a fixture user: aadObjectId, name, UPN and mail as in the fixture', async () => {
    const members = await getJson<Member[]>(`${base}/_connector/v3/conversations/${encodeURIComponent(config.teams[0].id)}/members`);
    assert.equal(members.length, 6);
    for (const member of members) {
      const user = fixture.users.find((u) => u.id === member.objectId);
      assert.ok(user, `${member.name}: aadObjectId ${member.objectId} is not a fixture user`);
      assert.equal(member.name, user.displayName);
      assert.equal(member.userPrincipalName, user.userPrincipalName);
      assert.equal(member.email, user.mail);
      assert.equal(member.tenantId, fixture.organization.id);
    }
  });

  it('a message the user types reaches the bot with the fixture ids', async () => {
    const chat = config.personalChat.id;
    await getJson(`${base}/_conversation/v1/conversations/${encodeURIComponent(chat)}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: { id: config.currentUser.id }, text: 'my license', textFormat: 'plain' }),
    });
    for (let i = 0; i < 50 && !activities.some((a) => a.type === 'message'); i++) await new Promise((r) => setTimeout(r, 100));
    const message = activities.find((a) => a.type === 'message');
    assert.ok(message, 'no message activity reached the bot');
    assert.equal(message.text, 'my license');
    assert.equal(message.from.aadObjectId, '4b29c44d-157a-5930-b4fa-b0edf0278b95');
    assert.equal(message.conversation.id, chat);
    assert.equal(message.conversation.tenantId, fixture.organization.id);
    assert.equal(message.channelData?.tenant?.id, fixture.organization.id);
  });
});
