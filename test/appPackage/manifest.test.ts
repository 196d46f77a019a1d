import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { BOT_COMMANDS } from '../../src/bot/command-list';
import {
  APP_PACKAGE_DIR,
  ENV_DIR,
  MANIFEST_PATH,
  ROOT,
  bundledSchemaPath,
  fillPlaceholders,
  parseEnvFile,
  placeholdersIn,
  schemaVersionOf,
  validateManifest,
  type Json,
} from '../../scripts/package-app';

interface Command {
  title: string;
  description?: string;
}
interface CommandList {
  scopes: string[];
  commands: Command[];
}
interface Manifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  icons: { color: string; outline: string };
  bots: Array<{ botId: string; scopes: string[]; supportsFiles?: boolean; commandLists?: CommandList[] }>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PLACEHOLDER_ONLY = /^\$\{\{[A-Z_][A-Z0-9_]*\}\}$/;

/** Values a provisioned environment would have. */
const SAMPLE_ENV = {
  TEAMS_APP_ID: '0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0',
  BOT_ID: '6b0c5d4e-3f2a-4b1c-9d8e-7f6a5b4c3d2e',
  BOT_DOMAIN: 'license-desk-dev.azurewebsites.net',
  APP_NAME_SUFFIX: ' (dev)',
};

const template = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as Json;
const manifest = template as unknown as Manifest;

function readPng(name: string): PNG {
  return PNG.sync.read(readFileSync(join(APP_PACKAGE_DIR, name)));
}

/** Runs `npm run package` (scripts/package-app.ts) with the given arguments and extra environment. */
function runPackageScript(args: string[], env: Record<string, string> = {}) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  // The values under test come from the env file, not from whoever runs the tests.
  for (const name of placeholdersIn(template)) if (!(name in env)) delete childEnv[name];
  return spawnSync(process.execPath, ['--require', 'tsx/cjs', join(ROOT, 'scripts', 'package-app.ts'), ...args], {
    cwd: ROOT,
    env: childEnv,
    encoding: 'utf8',
  });
}

describe('appPackage/manifest.json', () => {
  it('names a Teams schema bundled in @microsoft/app-manifest, and its manifestVersion matches it', () => {
    const version = schemaVersionOf(manifest.$schema);
    assert.ok(version, `unexpected $schema ${manifest.$schema}`);
    assert.equal(manifest.manifestVersion, version);
    assert.ok(readFileSync(bundledSchemaPath(version), 'utf8').length > 0);
  });

  it('validates against that schema once its placeholders are filled (offline)', async () => {
    const problems = await validateManifest(fillPlaceholders(template, SAMPLE_ENV));
    assert.deepEqual(problems, []);
  });

  it('the validation catches what Teams would reject', async () => {
    const broken = fillPlaceholders(template, { ...SAMPLE_ENV, BOT_ID: 'not-a-guid' }) as { [key: string]: Json };
    delete broken.developer;
    const problems = await validateManifest(broken);
    assert.ok(problems.some((p) => p.includes('/bots/0/botId')), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('developer')), problems.join('\n'));
  });

  it('takes its ids from ${{VAR}} placeholders (or GUIDs)', () => {
    for (const id of [manifest.id, ...manifest.bots.map((b) => b.botId)]) {
      assert.ok(PLACEHOLDER_ONLY.test(id) || GUID.test(id), `id "${id}" is neither a placeholder nor a GUID`);
    }
    assert.equal(manifest.id, '${{TEAMS_APP_ID}}');
    assert.equal(manifest.bots[0].botId, '${{BOT_ID}}');
  });

  it('has one bot in personal, team and groupChat that does not take files', () => {
    assert.equal(manifest.bots.length, 1);
    assert.deepEqual([...manifest.bots[0].scopes].sort(), ['groupChat', 'personal', 'team']);
    assert.equal(manifest.bots[0].supportsFiles, false);
  });

  it('every placeholder is defined in env/.env.dev and env/.env.local', () => {
    for (const file of ['.env.dev', '.env.local']) {
      const env = parseEnvFile(readFileSync(join(ENV_DIR, file), 'utf8'));
      const undefinedNames = placeholdersIn(template).filter((name) => !(name in env));
      assert.deepEqual(undefinedNames, [], `not in env/${file}`);
    }
  });

  describe('commandLists', () => {
    const lists = manifest.bots[0].commandLists ?? [];
    const implemented = new Map(BOT_COMMANDS.map((c) => [c.title, c.description]));

    it('advertise only implemented commands (BOT_COMMANDS), with their descriptions', () => {
      for (const list of lists) {
        for (const command of list.commands) {
          assert.ok(implemented.has(command.title), `"${command.title}" (${list.scopes.join(', ')}) is not in BOT_COMMANDS`);
          assert.equal(command.description, implemented.get(command.title), `description of "${command.title}"`);
        }
      }
    });

    it('list every BOT_COMMANDS title in the personal scope', () => {
      const personal = lists.filter((l) => l.scopes.includes('personal')).flatMap((l) => l.commands.map((c) => c.title));
      assert.deepEqual([...personal].sort(), BOT_COMMANDS.map((c) => c.title).sort());
    });

    it('have at most 10 commands per scope, no duplicates, and only the bot scopes', () => {
      const perScope = new Map<string, string[]>();
      for (const list of lists) {
        for (const scope of list.scopes) {
          assert.ok(manifest.bots[0].scopes.includes(scope), `commandList scope ${scope} is not a bot scope`);
          perScope.set(scope, [...(perScope.get(scope) ?? []), ...list.commands.map((c) => c.title)]);
        }
      }
      for (const [scope, titles] of perScope) {
        assert.ok(titles.length <= 10, `${scope}: ${titles.length} commands`);
        assert.equal(new Set(titles).size, titles.length, `${scope}: duplicate titles`);
      }
    });
  });

  describe('icons', () => {
    it('color.png is a 192x192 full-colour drawing', () => {
      const png = readPng(manifest.icons.color);
      assert.equal(png.width, 192);
      assert.equal(png.height, 192);
      const colours = new Set<number>();
      for (let i = 0; i < png.data.length; i += 4) {
        assert.equal(png.data[i + 3], 255, 'color.png is opaque');
        colours.add(png.data.readUInt32BE(i));
      }
      assert.ok(colours.size > 20, `only ${colours.size} colours: blank?`);
    });

    it('outline.png is a 32x32 white drawing on transparent', () => {
      const png = readPng(manifest.icons.outline);
      assert.equal(png.width, 32);
      assert.equal(png.height, 32);
      let opaque = 0;
      let transparent = 0;
      for (let i = 0; i < png.data.length; i += 4) {
        const [r, g, b, a] = png.data.subarray(i, i + 4);
        if (a === 0) transparent++;
        else {
          assert.deepEqual([r, g, b], [255, 255, 255], `pixel ${i / 4} is not white`);
          if (a === 255) opaque++;
        }
      }
      assert.ok(opaque > 100, `only ${opaque} opaque pixels: blank?`);
      assert.ok(transparent > 300, `only ${transparent} transparent pixels`);
    });
  });
});

