/**
 * What scripts/start.js and scripts/playground-as.js share: small process helpers and how the Microsoft 365 Agents
 * Playground is found and started (headless, against a bot endpoint, with a config file and a log file).
 * Plain CommonJS: it runs before any build.
 */
'use strict';

const http = require('node:http');
const net = require('node:net');
const path = require('node:path');

/** An environment variable, with empty strings treated as unset. */
function env(name) {
  const value = process.env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** GET url → status code, or undefined when nothing answers. */
function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

/** Whether the port can be bound on all interfaces (the way the Playground checks its port). */
function canListenOn(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/** The Playground CLI's path inside node_modules; undefined when the package is not installed. */
function playgroundCli(root) {
  let packageJson;
  try {
    packageJson = require.resolve('@microsoft/m365agentsplayground/package.json', { paths: [root] });
  } catch {
    return undefined;
  }
  const bin = require(packageJson).bin;
  const relative = typeof bin === 'string' ? bin : bin.agentsplayground || bin.teamsapptester;
  return path.join(path.dirname(packageJson), relative);
}

/** Arguments and environment that start the Playground headless against `endpoint`. */
function playgroundCommand({ cli, endpoint, port, config, logFile }) {
  return {
    args: [cli, 'start', '--app-endpoint', endpoint, '--channel-id', 'msteams', '--port', String(port), '--disable-telemetry'],
    env: {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: 'none', // headless: do not open a browser
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: config,
      M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
    },
  };
}

module.exports = { env, sleep, httpStatus, canListenOn, playgroundCli, playgroundCommand };
