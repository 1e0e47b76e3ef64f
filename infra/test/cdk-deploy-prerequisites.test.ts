import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/** docker/Dockerfile's `FROM … AS base` image, the one the preflight inspects. */
const baseImage = () =>
  /^FROM\s+(?:--platform=\S+\s+)?(\S+)\s+AS\s+base$/m.exec(
    readFileSync(new URL('../../docker/Dockerfile', import.meta.url), 'utf8'),
  )?.[1] ?? 'none';
const preflight = new URL('../scripts/preflight.mjs', import.meta.url).pathname;
const run = (args: string[], env: NodeJS.ProcessEnv) =>
  promisify(execFile)(process.execPath, [preflight, ...args], { env, timeout: 30_000 }).then(
    ({ stderr }) => ({ code: 0, stderr }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );

/**
 * A PATH whose `docker` and `aws` are scripts answering as told (the engine and the account are not
 * this test's to change), followed by the directory of node itself.
 */
function withTools(tools: { docker?: string; aws?: string }): NodeJS.ProcessEnv {
  const bin = mkdtempSync(join(tmpdir(), 'preflight-tools-'));
  for (const [name, body] of Object.entries(tools)) {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  return {
    ...env,
    PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: mkdtempSync(join(tmpdir(), 'no-aws-')),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'example-secret',
  };
}
const engine = 'case "$1" in info) echo 28.2.0;; image) echo "$STAND_IN";; esac';
const scoped = 'echo arn:aws:iam::123456789012:policy/picus-cdk-execution';

describe('deploy preflight: Docker, the base image and the bootstrap', () => {
  it('when no Docker engine answers, then make deploy stops before CDK and says so', async () => {
    const result = await run(['deploy'], withTools({ docker: 'echo "Cannot connect to the Docker daemon" >&2; exit 1', aws: scoped }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No Docker engine answers');
  });

  it('when the base image is labelled as an offline stand-in, then make deploy refuses it and says how to get the real one', async () => {
    const result = await run(['deploy'], { ...withTools({ docker: engine, aws: scoped }), STAND_IN: 'true' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`The base image ${baseImage()} on this engine is an offline stand-in`);
    expect(result.stderr).toContain(`docker pull ${baseImage()}`);
  });

  it('when the account is not bootstrapped, or bootstrapped with the administrator default, then make deploy says to run make bootstrap', async () => {
    const missing = await run(
      ['deploy'],
      withTools({
        docker: engine,
        aws: 'echo "An error occurred (ValidationError): Stack with id CDKToolkit does not exist" >&2; exit 254',
      }),
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('not bootstrapped for CDK');
    expect(missing.stderr).toContain('make bootstrap');
    const admin = await run(['deploy'], withTools({ docker: engine, aws: 'echo arn:aws:iam::aws:policy/AdministratorAccess' }));
    expect(admin.code).toBe(1);
    expect(admin.stderr).toContain('not picus-cdk-execution');
  });

  it('when Docker answers with the real base image and the bootstrap is scoped, then the check passes', async () => {
    const result = await run(['deploy'], { ...withTools({ docker: engine, aws: scoped }), STAND_IN: '' });
    expect(result).toEqual({ code: 0, stderr: '' });
  });

  it('when this machine has an engine whose base image is a stand-in, then the real check refuses it too', async (context) => {
    const inspect = await promisify(execFile)(
      'docker',
      ['image', 'inspect', '--format', '{{index .Config.Labels "org.picus.offline-stand-in"}}', baseImage()],
      { timeout: 15_000 },
    ).then(
      ({ stdout }) => stdout.trim(),
      () => undefined,
    );
    if (inspect !== 'true') context.skip();
    const result = await run(['docker'], process.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('offline stand-in');
  });
});
