import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const repo = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, repo), 'utf8');
const workflowFiles = readdirSync(new URL('.github/workflows/', repo)).filter((name) => /\.ya?ml$/.test(name));

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  environment?: string;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  permissions: Record<string, string>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}
const ci = parse(read('.github/workflows/ci.yml')) as Workflow;
const needs = (job: Job | undefined) => [job?.needs ?? []].flat();
const stepIndex = (job: Job, match: (step: Step) => boolean) => job.steps.findIndex(match);

describe('GitHub workflows', () => {
  it.each(workflowFiles)('when %s is checked by action-validator, then it is a valid workflow', async (file) => {
    const validator = new URL('node_modules/.bin/action-validator', repo).pathname;
    const result = await promisify(execFile)(validator, [new URL(`.github/workflows/${file}`, repo).pathname], { timeout: 30_000 }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    expect(result.stdout).toBe('');
    expect(result.code).toBe(0);
  });

  it('when the chain runs, then contract and the Docker suites need test, synth needs contract, and deploy needs all of them', () => {
    expect(needs(ci.jobs.contract)).toEqual(['test']);
    expect(needs(ci.jobs.compose)).toEqual(['test']);
    expect(needs(ci.jobs.synth)).toEqual(['contract']);
    expect(needs(ci.jobs.deploy)).toEqual(expect.arrayContaining(['test', 'compose', 'contract', 'synth']));
  });

  it('when a job is not the deploy, then it cannot get an OIDC token: only deploy has id-token: write', () => {
    expect(ci.permissions).toEqual({ contents: 'read' });
    for (const [name, job] of Object.entries(ci.jobs)) {
      if (name === 'deploy') expect(job.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
      else expect(job.permissions?.['id-token'], name).toBeUndefined();
    }
  });

  it('when code is pushed to a branch other than main, then nothing deploys; main deploys in a protected environment', () => {
    expect(ci.jobs.deploy?.if).toContain("github.ref == 'refs/heads/main'");
    expect(ci.jobs.deploy?.environment).toMatch(/'production-security'.*'production'/);
  });

  it('when deploy runs, then it deploys the cloud assembly the synth job uploaded, never a fresh synth', () => {
    const deploy = ci.jobs.deploy as Job;
    const upload = ci.jobs.synth?.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@')) as Step & { with: { name: string; path: string } };
    const download = deploy.steps.find((s) => s.uses?.startsWith('actions/download-artifact@')) as Step & { with: { name: string; path: string } };
    expect(download.with.name).toBe(upload.with.name);
    const cdkRuns = deploy.steps.map((s) => s.run ?? '').filter((run) => run.includes('cdk '));
    expect(cdkRuns.length).toBeGreaterThan(0);
    for (const run of cdkRuns) {
      expect(run).toContain('--app cdk.out/aws');
      expect(run).not.toMatch(/cdk synth/);
    }
  });

  it('when a change broadens IAM or security groups, then deploy refuses it unless the run was approved into production-security', () => {
    const deploy = ci.jobs.deploy as Job;
    const gate = stepIndex(deploy, (s) => (s.run ?? '').includes('cdk diff'));
    const apply = stepIndex(deploy, (s) => (s.run ?? '').includes('cdk deploy'));
    expect(deploy.steps[gate]?.run).toContain('--security-only --fail-on broadening');
    expect(deploy.steps[gate]?.if).toContain('!inputs.approve-security-changes');
    expect(gate).toBeGreaterThan(-1);
    expect(gate).toBeLessThan(apply);
  });

  it('when deploy runs, then Pact can-i-deploy comes before AWS credentials and record-deployment after the deploy', () => {
    const deploy = ci.jobs.deploy as Job;
    const canI = stepIndex(deploy, (s) => (s.run ?? '').includes('pact:can-i-deploy'));
    const credentials = stepIndex(deploy, (s) => (s.uses ?? '').startsWith('aws-actions/configure-aws-credentials@'));
    const apply = stepIndex(deploy, (s) => (s.run ?? '').includes('cdk deploy'));
    const record = stepIndex(deploy, (s) => (s.run ?? '').includes('pact:record-deployment'));
    expect([canI, credentials, apply, record].every((i) => i >= 0)).toBe(true);
    expect(canI).toBeLessThan(credentials);
    expect(apply).toBeLessThan(record);
  });

  it('when the broker token is used, then only the steps that talk to the broker see it', () => {
    expect(JSON.stringify(ci.env ?? {})).not.toContain('PACT_BROKER_TOKEN');
    for (const [name, job] of Object.entries(ci.jobs)) {
      expect(JSON.stringify(job.env ?? {}), name).not.toContain('PACT_BROKER_TOKEN');
      for (const step of job.steps) {
        if (step.env?.PACT_BROKER_TOKEN) expect(step.run, `${name}: ${step.name ?? step.run}`).toMatch(/npm run pact:/);
      }
    }
  });

  it('when dependencies are installed, then every npm ci runs no install script (allowed ones run after, by policy)', () => {
    const installs = Object.values(ci.jobs).flatMap((job) => job.steps.map((s) => s.run ?? '').filter((run) => run.includes('npm ci')));
    expect(installs.length).toBe(Object.keys(ci.jobs).length);
    for (const run of installs) expect(run).toContain('npm ci --ignore-scripts');
  });

  it('when an action is used, then it is pinned by a full commit SHA with its release in a comment', () => {
    const uses = workflowFiles.flatMap((file) => [...read(`.github/workflows/${file}`).matchAll(/uses:\s*(\S+)(.*)$/gm)].map((m) => ({ ref: m[1] as string, comment: m[2] as string })));
    expect(uses.length).toBeGreaterThan(0);
    for (const { ref, comment } of uses) {
      expect(ref).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      expect(comment).toMatch(/# v\d+\.\d+\.\d+/);
    }
  });
});

describe('supply chain', () => {
  it('when npm installs, then allowScripts lets esbuild run, denies telemetry, every entry is pinned to name@version, and an unreviewed script fails the install', () => {
    const manifest = JSON.parse(read('package.json')) as { allowScripts: Record<string, boolean> };
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version: string; resolved?: string }> };
    const entries = Object.entries(manifest.allowScripts);
    expect(entries.length).toBeGreaterThan(0);
    for (const [key, allowed] of entries) {
      const [, name, version] = /^(@?[^@]+)@(\d+\.\d+\.\d+)$/.exec(key) ?? [];
      expect(name, `${key}: name@version`).toBeDefined();
      // The pin names the version installed; npm matches an approval against the lockfile's resolved URL.
      expect(lock.packages[`node_modules/${name}`]?.version, key).toBe(version);
      if (allowed) expect(lock.packages[`node_modules/${name}`]?.resolved, key).toMatch(new RegExp(`/-/[^/]+-${version}\\.tgz$`));
    }
    expect(manifest.allowScripts[`esbuild@${lock.packages['node_modules/esbuild']?.version}`]).toBe(true);
    expect(manifest.allowScripts[`@scarf/scarf@${lock.packages['node_modules/@scarf/scarf']?.version}`]).toBe(false);
    expect(read('.npmrc')).toMatch(/^strict-allow-scripts=true$/m);
  });

  it('when Dependabot runs, then it updates npm, the actions and the Docker base images', () => {
    const config = parse(read('.github/dependabot.yml')) as { updates: Array<{ 'package-ecosystem': string; directories?: string[] }> };
    expect(config.updates.map((u) => u['package-ecosystem']).sort()).toEqual(['docker', 'github-actions', 'npm']);
    expect(config.updates.find((u) => u['package-ecosystem'] === 'docker')?.directories).toEqual(['/docker']);
    // Dependabot bumps an image named on a literal FROM line, never an ARG's default (dependabot-core#2057).
    const dockerfile = read('docker/Dockerfile');
    expect(dockerfile).toMatch(/^FROM\s+(--platform=\S+\s+)?node:\d+\.\d+\.\d+-\S+\s+AS\s+base$/m);
    expect(dockerfile).not.toMatch(/^FROM\s+(--platform=\S+\s+)?\$/m);
  });
});
