import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT, topology } from '@picus/infra';
import { LOCALSTACK_IMAGE, PROJECT_IMAGES } from '../../infra/local/stack/docker-images.js';

const dockerfile = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
/** From the base image argument to the end of the `workspace` stage: what every image shares. */
const sharedStages = (text: string) => /^ARG NODE_IMAGE=[\s\S]*?^COPY \. \.$(?=\s+^FROM workspace AS build)/m.exec(text)?.[0];
const compose = parse(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { image?: string; build?: { context: string; dockerfile: string }; profiles?: string[] }>;
};

describe('the Dockerfiles', () => {
  it('when compared, then every image shares the same base and install stages (one install, cached for all)', () => {
    const stages = PROJECT_IMAGES.map(({ dockerfile: path }) => sharedStages(dockerfile(path)));
    expect(stages[0]).toBeDefined();
    for (const [index, stage] of stages.entries()) expect(stage, PROJECT_IMAGES[index]?.dockerfile).toBe(stages[0]);
  });

  it('when the install stage runs, then it takes the proxy CA as a build secret and never copies it', () => {
    for (const { dockerfile: path } of PROJECT_IMAGES) {
      const text = dockerfile(path);
      expect(text, path).toContain('RUN --mount=type=secret,id=npm_ca');
      expect(text, path).not.toMatch(/^(COPY|ADD)\b.*(npm_ca|\.crt|\.pem)/m);
      expect(text, path).toMatch(/^USER node$/m);
    }
  });

  it('when the workspace manifests are gathered, then each workspace in package.json is there, with nothing restated in a Dockerfile', () => {
    const out = mkdtempSync(join(tmpdir(), 'picus-manifests-'));
    const result = spawnSync(process.execPath, [join(REPO_ROOT, 'docker/workspace-manifests.mjs'), out], { encoding: 'utf8', timeout: 30_000 });
    expect(result.status, result.stderr).toBe(0);
    const { workspaces } = JSON.parse(dockerfile('package.json')) as { workspaces: string[] };
    const gathered = readdirSync(out, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(out, join(entry.parentPath, entry.name)))
      .sort();
    expect(gathered).toEqual(['.npmrc', 'package-lock.json', 'package.json', ...workspaces.map((workspace) => join(workspace, 'package.json'))].sort());
    for (const { dockerfile: path } of PROJECT_IMAGES) expect(dockerfile(path), path).not.toMatch(/^COPY \S+\/package\.json/m);
  });
});

describe('the api heap bound', () => {
  it("when the image's command and the start script are read, then they run the api with the topology's Node flags, as its ECS task and the local stack do", () => {
    const { nodeFlags } = topology.targetGroups.api;
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile('api/Dockerfile'))?.[1];
    expect(JSON.parse(cmd ?? '[]') as string[]).toEqual(expect.arrayContaining([...nodeFlags]));
    const start = (JSON.parse(dockerfile('api/package.json')) as { scripts: { start: string } }).scripts.start;
    for (const flag of nodeFlags) expect(start.split(' ')).toContain(flag);
  });
});

describe('docker-compose.yml and the stack CLI', () => {
  it('when read, then the images the CLI builds are the services Compose builds, from the same Dockerfiles', () => {
    const built = Object.entries(compose.services)
      .filter(([, service]) => service.build)
      .map(([service, { image, build }]) => ({ image, dockerfile: build?.dockerfile, service }));
    const byService = (a: { service: string }, b: { service: string }) => a.service.localeCompare(b.service);
    expect(built.sort(byService)).toEqual(PROJECT_IMAGES.map(({ image, dockerfile: path, service }) => ({ image, dockerfile: path, service })).sort(byService));
  });

  it('when read, then LocalStack is the image the CLI looks for', () => {
    expect(compose.services.localstack?.image).toBe(LOCALSTACK_IMAGE);
  });
});
