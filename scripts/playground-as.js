#!/usr/bin/env node
/**
 * A second Microsoft 365 Agents Playground, as another demo user, against the bot that `npm start` already runs,
 * so one person can play two people: e.g. Adele (a manager) requests a license, Diego (the approver, in the
 * Playground `npm start` opened) approves it.
 *
 *   node scripts/playground-as.js <config.yml> [port]      (npm run playground:adele)
 *
 *   <config.yml>  a Playground config file (the format of .m365agentsplayground.yml) with another currentUser and
 *                 other conversation ids, e.g. test/e2e/adele.m365agentsplayground.yml
 *   [port]        the Playground's port (default 56151)
 *   BOT_ENDPOINT  the bot's messaging endpoint (default http://127.0.0.1:${PORT:-3978}/api/messages, PORT as for
 *                 `npm start`)
 *   M365_AGENTS_PLAYGROUND_LOGFILE  its log file (default devTools/m365agentsplayground-<config name>.log)
 *
 * Prints `open http://localhost:<port>`; Ctrl-C / SIGTERM stops the Playground and exits 0. Plain CommonJS.
 * scripts/start.js exports nothing (requiring it starts the demo), so the few lines that launch the Playground
 * are a small copy of its own: the same CLI, arguments and environment.
 */
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');

const ROOT = path.resolve(__dirname, '..');
const { env, sleep, httpStatus, canListenOn, playgroundCli, playgroundCommand } = require('./lib/playground');
const DEFAULT_PORT = 56151;

class LaunchError extends Error {}

function fail(message) {
  throw new LaunchError(message);
}

function log(message) {
  process.stdout.write(`[playground-as] ${message}\n`);
}

function playgroundCliOrFail() {
  return playgroundCli(ROOT) ?? fail('@microsoft/m365agentsplayground is not installed: run npm install');
}

function parseArgs(argv) {
  const [configArg, portArg, ...rest] = argv;
  if (!configArg || configArg === '-h' || configArg === '--help' || rest.length) {
    fail('usage: node scripts/playground-as.js <config.yml> [port]   (e.g. test/e2e/adele.m365agentsplayground.yml 56151)');
  }
  const config = path.resolve(process.cwd(), configArg);
  if (!fs.existsSync(config)) fail(`Playground config not found: ${config}`);
  const port = portArg === undefined ? DEFAULT_PORT : Number(portArg);
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`the port must be a port number, got "${portArg}"`);
  return { config, port };
}

let child;
let childDone = false;
let stopping = false;

/** SIGTERM to the Playground's process group, SIGKILL after a grace period. */
async function stopPlayground(graceMs = 5000) {
  stopping = true;
  if (!child || childDone || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const signal = (name) => {
    try {
      if (process.platform === 'win32') child.kill(name);
      else process.kill(-child.pid, name);
    } catch (error) {
      if (error.code !== 'ESRCH') process.stderr.write(`[playground-as] could not stop the Playground: ${error.message}\n`);
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

async function launch() {
  const { config, port } = parseArgs(process.argv.slice(2));
  const endpoint = env('BOT_ENDPOINT') ?? `http://127.0.0.1:${env('PORT') ?? 3978}/api/messages`;
  let healthz;
  try {
    healthz = new URL('/healthz', endpoint).href;
  } catch {
    fail(`BOT_ENDPOINT is not a URL: "${endpoint}"`);
  }
  if ((await httpStatus(healthz)) === undefined) {
    fail(`no bot answers on ${new URL(endpoint).origin}: start it first with \`npm start\` in another terminal (or set BOT_ENDPOINT).`);
  }
  const cli = playgroundCliOrFail();
  if (!(await canListenOn(port))) fail(`port ${port} is already in use. Is this Playground already running? Stop it, or pass another port.`);

  const name = path.basename(config).replace(/\.ya?ml$/i, '').replace(/\.?m365agentsplayground$/i, '') || 'second';
  const logFile = path.resolve(ROOT, env('M365_AGENTS_PLAYGROUND_LOGFILE') ?? `devTools/m365agentsplayground-${name}.log`);
  const logOffset = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
  // The Playground logs why it failed (e.g. an invalid config file) only to its log file: show those lines.
  const showErrors = () => {
    try {
      const text = fs.readFileSync(logFile).subarray(logOffset).toString('utf8');
      for (const line of text.split('\n')) if (line.startsWith('error ')) process.stderr.write(`[playground] ${line}\n`);
    } catch {
      // no log: nothing to add
    }
  };

  const command = playgroundCommand({ cli, endpoint, port, config, logFile });
  child = spawn(process.execPath, command.args, {
    cwd: ROOT,
    env: command.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32', // its own process group, stopped by its PID
  });
  let announcedPort;
  readline.createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
    process.stdout.write(`[playground] ${line}\n`);
    const m = /Listening on (\d+)/.exec(line);
    if (m) announcedPort = Number(m[1]);
  });
  readline.createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (line) => process.stderr.write(`[playground] ${line}\n`));
  const exited = new Promise((resolve) => {
    child.once('error', (error) => {
      childDone = true;
      resolve(`could not start (${error.message})`);
    });
    child.once('exit', (code, signal) => {
      childDone = true;
      if (!stopping) showErrors();
      resolve(signal ? `was killed by ${signal}` : `exited with code ${code}`);
    });
  });
  void exited.then((how) => {
    if (!stopping) void shutdown(1, `error: the Playground ${how}`);
  });

  log(`${path.relative(ROOT, config) || config} → ${endpoint}`);
  // It listens before it loads the config file; /_debug/ping is mounted only once the config is loaded.
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    if (childDone) return; // shutdown() reports it
    if ((await httpStatus(`http://127.0.0.1:${announcedPort ?? port}/_debug/ping`)) === 200) {
      if (announcedPort && announcedPort !== port) log(`warning: port ${port} was taken; the Playground listens on ${announcedPort} instead`);
      process.stdout.write(`open http://localhost:${announcedPort ?? port}\n`);
      return;
    }
    await sleep(250);
  }
  fail('the Playground did not answer within 60s');
}

let exiting = false;
async function shutdown(code, message) {
  if (exiting) return;
  exiting = true;
  if (message) process.stderr.write(`[playground-as] ${message}\n`);
  await stopPlayground();
  process.exit(code);
}

function main() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void shutdown(0, `${signal}: stopping`));
  process.on('exit', () => {
    // last resort, e.g. an uncaught exception
    if (child && !childDone && child.pid !== undefined) {
      try {
        process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
  // A SIGTERM to `npm run` reaches only npm's `sh -c` wrapper: stop when the parent goes away.
  const parentPid = process.ppid;
  setInterval(() => {
    if (process.ppid !== parentPid) void shutdown(0, 'the parent process exited: stopping');
  }, 1000).unref();
  launch().catch((error) => void shutdown(1, error instanceof LaunchError ? `error: ${error.message}` : `error: ${error && error.stack ? error.stack : error}`));
}

main();
