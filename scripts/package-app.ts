/**
 * Builds the Teams app package, as the Agents Toolkit's teamsApp/zipAppPackage does, without the toolkit:
 *
 *   npm run package                          # env/.env.dev (+ env/.env.dev.user)
 *   npm run package -- --env local           # env/.env.local
 *   npm run package -- --env-file path/.env  # any env file
 *   npm run package -- --out /tmp/app.zip    # somewhere else than appPackage/build/appPackage.<env>.zip
 *
 * It fills the `${{VAR}}` placeholders of appPackage/manifest.json from the env file, with variables of the
 * current environment taking precedence (like the toolkit); a placeholder left without a value is an error
 * that names it. The filled manifest is validated offline against the JSON schema bundled in
 * @microsoft/app-manifest (the one its `$schema` names) and the icons are checked; then manifest.json,
 * color.png and outline.png are zipped at the root of the package.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import { PNG } from 'pngjs';

export const ROOT = resolve(__dirname, '..');
export const APP_PACKAGE_DIR = join(ROOT, 'appPackage');
export const MANIFEST_PATH = join(APP_PACKAGE_DIR, 'manifest.json');
export const ENV_DIR = join(ROOT, 'env');

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export type Env = Record<string, string>;
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export class PackageError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(details.length ? `${message}\n  - ${details.join('\n  - ')}` : message);
    this.name = 'PackageError';
  }
}

// ---- env files ----------------------------------------------------------------------------------

/** Parses a dotenv file: `KEY=value`, `export KEY=value`, quoted values, `#` comments. */
export function parseEnvFile(text: string): Env {
  const env: Env = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, key, rest] = match;
    let value = rest;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.indexOf(quote, 1) > 0) {
      value = value.slice(1, value.indexOf(quote, 1));
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else {
      value = value.replace(/\s+#.*$/, '').trim();
    }
    env[key] = value;
  }
  return env;
}

/**
 * The variables for one toolkit environment: the env file, then its `.user` companion (SECRET_* values),
 * then the process environment on top (a non-empty process variable overrides the files).
 */
export function loadEnv(envFile: string, processEnv: NodeJS.ProcessEnv = process.env): Env {
  if (!existsSync(envFile)) throw new PackageError(`Env file not found: ${envFile}`);
  const env: Env = parseEnvFile(readFileSync(envFile, 'utf8'));
  const userFile = `${envFile}.user`;
  if (existsSync(userFile)) Object.assign(env, parseEnvFile(readFileSync(userFile, 'utf8')));
  for (const [key, value] of Object.entries(processEnv)) {
    if (value !== undefined && value !== '') env[key] = value;
  }
  return env;
}

// ---- placeholders -------------------------------------------------------------------------------

/** Every `${{VAR}}` name used in the strings of a JSON value. */
export function placeholdersIn(value: Json): string[] {
  const names = new Set<string>();
  walkStrings(value, (s) => {
    for (const m of s.matchAll(PLACEHOLDER)) names.add(m[1]);
    return s;
  });
  return [...names];
}

/**
 * Replaces `${{VAR}}` in every string of the JSON value (values are inserted as data, never as JSON text).
 * Throws a PackageError naming every placeholder that has no (or an empty) value.
 */
export function fillPlaceholders<T extends Json>(value: T, env: Env): T {
  const missing = new Set<string>();
  const filled = walkStrings(value, (s) =>
    s.replace(PLACEHOLDER, (whole, name: string) => {
      const v = env[name];
      if (v === undefined || v === '') {
        missing.add(name);
        return whole;
      }
      return v;
    }),
  );
  if (missing.size) {
    throw new PackageError(
      'Unresolved placeholders in appPackage/manifest.json (set them in the env file or the environment):',
      [...missing].map((name) => `\${{${name}}} (${name} is ${name in env ? 'empty' : 'not defined'})`),
    );
  }
  return filled as T;
}

function walkStrings(value: Json, fn: (s: string) => string): Json {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => walkStrings(v, fn));
  if (value && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) out[k] = walkStrings(v, fn);
    return out;
  }
  return value;
}

// ---- validation ---------------------------------------------------------------------------------

const SCHEMA_URL = /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?json-schemas\/teams\/(v[\w.]+)\/MicrosoftTeams\.schema\.json$/i;

/** Schema version named by a manifest's `$schema` ("1.30"), or undefined when it is not a Teams schema URL. */
export function schemaVersionOf(schemaUrl: unknown): string | undefined {
  const m = typeof schemaUrl === 'string' ? SCHEMA_URL.exec(schemaUrl) : null;
  return m ? m[1].slice(1) : undefined;
}

/** Path of the Teams manifest schema that @microsoft/app-manifest bundles for a version ("1.30"). */
export function bundledSchemaPath(version: string): string {
  const packageDir = dirname(require.resolve('@microsoft/app-manifest/package.json'));
  return join(packageDir, 'build', 'json-schemas', 'teams', `v${version}`, 'MicrosoftTeams.schema.json');
}

