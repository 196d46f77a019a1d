/**
 * The layer rules of docs/architecture.md as data, and a checker over the TypeScript import graph of src/.
 * Imports are read with the compiler's own pre-processor (import, import type, export … from, require,
 * dynamic import), so a rule cannot be dodged by a form a regular expression would miss.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as ts from 'typescript';

export type Layer = 'domain' | 'services' | 'graph' | 'store' | 'bot' | 'demo' | 'cli' | 'root';

/** Folder (under src/) → layer. Anything else directly in src/ is 'root' (index.ts, config.ts, logging.ts). */
export const LAYER_OF_FOLDER: Record<string, Layer> = {
  licensing: 'domain',
  requests: 'domain',
  conversation: 'domain',
  report: 'domain',
  alerts: 'domain',
  services: 'services',
  graph: 'graph',
  store: 'store',
  bot: 'bot',
  demo: 'demo',
  cli: 'cli',
};

/** Which of our own layers each layer may import. Imports point down only. */
export const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  domain: ['domain'],
  services: ['services', 'domain', 'graph', 'store', 'root'],
  graph: ['graph', 'domain', 'root'],
  store: ['store', 'domain', 'root'],
  bot: ['bot', 'services', 'domain', 'graph', 'store', 'root'],
  // The demo tenant speaks Graph's wire formats, so it may share the gateway's format code (e.g. the report CSV).
  demo: ['demo', 'domain', 'graph', 'root'],
  cli: ['cli', 'services', 'domain', 'graph', 'store', 'demo', 'root'],
  root: ['root', 'bot', 'services', 'domain', 'graph', 'store', 'demo'],
};

/** Packages a layer may use at all: the SDKs stay behind their adapter. */
const SDK_OWNERS: Array<{ pattern: RegExp; what: string; allowed: (file: string, layer: Layer) => boolean }> = [
  { pattern: /^(botbuilder|botframework-|restify)/, what: 'the Bot Framework SDK / HTTP server', allowed: (file, layer) => layer === 'bot' || file === 'src/index.ts' },
  { pattern: /^@microsoft\/microsoft-graph-client/, what: 'the Graph SDK', allowed: (_f, layer) => layer === 'graph' },
  // Managed identity / client secrets: for Graph, and for Table Storage without a connection string.
  { pattern: /^@azure\/identity/, what: 'Azure credentials', allowed: (_f, layer) => layer === 'graph' || layer === 'store' },
  { pattern: /^(better-sqlite3|@azure\/data-tables)/, what: 'a storage SDK', allowed: (_f, layer) => layer === 'store' },
];

/** Domain code is pure: data in, data out. These are the only packages it may use. */
const DOMAIN_PACKAGES = [/^zod$/, /^@nlpjs\//];

export interface Violation {
  file: string;
  imports: string;
  rule: string;
}

export function layerOf(file: string): Layer {
  const parts = file.split('/');
  if (parts[0] !== 'src') throw new Error(`not under src/: ${file}`);
  return parts.length === 2 ? 'root' : (LAYER_OF_FOLDER[parts[1]] ?? 'root');
}

/** The module specifiers a TypeScript source imports. */
export function importsOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** Checks one file (path relative to the repo, with '/') given its source text. */
export function checkFile(file: string, source: string): Violation[] {
  const layer = layerOf(file);
  const violations: Violation[] = [];
  for (const spec of importsOf(source)) {
    if (spec.startsWith('.')) {
      const target = relative('.', resolve(dirname(file), spec)).split(sep).join('/');
      if (!target.startsWith('src/')) continue; // JSON data next to the code, e.g. ../../cards
      const targetLayer = layerOf(target.endsWith('.ts') || target.includes('.') ? target : `${target}.ts`);
      if (!MAY_IMPORT[layer].includes(targetLayer)) {
        violations.push({ file, imports: spec, rule: `${layer} must not import ${targetLayer} (${target})` });
      }
      continue;
    }
    for (const owner of SDK_OWNERS) {
      if (owner.pattern.test(spec) && !owner.allowed(file, layer)) {
        violations.push({ file, imports: spec, rule: `only its adapter may import ${owner.what}` });
      }
    }
    if (layer === 'domain' && !DOMAIN_PACKAGES.some((p) => p.test(spec))) {
      violations.push({ file, imports: spec, rule: 'domain code is pure: no I/O, no SDKs (allowed: zod, @nlpjs/*)' });
    }
  }
  return violations;
}

export function sourceFiles(root: string, dir = 'src'): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) files.push(...sourceFiles(root, path));
    else if (entry.name.endsWith('.ts')) files.push(path);
  }
  return files;
}

export function checkTree(root: string): Violation[] {
  return sourceFiles(root).flatMap((file) => checkFile(file, readFileSync(join(root, file), 'utf8')));
}
