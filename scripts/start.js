#!/usr/bin/env node
/**
 * `npm start`: the one-command demo of License Desk. Plain CommonJS (no build needed to run it).
 *
 *  1. Builds (tsc) when lib/ is missing or older than a file in src/, cards/ or tsconfig.json (lib/.build-stamp
 *     records the last successful build).
 *  2. Unless a tenant is configured (GRAPH_CLIENT_ID, GRAPH_USE_MANAGED_IDENTITY or GRAPH_BASE_URL), starts
 *     the demo tenant: `node lib/src/demo/main.js` on DEMO_GRAPH_PORT (default 5980; DEMO_TENANT_FILE is
 *     passed through), and waits until it answers.
 *  3. Starts the bot, `node lib/src/index.js` on PORT (default 3978), with
 *     GRAPH_BASE_URL=http://127.0.0.1:<demo port>/v1.0 when it started the demo tenant, and waits for
 *     GET /healthz → 200.
 *  4. Unless PLAYGROUND=off, starts the Microsoft 365 Agents Playground (devDependency
 *     @microsoft/m365agentsplayground) headless on TEAMSAPPTESTER_PORT (default 56150), pointed at the bot
 *     and using ./.m365agentsplayground.yml (the demo tenant's users), then prints `open http://localhost:56150`.
 *
 * Every child's output is prefixed with its name. Ctrl-C / SIGTERM stops everything it started (each child
 * runs in its own process group, killed by its PID) and exits 0; a child that dies stops the others and the
 * launcher exits 1. With a real bot registration: `node --env-file=.localConfigs scripts/start.js`.
 *
 * Overrides for testing the launcher itself:
 *   LICENSE_DESK_BOT_ENTRY / LICENSE_DESK_DEMO_ENTRY  other scripts to run instead of lib/src/index.js /
 *                                                     lib/src/demo/main.js (with the same env)
 *   LICENSE_DESK_SKIP_BUILD=1                         never run tsc
 *   LICENSE_DESK_START_TIMEOUT_MS                     how long each child may take to be ready (60000)
 */
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const readline = require('node:readline');

const ROOT = path.resolve(__dirname, '..');
const LIB = path.join(ROOT, 'lib');
const BUILD_STAMP = path.join(LIB, '.build-stamp');
const NODE = process.execPath;
const { env, sleep, httpStatus, canListenOn, playgroundCli, playgroundCommand } = require('./lib/playground');
/** "License Approvers" in src/demo/fixtures/contoso.json (checked by test/appPackage/playground-config.test.ts). */
const CONTOSO_APPROVERS_GROUP = '66a40e45-f6d7-58a4-a6df-3b854051249b';

function portFromEnv(name, fallback) {
  const raw = env(name);
  if (raw === undefined) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`${name} must be a port number, got "${raw}"`);
  return port;
}

function log(message) {
  process.stdout.write(`[start] ${message}\n`);
}

