#!/usr/bin/env node
// Bundles one entry point of a workspace into dist/ with esbuild.
// Workspace packages (@picus/*) export TypeScript sources, so Node never loads them directly: every
// process that runs (api server, Lambda, local stack) is a bundle. Third-party packages stay external
// unless --all is given (the Lambda artifact carries everything it needs).
//
// usage: node scripts/bundle.mjs <entry.ts> <out.js> [--all]
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const [entry, outfile, ...flags] = process.argv.slice(2);
if (!entry || !outfile) {
  console.error('usage: node scripts/bundle.mjs <entry.ts> <out.js> [--all]');
  process.exit(2);
}
const bundleEverything = flags.includes('--all');

function thirdPartyDependencies() {
  const names = new Set();
  for (const dir of ['core', 'api', 'delete-fn', 'infra', 'contracts', 'test']) {
    const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, '..', dir, 'package.json'), 'utf8'));
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })) {
      if (!name.startsWith('@picus/')) names.add(name);
    }
  }
  return [...names];
}

await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  minify: bundleEverything,
  external: bundleEverything ? [] : thirdPartyDependencies(),
  // Bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
