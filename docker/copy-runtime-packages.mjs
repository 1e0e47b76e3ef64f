#!/usr/bin/env node
// Copies installed packages that a bundle keeps external (a native addon, files served from disk)
// together with their production dependencies, from the repository's node_modules into <out>,
// at the same relative paths so Node resolves them as it did here. Nothing else is copied: the
// images carry bundles, not node_modules.
//
// usage: node docker/copy-runtime-packages.mjs <out> <package> [<package>…]
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const [out, ...roots] = process.argv.slice(2);
if (!out || roots.length === 0) {
  console.error('usage: node docker/copy-runtime-packages.mjs <out> <package> [<package>…]');
  process.exit(2);
}
const repo = resolve(import.meta.dirname, '..');

/** The folder Node would load `name` from when required from `fromDir` (walking up node_modules). */
function packageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === repo || dir === dirname(dir)) throw new Error(`${name} is not installed (looked from ${fromDir})`);
  }
}

const copied = new Set();
const pending = roots.map((name) => packageDir(name, repo));
while (pending.length > 0) {
  const dir = pending.pop();
  if (copied.has(dir)) continue;
  copied.add(dir);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  // A package's own nested node_modules are copied only as far as its dependencies reach.
  cpSync(dir, join(out, relative(repo, dir)), {
    recursive: true,
    filter: (source) => !relative(dir, source).split(sep).includes('node_modules'),
  });
  for (const dependency of Object.keys(manifest.dependencies ?? {})) pending.push(packageDir(dependency, dir));
}
console.log(
  `runtime packages: ${[...copied]
    .map((dir) => relative(join(repo, 'node_modules'), dir))
    .sort()
    .join(', ')}`,
);
