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
  outputs?: Record<string, string>;
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

  it('when the chain runs, then contract and the Docker suites need test, synth and pact need contract, deploy needs all of them, release needs deploy', () => {
    expect(needs(ci.jobs.contract)).toEqual(['test']);
    expect(needs(ci.jobs.compose)).toEqual(['test']);
    expect(needs(ci.jobs.synth)).toEqual(['contract']);
    expect(needs(ci.jobs.pact)).toEqual(['contract']);
    expect(needs(ci.jobs.deploy)).toEqual(expect.arrayContaining(['test', 'compose', 'contract', 'synth', 'pact']));
    expect(needs(ci.jobs.release)).toEqual(['deploy']);
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
    const upload = ci.jobs.synth?.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@')) as Step & {
      with: { name: string; path: string };
    };
    const download = deploy.steps.find((s) => s.uses?.startsWith('actions/download-artifact@')) as Step & {
      with: { name: string; path: string };
    };
    expect(download.with.name).toBe(upload.with.name);
    const cdkRuns = deploy.steps.map((s) => s.run ?? '').filter((run) => /\bcdk (diff|deploy|synth)\b/.test(run));
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

  it('when the deploy job holds credentials, then it runs nothing but the CDK CLI: no npm ci, no Pact, no make, no test code', () => {
    const deploy = ci.jobs.deploy as Job;
    const runs = deploy.steps.map((s) => s.run ?? '');
    const installs = runs.filter((run) => /\bnpm (ci|install|i)\b/.test(run));
    expect(installs).toHaveLength(1);
    expect(installs[0]).toMatch(
      /^npm install --global --ignore-scripts .*"aws-cdk@\$\(jq -r '\.devDependencies\["aws-cdk"\]' infra\/package\.json\)"$/,
    );
    for (const run of runs) expect(run).not.toMatch(/npm ci|npm run|npx |make |pact|smoke|node /);
    expect(deploy.steps.filter((s) => s.uses).map((s) => s.uses?.split('@')[0])).toEqual([
      'actions/checkout',
      'actions/setup-node',
      'actions/download-artifact',
      'aws-actions/configure-aws-credentials',
    ]);
    expect(JSON.stringify(deploy)).not.toContain('PACT_BROKER_TOKEN');
  });

  it('when the deploy is done, then a later job without id-token records it with Pact and smoke-tests the URL the deploy job outputs', () => {
    const deploy = ci.jobs.deploy as Job;
    const release = ci.jobs.release as Job;
    expect(deploy.outputs?.url).toBe('${{ steps.url.outputs.url }}');
    expect(deploy.steps.find((s) => (s as Step & { id?: string }).id === 'url')?.run).toContain('>> "$GITHUB_OUTPUT"');
    expect(release.permissions?.['id-token']).toBeUndefined();
    expect(JSON.stringify(release)).not.toContain('configure-aws-credentials');
    const record = stepIndex(release, (s) => (s.run ?? '').includes('pact:record-deployment'));
    const smoke = stepIndex(release, (s) => (s.run ?? '').includes('make smoke'));
    expect(record).toBeGreaterThan(-1);
    expect(smoke).toBeGreaterThan(-1);
    expect(release.steps[smoke]?.env?.DEPLOYED_URL).toBe('${{ needs.deploy.outputs.url }}');
    const jobsWithToken = Object.entries(ci.jobs).filter(([, job]) => job.permissions?.['id-token']);
    expect(jobsWithToken.map(([name]) => name)).toEqual(['deploy']);
    for (const [name, job] of jobsWithToken) expect(JSON.stringify(job.steps), name).not.toMatch(/pact-broker|pact:|smoke/);
  });

  it('when deploy runs, then Pact can-i-deploy has answered first, in the pact job that deploy needs', () => {
    const pact = ci.jobs.pact as Job;
    const publish = stepIndex(pact, (s) => (s.run ?? '').includes('pact:publish'));
    const verify = stepIndex(pact, (s) => (s.run ?? '').includes('pact:verify'));
    const canI = stepIndex(pact, (s) => (s.run ?? '').includes('pact:can-i-deploy'));
    expect([publish, verify, canI].every((i) => i >= 0)).toBe(true);
    expect(publish).toBeLessThan(verify);
    expect(verify).toBeLessThan(canI);
  });

  it('when the broker token is used, then only the steps that talk to the broker see it, in the main-only pact environment', () => {
    expect(JSON.stringify(ci.env ?? {})).not.toContain('PACT_BROKER_TOKEN');
    const withToken: string[] = [];
    for (const [name, job] of Object.entries(ci.jobs)) {
      expect(JSON.stringify(job.env ?? {}), name).not.toContain('PACT_BROKER_TOKEN');
      for (const step of job.steps) {
        if (!step.env?.PACT_BROKER_TOKEN) continue;
        withToken.push(name);
        expect(step.run, `${name}: ${step.name ?? step.run}`).toMatch(/^npm run pact:[a-z-]+ -w contracts( -- "\$STAGE")?$/);
        expect(job.environment, name).toBe('pact');
      }
    }
    expect([...new Set(withToken)].sort()).toEqual(['pact', 'release']);
    expect(ci.jobs.pact?.if).toContain("github.ref == 'refs/heads/main'");
    expect(needs(ci.jobs.release)).toEqual(['deploy']);
    expect(JSON.stringify(ci.jobs.contract)).not.toContain('PACT_BROKER');
  });

  it('when the pacts are published, then the publish step runs the Pact CLI only, and verification takes the token out before the stack starts', () => {
    const script = read('contracts/scripts/pact-broker.sh');
    const publish = /\n {2}publish\)\n([\s\S]*?)\n {4};;/.exec(script)?.[1] ?? '';
    expect(publish).toContain('publish pacts');
    expect(publish).not.toMatch(/test:provider|npm run|vitest/);
    const providerTest = read('contracts/test/provider/picus-api.provider.test.ts');
    expect(providerTest.indexOf('takeBrokerVerificationOptions()')).toBeGreaterThan(-1);
    expect(providerTest.indexOf('takeBrokerVerificationOptions()')).toBeLessThan(providerTest.indexOf('startEmbeddedStack('));
    expect(read('contracts/test/provider/broker-options.ts')).toMatch(
      /BROKER_SECRET_VARIABLES = \['PACT_BROKER_TOKEN', 'PACT_BROKER_PASSWORD'\]/,
    );
  });

  it('when dependencies are installed, then every npm ci runs no install script (allowed ones run after, by policy); the deploy job runs none', () => {
    for (const [name, job] of Object.entries(ci.jobs)) {
      const installs = job.steps.map((s) => s.run ?? '').filter((run) => run.includes('npm ci'));
      expect(installs.length, name).toBe(name === 'deploy' ? 0 : 1);
      for (const run of installs) expect(run).toContain('npm ci --ignore-scripts');
    }
  });

  it('when CI audits dependencies, then the dev tree is included: the deploy toolchain (aws-cdk, the Pact CLI) lives there', () => {
    const audits = Object.values(ci.jobs).flatMap((job) => job.steps.map((s) => s.run ?? '').filter((run) => run.includes('npm audit')));
    expect(audits.length).toBeGreaterThan(0);
    for (const run of audits) expect(run).not.toMatch(/--omit[= ]dev|--production/);
  });

  it('when an action is used, then it is pinned by a full commit SHA with its release in a comment', () => {
    const uses = workflowFiles.flatMap((file) =>
      [...read(`.github/workflows/${file}`).matchAll(/uses:\s*(\S+)(.*)$/gm)].map((m) => ({
        ref: m[1] as string,
        comment: m[2] as string,
      })),
    );
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
    // A user's omit-lockfile-registry-resolved=true would drop the URLs the pins are checked against.
    expect(read('.npmrc')).toMatch(/^omit-lockfile-registry-resolved=false$/m);
  });

  it('when Dependabot runs, then it updates npm, the actions, the Docker base images and the images docker-compose.yml names', () => {
    const config = parse(read('.github/dependabot.yml')) as {
      updates: Array<{ 'package-ecosystem': string; directory?: string; directories?: string[] }>;
    };
    expect(config.updates.map((u) => u['package-ecosystem']).sort()).toEqual(['docker', 'docker-compose', 'github-actions', 'npm']);
    expect(config.updates.find((u) => u['package-ecosystem'] === 'docker-compose')?.directory).toBe('/');
    expect(config.updates.find((u) => u['package-ecosystem'] === 'docker')?.directories).toEqual(['/docker']);
    // Dependabot bumps an image named on a literal FROM line, never an ARG's default (dependabot-core#2057).
    const dockerfile = read('docker/Dockerfile');
    expect(dockerfile).toMatch(/^FROM\s+(--platform=\S+\s+)?node:\d+\.\d+\.\d+-\S+\s+AS\s+base$/m);
    expect(dockerfile).not.toMatch(/^FROM\s+(--platform=\S+\s+)?\$/m);
  });
});