/** Loads the bundled schema the manifest's `$schema` names. Never downloads. */
export function loadBundledSchema(manifest: { $schema?: unknown }): object {
  const version = schemaVersionOf(manifest.$schema);
  if (!version) throw new PackageError(`$schema is not a Teams manifest schema URL: ${String(manifest.$schema)}`);
  const file = bundledSchemaPath(version);
  if (!existsSync(file)) throw new PackageError(`@microsoft/app-manifest bundles no schema for manifest v${version}`);
  // Same clean-up as AppManifestUtils.fetchSchema: some schemas carry \a and \v escapes JSON does not allow.
  const raw = readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  return JSON.parse(raw) as object;
}

/**
 * Validates a filled manifest: the bundled JSON schema (offline), manifestVersion = the $schema's version,
 * and the icons it names exist next to it with the sizes Teams requires. Returns the problems found.
 */
export async function validateManifest(manifest: Json, appPackageDir = APP_PACKAGE_DIR): Promise<string[]> {
  if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) return ['manifest is not an object'];
  const problems: string[] = [];
  const schema = loadBundledSchema(manifest);
  type SchemaArgs = Parameters<typeof AppManifestUtils.validateAgainstSchema>;
  const errors = await AppManifestUtils.validateAgainstSchema(
    manifest as unknown as SchemaArgs[0],
    schema as unknown as SchemaArgs[1],
  );
  problems.push(...errors.map((e) => `schema: ${e}`));
  const version = schemaVersionOf(manifest.$schema);
  if (manifest.manifestVersion !== version) {
    problems.push(`manifestVersion ${String(manifest.manifestVersion)} does not match $schema (v${version})`);
  }
  const icons = (manifest.icons ?? {}) as { [key: string]: Json };
  for (const [kind, size] of [
    ['color', 192],
    ['outline', 32],
  ] as const) {
    const name = icons[kind];
    if (typeof name !== 'string') continue; // the schema reports it
    const file = join(appPackageDir, name);
    if (!existsSync(file)) {
      problems.push(`icons.${kind}: ${name} not found in ${appPackageDir}`);
      continue;
    }
    const png = PNG.sync.read(readFileSync(file));
    if (png.width !== size || png.height !== size) {
      problems.push(`icons.${kind}: ${name} is ${png.width}x${png.height}, must be ${size}x${size}`);
    }
  }
  return problems;
}

// ---- packaging ----------------------------------------------------------------------------------

export interface PackageOptions {
  /** Toolkit environment name: reads env/.env.<env>. Default "dev". */
  env?: string;
  /** Explicit env file (instead of env/.env.<env>). */
  envFile?: string;
  /** Output zip. Default appPackage/build/appPackage.<env>.zip. */
  out?: string;
  /** Variables overriding the file (default process.env). */
  processEnv?: NodeJS.ProcessEnv;
  appPackageDir?: string;
}

export interface PackageResult {
  zipPath: string;
  envName: string;
  manifest: Json;
}

export async function packageApp(options: PackageOptions = {}): Promise<PackageResult> {
  const appPackageDir = options.appPackageDir ?? APP_PACKAGE_DIR;
  const envFile = resolve(options.envFile ?? join(ENV_DIR, `.env.${options.env ?? 'dev'}`));
  const env = loadEnv(envFile, options.processEnv ?? process.env);
  const envName = options.envFile
    ? env.TEAMSFX_ENV || basename(envFile).replace(/^\.env\.?/, '') || 'custom'
    : (options.env ?? 'dev');

  const template = JSON.parse(readFileSync(join(appPackageDir, 'manifest.json'), 'utf8')) as Json;
  const manifest = fillPlaceholders(template, env);
  const problems = await validateManifest(manifest, appPackageDir);
  if (problems.length) throw new PackageError(`appPackage/manifest.json is not valid for env "${envName}":`, problems);

  const icons = (manifest as { icons: { color: string; outline: string } }).icons;
  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  for (const name of new Set([icons.color, icons.outline])) zip.file(name, readFileSync(join(appPackageDir, name)));
  const zipPath = resolve(options.out ?? join(appPackageDir, 'build', `appPackage.${envName}.zip`));
  mkdirSync(dirname(zipPath), { recursive: true });
  writeFileSync(zipPath, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return { zipPath, envName, manifest };
}

// ---- CLI ----------------------------------------------------------------------------------------

const USAGE = 'usage: npm run package -- [--env local|dev|playground | --env-file PATH] [--out ZIP]';

export function parseArgs(argv: string[]): PackageOptions {
  const options: PackageOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new PackageError(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--env':
        options.env = value();
        break;
      case '--env-file':
        options.envFile = value();
        break;
      case '--out':
        options.out = value();
        break;
      case '-h':
      case '--help':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new PackageError(`Unknown argument: ${arg}\n${USAGE}`);
    }
  }
  if (options.env && options.envFile) throw new PackageError(`Use --env or --env-file, not both\n${USAGE}`);
  return options;
}

async function main(): Promise<void> {
  try {
    const { zipPath, envName } = await packageApp(parseArgs(process.argv.slice(2)));
    console.log(`Teams app package for env "${envName}": ${zipPath}`);
  } catch (err) {
    console.error(err instanceof PackageError ? `error: ${err.message}` : err);
    process.exitCode = 1;
  }
}

if (require.main === module) void main();
