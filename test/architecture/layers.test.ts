import assert from 'node:assert/strict';
import { join } from 'node:path';
import { checkFile, checkTree, layerOf } from './import-rules';

const ROOT = join(__dirname, '../..');

describe('architecture: layer rules (docs/architecture.md)', () => {
  it('src/ keeps every rule', () => {
    const violations = checkTree(ROOT);
    assert.deepEqual(violations.map((v) => `${v.file} imports ${v.imports}: ${v.rule}`), []);
  });

  it('knows the layer of every folder', () => {
    assert.equal(layerOf('src/licensing/resolver.ts'), 'domain');
    assert.equal(layerOf('src/requests/preflight.ts'), 'domain');
    assert.equal(layerOf('src/services/request-service.ts'), 'services');
    assert.equal(layerOf('src/index.ts'), 'root');
  });

  describe('the checker catches what the rules forbid', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['src/licensing/x.ts', "import { createGraphGateway } from '../graph/gateway';", /domain must not import graph/],
      ['src/requests/x.ts', "import type { RequestStore } from '../store/request-store';", /domain must not import store/],
      ['src/requests/x.ts', "export { RequestService } from '../services/request-service';", /domain must not import services/],
      ['src/licensing/x.ts', "import { readFileSync } from 'node:fs';", /domain code is pure/],
      ['src/conversation/x.ts', "const bb = require('botbuilder');", /Bot Framework SDK/],
      ['src/services/x.ts', "import { TurnContext } from 'botbuilder';", /Bot Framework SDK/],
      ['src/services/x.ts', "import { renderCard } from '../bot/render';", /services must not import bot/],
      ['src/graph/x.ts', "import type { RequestStore } from '../store/request-store';", /graph must not import store/],
      ['src/store/x.ts', "import { Client } from '@microsoft/microsoft-graph-client';", /Graph SDK/],
      ['src/bot/x.ts', "import Database from 'better-sqlite3';", /storage SDK/],
      ['src/report/x.ts', "const m = import('../store/open-store');", /domain must not import store/],
    ];
    for (const [file, source, rule] of cases) {
      it(`${file}: ${source}`, () => {
        const violations = checkFile(file, source);
        assert.ok(violations.some((v) => rule.test(v.rule)), JSON.stringify(violations));
      });
    }

    it('allows what the rules allow', () => {
      assert.deepEqual(checkFile('src/requests/x.ts', "import { resolve } from '../licensing/resolver';\nimport { z } from 'zod';"), []);
      assert.deepEqual(checkFile('src/services/x.ts', "import type { GraphGateway } from '../graph/gateway';\nimport { saveWithRetry } from '../store/save-with-retry';"), []);
      assert.deepEqual(checkFile('src/index.ts', "import { CloudAdapter } from 'botbuilder';"), []);
      assert.deepEqual(checkFile('src/store/x.ts', "import type { LicenseRequest } from '../requests/request';"), []);
    });
  });
});