/** A path relative to the project when it is inside it. */
function display(file) {
  const relative = path.relative(ROOT, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

class LaunchError extends Error {}

function fail(message) {
  throw new LaunchError(message);
}

// ---- children -----------------------------------------------------------------------------------

/** @type {Array<{name: string, child: import('node:child_process').ChildProcess, exited: Promise<void>, done: boolean}>} */
const children = [];
let stopping = false;
let onChildDeath = null;

function pipeWithPrefix(stream, prefix, out) {
  readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => out.write(`${prefix}${line}\n`));
}

/**
 * Starts a child in its own process group (so it and its own children can be stopped together).
 * A long-running child (`service`) that exits while the launcher is not stopping is a failure.
 */
function startChild(name, args, childEnv, { service = true, afterExit } = {}) {
  if (stopping) fail('stopping');
  const child = spawn(NODE, args, {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
  });
  const prefix = `[${name}] `;
  pipeWithPrefix(child.stdout, prefix, process.stdout);
  pipeWithPrefix(child.stderr, prefix, process.stderr);
  const entry = { name, child, done: false, exited: null };
  entry.exited = new Promise((resolve) => {
    child.once('error', (error) => {
      process.stderr.write(`${prefix}could not start: ${error.message}\n`);
      entry.done = true;
      resolve();
      if (service && !stopping && onChildDeath) onChildDeath(entry, `could not start (${error.message})`);
    });
    child.once('exit', (code, signal) => {
      entry.done = true;
      if (afterExit && !stopping) afterExit();
      resolve();
      if (service && !stopping && onChildDeath) onChildDeath(entry, signal ? `was killed by ${signal}` : `exited with code ${code}`);
    });
  });
  children.push(entry);
  return entry;
}

function signalChild(entry, signal) {
  if (entry.done || entry.child.pid === undefined) return;
  try {
    if (process.platform === 'win32') entry.child.kill(signal);
    else process.kill(-entry.child.pid, signal); // the child's process group
  } catch (error) {
    if (error.code !== 'ESRCH') process.stderr.write(`[start] could not signal ${entry.name}: ${error.message}\n`);
  }
}

/** Stops the children, newest first: SIGTERM, then SIGKILL after a grace period. */
async function stopChildren(graceMs = 5000) {
  stopping = true;
  for (const entry of [...children].reverse()) {
    if (entry.done) continue;
    signalChild(entry, 'SIGTERM');
    const timer = setTimeout(() => signalChild(entry, 'SIGKILL'), graceMs);
    await entry.exited;
    clearTimeout(timer);
  }
}

function killChildrenNow() {
  for (const entry of children) signalChild(entry, 'SIGKILL');
}

// ---- waiting ------------------------------------------------------------------------------------

/** Whether a server already answers on 127.0.0.1:port. */
function answersOn(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

async function portInUse(port) {
  return (await answersOn(port)) || !(await canListenOn(port));
}

async function ensurePortFree(port, what, envName) {
  if (await portInUse(port)) {
    fail(`port ${port} (${what}) is already in use. Is License Desk already running? Stop it, or set ${envName} to another port.`);
  }
}

const START_TIMEOUT_MS = Number(env('LICENSE_DESK_START_TIMEOUT_MS') ?? 60000);

/** Polls until ready() is true; fails when the child dies first or the time is up. */
async function waitUntil(entry, what, ready) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (entry.done) fail(`${entry.name} stopped before ${what}`);
    if (await ready()) return;
    await sleep(250);
  }
  fail(`${entry.name}: ${what} did not happen within ${START_TIMEOUT_MS / 1000}s`);
}

// ---- build --------------------------------------------------------------------------------------

function newestMtime(target) {
  let newest = 0;
  let stat;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  for (const name of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, name)));
  return newest;
}

function mtimeOrZero(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Why lib/ must be rebuilt, or undefined when it is up to date. lib/.build-stamp is written only after a
 * successful build (tsc also emits when it reports errors, so lib/ files alone prove nothing).
 */
function buildIsStale() {
  const builtAt = mtimeOrZero(BUILD_STAMP);
  if (!builtAt) return fs.existsSync(LIB) ? 'no successful build recorded in lib/' : 'lib/ is missing';
  const sources = ['src', 'cards', 'tsconfig.json'].map((p) => path.join(ROOT, p));
  const newest = Math.max(...sources.map(newestMtime));
  return newest > builtAt ? 'src/ or cards/ changed since the last build' : undefined;
}

async function buildIfNeeded() {
  if (env('LICENSE_DESK_SKIP_BUILD') === '1') return;
  const reason = buildIsStale();
  if (!reason) return;
  log(`building (${reason}): tsc -p tsconfig.json`);
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!fs.existsSync(tsc)) fail('typescript is not installed (node_modules/typescript): run npm install');
  fs.rmSync(BUILD_STAMP, { force: true });
  const startedAt = new Date(); // a source saved during the build must trigger the next one
  const build = startChild('build', [tsc, '-p', 'tsconfig.json'], process.env, { service: false });
  await build.exited;
  if (stopping) return;
  const { exitCode, signalCode } = build.child;
  if (exitCode !== 0) fail(`the build failed (tsc ${signalCode ? `killed by ${signalCode}` : `exit code ${exitCode}`}); fix the errors above`);
  fs.mkdirSync(LIB, { recursive: true });
  fs.writeFileSync(BUILD_STAMP, `built from the sources as of ${startedAt.toISOString()}\n`);
  fs.utimesSync(BUILD_STAMP, startedAt, startedAt);
}

