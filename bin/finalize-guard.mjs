#!/usr/bin/env node
// Runs the bundled CLI (built by `npm run build:node`, which `npm ci` runs through "prepare").
import { existsSync } from 'node:fs';

const built = new URL('../dist/node/finalize-guard.mjs', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write('finalize-guard: the CLI is not built yet. Run `npm run build:node` (or `npm ci`) first.\n');
  process.exit(2);
}
await import(built.href);
