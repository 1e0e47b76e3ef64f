import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT, topology } from '@picus/infra';
import { dockerfileStages } from '@picus/testkit';
import { DOCKERFILE, LOCALSTACK_IMAGE, PROJECT_IMAGES } from '../../infra/local/stack/docker-images.js';

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
const stages = dockerfileStages(read(DOCKERFILE));
/** The stage a target's image is made from, and its build stage. */
const stage = (name: string) => stages.get(name) ?? '';
const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, { image?: string; build?: { context: string; dockerfile: string; target?: string }; profiles?: string[] }>;
};

describe('the Dockerfile', () => {
  it('when read, then each image is a target whose build stage starts from the one shared workspace install, and takes only its own build output', () => {
    expect(stage('workspace')).toMatch(/^RUN --mount=type=secret,id=npm_ca .*\n.*\n\s*npm install --omit=dev /m);
    for (const { target } of PROJECT_IMAGES) {
      expect(stage(`${target}-build`), target).toMatch(/^FROM workspace AS /);
      const copied = [...stage(target).matchAll(/^COPY --from=(\S+)/gm)].map((match) => match[1]);
      expect(copied.length, target).toBeGreaterThan(0);
      expect(new Set(copied), target).toEqual(new Set([`${target}-build`]));
    }
  });

  it('when the install stage runs, then it takes the proxy CA as a build secret and never copies it, and every image runs as node', () => {
    const text = read(DOCKERFILE);
    expect(text).toContain('RUN --mount=type=secret,id=npm_ca');
    expect(text).not.toMatch(/^(COPY|ADD)\b.*(npm_ca|\.crt|\.pem)/m);
    for (const { target } of PROJECT_IMAGES) expect([...stage(target).matchAll(/^USER\s+(\S+)/gm)].at(-1)?.[1], target).toBe('node');
  });

  it('when the workspace manifests are gathered, then only the image workspaces and those they depend on are there, without dev or deploy-only dependencies', () => {
    const out = mkdtempSync(join(tmpdir(), 'picus-manifests-'));
    const result = spawnSync(process.execPath, [join(REPO_ROOT, 'docker/workspace-manifests.mjs'), out], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status, result.stderr).toBe(0);
    const gathered = readdirSync(out, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(out, join(entry.parentPath, entry.name)))
      .sort();
    const workspaces = ['core', 'api', 'delete-fn', 'infra', 'infra/local'];
    expect(gathered).toEqual(
      ['.npmrc', 'package-lock.json', 'package.json', ...workspaces.map((workspace) => join(workspace, 'package.json'))].sort(),
    );
    const written = (file: string) =>
      JSON.parse(readFileSync(join(out, file), 'utf8')) as {
        workspaces?: string[];
        dependencies?: Record<string, string>;
        devDependencies?: unknown;
      };
    const { esbuild } = (JSON.parse(read('package.json')) as { devDependencies: Record<string, string> }).devDependencies;
    expect(written('package.json')).toMatchObject({ workspaces, dependencies: { esbuild } });
    for (const workspace of workspaces) {
      const manifest = written(join(workspace, 'package.json'));
      expect(manifest.devDependencies, workspace).toBeUndefined();
      // The CDK app deploys from the host; no image bundles it.
      for (const name of ['aws-cdk-lib', 'cdk-nag']) expect(Object.keys(manifest.dependencies ?? {}), workspace).not.toContain(name);
    }
    expect(read(DOCKERFILE)).not.toMatch(/^COPY \S+\/package\.json/m);
  });
});

describe('the api heap bound', () => {
  it("when the image's command and the start script are read, then they run the api with the topology's Node flags, as its ECS task and the local stack do", () => {
    const { nodeFlags } = topology.targetGroups.api;
    const cmd = /^CMD (\[.*\])$/m.exec(stage('api'))?.[1];
    expect(JSON.parse(cmd ?? '[]') as string[]).toEqual(expect.arrayContaining([...nodeFlags]));
    const start = (JSON.parse(read('api/package.json')) as { scripts: { start: string } }).scripts.start;
    for (const flag of nodeFlags) expect(start.split(' ')).toContain(flag);
  });
});

describe('docker-compose.yml and the stack CLI', () => {
  it('when read, then the images the CLI builds are the services Compose builds, from the same Dockerfile targets', () => {
    const built = Object.entries(compose.services)
      .filter(([, service]) => service.build)
      .map(([service, { image, build }]) => ({ image, dockerfile: build?.dockerfile, target: build?.target, service }));
    const byService = (a: { service: string }, b: { service: string }) => a.service.localeCompare(b.service);
    expect(built.sort(byService)).toEqual(
      PROJECT_IMAGES.map(({ image, target, service }) => ({ image, dockerfile: DOCKERFILE, target, service })).sort(byService),
    );
  });

  it('when read, then LocalStack is the image the CLI looks for', () => {
    expect(compose.services.localstack?.image).toBe(LOCALSTACK_IMAGE);
  });
});