describe('npm run package (scripts/package-app.ts)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'license-desk-package-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('fills the placeholders and zips manifest.json, color.png and outline.png at the root', async () => {
    const envFile = join(dir, '.env.test');
    writeFileSync(
      envFile,
      [
        '# a provisioned environment',
        'TEAMSFX_ENV=test',
        `APP_NAME_SUFFIX="${SAMPLE_ENV.APP_NAME_SUFFIX}"`,
        `TEAMS_APP_ID=${SAMPLE_ENV.TEAMS_APP_ID}`,
        'BOT_ID=00000000-0000-0000-0000-000000000000 # overridden below by the environment',
        `BOT_DOMAIN=${SAMPLE_ENV.BOT_DOMAIN}`,
        '',
      ].join('\n'),
    );
    const out = join(dir, 'appPackage.test.zip');
    const run = runPackageScript(['--env-file', envFile, '--out', out], { BOT_ID: SAMPLE_ENV.BOT_ID });
    assert.equal(run.status, 0, run.stderr);

    const zip = await JSZip.loadAsync(readFileSync(out));
    assert.deepEqual(Object.keys(zip.files).sort(), ['color.png', 'manifest.json', 'outline.png']);
    const text = await zip.file('manifest.json')!.async('string');
    assert.ok(!text.includes('${{'), 'placeholders left in the packaged manifest');
    const packaged = JSON.parse(text) as Manifest & { name: { short: string }; validDomains: string[] };
    assert.equal(packaged.id, SAMPLE_ENV.TEAMS_APP_ID);
    assert.equal(packaged.bots[0].botId, SAMPLE_ENV.BOT_ID, 'the environment overrides the env file');
    assert.equal(packaged.name.short, 'License Desk (dev)');
    assert.deepEqual(packaged.validDomains, [SAMPLE_ENV.BOT_DOMAIN]);
    assert.deepEqual(await validateManifest(packaged as unknown as Json), []);
    const color = await zip.file('color.png')!.async('nodebuffer');
    assert.ok(color.equals(readFileSync(join(APP_PACKAGE_DIR, 'color.png'))));
  });

  it('refuses a placeholder without a value, naming it', () => {
    const envFile = join(dir, '.env.incomplete');
    writeFileSync(envFile, `TEAMS_APP_ID=${SAMPLE_ENV.TEAMS_APP_ID}\nBOT_ID=\n`);
    const run = runPackageScript(['--env-file', envFile, '--out', join(dir, 'never.zip')]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /\$\{\{BOT_ID\}\} \(BOT_ID is empty\)/);
    assert.match(run.stderr, /\$\{\{BOT_DOMAIN\}\} \(BOT_DOMAIN is not defined\)/);
  });
});

describe('parseEnvFile', () => {
  it('reads dotenv syntax: comments, quotes, export, inline comments', () => {
    const env = parseEnvFile(
      ['# comment', 'A=1', 'export B=two', 'C="with spaces # kept"', "D=' single '", 'E=x # comment', 'F=', ''].join('\n'),
    );
    assert.deepEqual(env, { A: '1', B: 'two', C: 'with spaces # kept', D: ' single ', E: 'x', F: '' });
  });
});
