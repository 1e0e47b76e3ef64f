import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const preflight = new URL('../scripts/preflight.mjs', import.meta.url).pathname;
const run = (args: string[], env: NodeJS.ProcessEnv) =>
  promisify(execFile)(process.execPath, [preflight, ...args], { env, timeout: 20_000 }).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );

/** An environment with no AWS credentials anywhere: no variables, an empty home, no metadata service. */
function withoutCredentials(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  return { ...env, HOME: mkdtempSync(join(tmpdir(), 'no-aws-')), AWS_EC2_METADATA_DISABLED: 'true' };
}

describe('deploy preflight', () => {
  it('when no AWS credentials are configured, then make deploy stops with what to configure', async () => {
    const result = await run(['aws'], withoutCredentials());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No AWS credentials found');
    expect(result.stderr).toContain('aws configure');
    expect(result.stderr).toContain('AWS_PROFILE');
  });

  it('when credentials are in the environment, then the check passes', async () => {
    const result = await run(['aws'], {
      ...withoutCredentials(),
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'example-secret',
    });
    expect(result.code).toBe(0);
  });

  it('when LocalStack does not answer, then make deploy-local says how to start it', async () => {
    const result = await run(['localstack'], { ...process.env, LOCALSTACK_ENDPOINT: 'http://127.0.0.1:9' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('STACK=compose make up');
  });

  it('when CI reads the deploy outputs, then url-only prints the URL alone, and fails when there is none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outputs-'));
    writeFileSync(join(dir, 'with.json'), JSON.stringify({ 'Picus-prod': { TableName: 'picus-prod', Url: 'https://api.example.com' } }));
    writeFileSync(join(dir, 'without.json'), JSON.stringify({ 'Picus-prod': { TableName: 'picus-prod' } }));
    const { stdout } = await promisify(execFile)(process.execPath, [preflight, 'url-only', join(dir, 'with.json')], { timeout: 20_000 });
    expect(stdout).toBe('https://api.example.com\n');
    expect((await run(['url-only', join(dir, 'without.json')], process.env)).code).toBe(1);
  });
});
