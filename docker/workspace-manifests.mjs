#!/usr/bin/env node
// Copies the files `npm ci` reads (package.json, package-lock.json, .npmrc and each workspace's
// package.json) from the repository into <out>, keeping their paths. docker/Dockerfile's
// `workspace` stage installs from this copy, so a source edit leaves the install layer cached, and
// the workspace list is read from package.json instead of being restated in the Dockerfile.
//
// usage: node docker/workspace-manifests.mjs <out>
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const [out] = process.argv.slice(2);
if (!out) {
  console.error('usage: node docker/workspace-manifests.mjs <out>');
  process.exit(2);
}
const root = resolve(import.meta.dirname, '..');
const { workspaces = [] } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const files = ['package.json', 'package-lock.json', '.npmrc', ...workspaces.map((workspace) => {
  // Globs would need expanding; this repository lists each workspace by path.
  if (/[*?{[]/.test(workspace)) throw new Error(`workspace "${workspace}" is a glob: list workspaces by path or teach docker/workspace-manifests.mjs to expand it`);
  return join(workspace, 'package.json');
})];
for (const file of files) {
  if (!existsSync(join(root, file))) {
    if (file === '.npmrc') continue;
    throw new Error(`${file} is missing`);
  }
  mkdirSync(dirname(join(out, file)), { recursive: true });
  copyFileSync(join(root, file), join(out, file));
}
console.log(`workspace manifests: ${files.length} files → ${out}`);
