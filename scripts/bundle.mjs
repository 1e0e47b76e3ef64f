#!/usr/bin/env node
// Bundles one entry point of a workspace into dist/ with esbuild.
// Workspace packages (@picus/*) export TypeScript sources, so Node never loads them directly: every
// process that runs (api server, Lambda, local stack) is a bundle. Third-party packages stay external
// unless --all is given (the Lambda artifact carries everything it needs).
//
// usage: node scripts/bundle.mjs <entry.ts> <out.js> [--all [--external=pkg,pkg]]
// BUNDLE_MINIFY=false keeps names and lines readable, for CPU profiles (`node --cpu-prof`).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';

const [entry, outfile, ...flags] = process.argv.slice(2);
if (!entry || !outfile) {
  console.error('usage: node scripts/bundle.mjs <entry.ts> <out.js> [--all [--external=pkg,pkg]]');
  process.exit(2);
}
const bundleEverything = flags.includes('--all');
// With --all, packages that must stay on disk (e.g. swagger-ui-dist, which serves its own files).
const keptExternal = (flags.find((flag) => flag.startsWith('--external=')) ?? '--external=')
  .slice('--external='.length)
  .split(',')
  .filter(Boolean);

/**
 * express-openapi-validator requires multer (and with it busboy) at load, for file uploads, which
 * the api switches off (`fileUploader: false`). In bundles the package multer resolves to a stub
 * that throws if it is ever called, so ~280 KB of source is neither parsed nor evaluated at start.
 * No library file is edited: only which module the name `multer` resolves to. Only the api's
 * bundle has multer to replace (the Lambda carries no express-openapi-validator middleware).
 */
const noUploads = {
  name: 'no-uploads',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^multer$/ }, () => ({ path: 'multer', namespace: 'no-uploads' }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'no-uploads' }, () => ({
      contents:
        "module.exports = function multer() { throw new Error('multer is not bundled: file uploads are off (fileUploader: false)'); };",
      loader: 'js',
    }));
  },
};

/** Every third-party package a workspace (as the root package.json lists them) depends on. */
function thirdPartyDependencies() {
  const root = resolve(import.meta.dirname, '..');
  const names = new Set();
  for (const dir of JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).workspaces) {
    const manifest = JSON.parse(readFileSync(resolve(root, dir, 'package.json'), 'utf8'));
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })) {
      if (!name.startsWith('@picus/')) names.add(name);
    }
  }
  return [...names];
}

// Code splitting: a dynamic import() becomes a chunk of its own (dist/chunks/), loaded only when
// that import runs. The OpenTelemetry SDK is one: a process with tracing off never parses it.
const extension = extname(outfile);
await build({
  entryPoints: { [basename(outfile, extension)]: entry },
  outdir: dirname(outfile),
  outExtension: { '.js': extension },
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  minify: bundleEverything && process.env.BUNDLE_MINIFY !== 'false',
  external: bundleEverything ? keptExternal : thirdPartyDependencies(),
  plugins: bundleEverything ? [noUploads] : [],
  // Stack traces map back to file and line without the sources themselves, which were most of the
  // map's size (6.8 MB for the Lambda): the map is read at start-up under --enable-source-maps.
  sourcesContent: false,
  // Bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
