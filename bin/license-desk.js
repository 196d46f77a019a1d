#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx is a runtime dependency), so `npx license-desk` needs no build.
require('tsx/cjs');
require('../src/cli/main.ts')
  .main(process.argv.slice(2))
  .then((code) => process.exit(code ?? 0))
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