// ---- the launcher -------------------------------------------------------------------------------

function playgroundCliOrFail() {
  return playgroundCli(ROOT) ?? fail('@microsoft/m365agentsplayground is not installed: run npm install, or set PLAYGROUND=off');
}

async function launch() {
  const botEntry = path.resolve(ROOT, env('LICENSE_DESK_BOT_ENTRY') ?? 'lib/src/index.js');
  const demoEntry = path.resolve(ROOT, env('LICENSE_DESK_DEMO_ENTRY') ?? 'lib/src/demo/main.js');
  const botPort = portFromEnv('PORT', 3978);
  const demoPort = portFromEnv('DEMO_GRAPH_PORT', 5980);
  const playgroundPort = portFromEnv('TEAMSAPPTESTER_PORT', 56150);
  const playgroundOn = (env('PLAYGROUND') ?? 'on').toLowerCase() !== 'off';
  const tenantConfigured = Boolean(env('GRAPH_CLIENT_ID') || env('GRAPH_BASE_URL') || /^(1|true|yes)$/i.test(env('GRAPH_USE_MANAGED_IDENTITY') ?? ''));

  await buildIfNeeded();

  // Every check before the first child starts, so a mistake costs nothing to clean up.
  if (!fs.existsSync(botEntry)) fail(`bot entry not found: ${display(botEntry)} (did the build produce it?)`);
  if (!tenantConfigured && !fs.existsSync(demoEntry)) fail(`demo tenant entry not found: ${display(demoEntry)}`);
  const cli = playgroundOn ? playgroundCliOrFail() : undefined;
  const playgroundConfig = path.resolve(ROOT, env('M365_AGENTS_PLAYGROUND_CONFIG_PATH') ?? '.m365agentsplayground.yml');
  if (playgroundOn && !fs.existsSync(playgroundConfig)) fail(`Playground config not found: ${playgroundConfig}`);
  if (!tenantConfigured) await ensurePortFree(demoPort, 'demo tenant', 'DEMO_GRAPH_PORT');
  await ensurePortFree(botPort, 'bot', 'PORT');
  if (playgroundOn) await ensurePortFree(playgroundPort, 'Agents Playground', 'TEAMSAPPTESTER_PORT');

  const botEnv = { ...process.env, PORT: String(botPort) };
  if (!tenantConfigured) {
    const demoUrl = `http://127.0.0.1:${demoPort}/v1.0`;
    const demo = startChild('demo', [demoEntry], { ...process.env, DEMO_GRAPH_PORT: String(demoPort) });
    await waitUntil(demo, `the demo tenant answered on ${demoUrl}`, async () => (await httpStatus(`${demoUrl}/organization`)) !== undefined);
    log(`demo tenant ready: ${demoUrl}`);
    botEnv.GRAPH_BASE_URL = demoUrl;
    if (!env('APPROVER_GROUP_ID') && !env('DEMO_TENANT_FILE')) {
      // The bundled Contoso fixture's "License Approvers" group (Diego Siciliani), so requests work out of the box.
      botEnv.APPROVER_GROUP_ID = CONTOSO_APPROVERS_GROUP;
    }
    // The demo watches its tenant every 15 s, so `npm run demo:incident` shows up at once (default 300 s).
    if (!env('WATCH_INTERVAL_SECONDS')) botEnv.WATCH_INTERVAL_SECONDS = '15';
  } else {
    log(`tenant configured (${env('GRAPH_BASE_URL') ? `GRAPH_BASE_URL=${env('GRAPH_BASE_URL')}` : 'Graph credentials'}): no demo tenant`);
  }

  // restify 11 touches process.binding('http_parser'): a harmless deprecation warning newcomers need not see.
  const bot = startChild('bot', ['--disable-warning=DEP0111', botEntry], botEnv);
  const healthz = `http://127.0.0.1:${botPort}/healthz`;
  await waitUntil(bot, `GET ${healthz} returned 200`, async () => (await httpStatus(healthz)) === 200);
  const messagingEndpoint = `http://127.0.0.1:${botPort}/api/messages`;
  log(`bot ready: ${messagingEndpoint}`);

  if (!playgroundOn) {
    log('PLAYGROUND=off: no Agents Playground. Point a client (Teams through a tunnel, or a Playground) at the bot.');
    return;
  }
  // The Playground logs why it failed (e.g. an invalid config file) only to its log file: show those lines.
  const playgroundLog = path.resolve(ROOT, env('M365_AGENTS_PLAYGROUND_LOGFILE') ?? 'devTools/m365agentsplayground.log');
  const logOffset = fs.existsSync(playgroundLog) ? fs.statSync(playgroundLog).size : 0;
  const showPlaygroundErrors = () => {
    try {
      const fd = fs.openSync(playgroundLog, 'r');
      const size = fs.fstatSync(fd).size;
      const buffer = Buffer.alloc(Math.max(0, size - logOffset));
      fs.readSync(fd, buffer, 0, buffer.length, logOffset);
      fs.closeSync(fd);
      for (const line of buffer.toString('utf8').split('\n')) {
        if (line.startsWith('error ')) process.stderr.write(`[playground] ${line}\n`);
      }
    } catch {
      // no log: nothing to add
    }
  };
  const command = playgroundCommand({ cli, endpoint: messagingEndpoint, port: playgroundPort, config: playgroundConfig, logFile: playgroundLog });
  const playground = startChild('playground', command.args, command.env, { afterExit: showPlaygroundErrors });
  // The Playground silently moves to a random port when its port is taken: read the port it announces.
  let announcedPort;
  readline.createInterface({ input: playground.child.stdout }).on('line', (line) => {
    const m = /Listening on (\d+)/.exec(line);
    if (m) announcedPort = Number(m[1]);
  });
  // It listens before it loads the config file; /_debug/ping is mounted only once the config is loaded.
  // (Fallback for versions without that route: the page answered three polls in a row.)
  let pageAnswers = 0;
  await waitUntil(playground, `the Agents Playground answered on port ${playgroundPort}`, async () => {
    const base = `http://127.0.0.1:${announcedPort ?? playgroundPort}`;
    if ((await httpStatus(`${base}/_debug/ping`)) === 200) return true;
    pageAnswers = (await httpStatus(`${base}/`)) === 200 ? pageAnswers + 1 : 0;
    return pageAnswers >= 3;
  });
  if (announcedPort && announcedPort !== playgroundPort) {
    log(`warning: port ${playgroundPort} was taken when the Playground started; it listens on ${announcedPort} instead`);
  }
  process.stdout.write(`open http://localhost:${announcedPort ?? playgroundPort}\n`);
}

