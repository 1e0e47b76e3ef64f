#!/usr/bin/env node
// Writes the manifests `npm install` reads in docker/Dockerfile's `workspace` stage into <out>,
// trimmed to what bundling the images needs: the workspaces the images' entries live in and the
// workspaces those depend on (read from package.json, not restated), each with its production
// dependencies only, less infra's CDK app; the root with esbuild as its one dependency. The lock
// file is copied whole and still pins every version. A source edit leaves the install layer cached.
//
// usage: node docker/workspace-manifests.mjs <out>
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The workspaces whose entry points docker/Dockerfile bundles. */
const IMAGE_WORKSPACES = ['api', 'delete-fn', 'infra/local'];
/** infra's CDK app and its checks: `make deploy` runs them on the host, no image bundles them. */
const DEPLOY_ONLY = ['aws-cdk-lib', 'constructs', 'cdk-nag', 'cdk-monitoring-constructs', '@cdklabs/cdk-validator-cfnguard'];

const [out] = process.argv.slice(2);
if (!out) {
  console.error('usage: node docker/workspace-manifests.mjs <out>');
  process.exit(2);
}
const root = resolve(import.meta.dirname, '..');
const read = (file) => JSON.parse(readFileSync(join(root, file), 'utf8'));
const write = (file, manifest) => {
  mkdirSync(dirname(join(out, file)), { recursive: true });
  writeFileSync(join(out, file), `${JSON.stringify(manifest, null, 2)}\n`);
};

const rootManifest = read('package.json');
const byName = new Map();
for (const workspace of rootManifest.workspaces ?? []) {
  // Globs would need expanding; this repository lists each workspace by path.
  if (/[*?{[]/.test(workspace))
    throw new Error(`workspace "${workspace}" is a glob: list workspaces by path or teach docker/workspace-manifests.mjs to expand it`);
  byName.set(read(join(workspace, 'package.json')).name, workspace);
}

// The image workspaces and, transitively, the workspaces their production dependencies name.
const needed = new Set();
const pending = [...IMAGE_WORKSPACES];
while (pending.length > 0) {
  const workspace = pending.pop();
  if (needed.has(workspace)) continue;
  if (!byName.has(read(join(workspace, 'package.json')).name)) throw new Error(`${workspace} is not a workspace in package.json`);
  needed.add(workspace);
  for (const name of Object.keys(read(join(workspace, 'package.json')).dependencies ?? {}))
    if (byName.has(name)) pending.push(byName.get(name));
}

for (const workspace of needed) {
  const { devDependencies: _dev, dependencies = {}, ...manifest } = read(join(workspace, 'package.json'));
  write(join(workspace, 'package.json'), {
    ...manifest,
    dependencies: Object.fromEntries(Object.entries(dependencies).filter(([name]) => !DEPLOY_ONLY.includes(name))),
  });
}
const esbuild = rootManifest.devDependencies?.esbuild ?? rootManifest.dependencies?.esbuild;
if (!esbuild) throw new Error('package.json names no esbuild, which bundling needs');
const workspaces = rootManifest.workspaces.filter((workspace) => needed.has(workspace));
write('package.json', { name: rootManifest.name, private: true, type: rootManifest.type, workspaces, dependencies: { esbuild } });
copyFileSync(join(root, 'package-lock.json'), join(out, 'package-lock.json'));
if (existsSync(join(root, '.npmrc'))) copyFileSync(join(root, '.npmrc'), join(out, '.npmrc'));
console.log(`workspace manifests for bundling: ${workspaces.join(', ')} → ${out}`);