async function main() {
  let exiting = false;
  const shutdown = async (code, message) => {
    if (exiting) return;
    exiting = true;
    if (message) process.stderr.write(`[start] ${message}\n`);
    await stopChildren();
    process.exit(code);
  };
  onChildDeath = (entry, how) => {
    void shutdown(1, `error: ${entry.name} ${how}; stopping everything else.`);
  };
  let firstSignalAt = 0;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (!firstSignalAt) {
        firstSignalAt = Date.now();
        void shutdown(0, `${signal}: stopping`);
      } else if (Date.now() - firstSignalAt > 1000) {
        // A second Ctrl-C (not the same one delivered twice, by the terminal and by npm): do not wait.
        process.stderr.write('[start] stopping now (SIGKILL)\n');
        killChildrenNow();
        process.exit(1);
      }
    });
  }
  process.on('exit', killChildrenNow); // last resort, e.g. an uncaught exception
  // A SIGTERM to `npm start` reaches only npm's `sh -c` wrapper, which dies without passing it on: stop when
  // the parent goes away, and when the terminal or pipe we write to is gone.
  const parentPid = process.ppid;
  setInterval(() => {
    if (process.ppid !== parentPid) void shutdown(0, 'the parent process exited: stopping');
  }, 1000).unref();
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', () => void shutdown(0));
  }

  try {
    await launch();
  } catch (error) {
    await shutdown(1, error instanceof LaunchError ? `error: ${error.message}` : `error: ${error && error.stack ? error.stack : error}`);
  }
}

void main();
