import type { Context } from 'aws-lambda';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useHandlerUnderTest } from './handler-under-test.js';
import { albEvent } from './alb-events.js';

const context = { awsRequestId: 'lambda-request-1', functionName: 'picus-delete-fn' } as Context;

const lambda = useHandlerUnderTest();

describe('routing as ALB and WAF match paths', () => {
  it('when the path differs from /picus/{id} in case or by a trailing slash, then nothing is deleted and the answer is 404', async () => {
    const item = await lambda.store.put({ name: 'Ada', role: 'engineer' });
    for (const path of [`/PICUS/${item.id}`, `/Picus/${item.id}`, `/picus/${item.id}/`]) {
      const result = await lambda.handler(albEvent({ httpMethod: 'DELETE', path }), context);
      expect(result.statusCode, path).toBe(404);
    }
    expect(await lambda.store.get(item.id)).toBeDefined();
    expect((await lambda.handler(albEvent({ httpMethod: 'DELETE', path: `/picus/${item.id}` }), context)).statusCode).toBe(200);
  });
});

describe('cold init in production', () => {
  it('when NODE_ENV=production and no CURSOR_SECRET is set (the Lambda needs none), then the deployed bundle still initialises', async () => {
    // The deployed artifact, bundled as `make build` and the CDK app do it, into a folder of its own.
    const root = new URL('../../', import.meta.url).pathname;
    const bundle = join(mkdtempSync(join(tmpdir(), 'picus-lambda-')), 'index.mjs');
    await promisify(execFile)(process.execPath, ['scripts/bundle.mjs', 'delete-fn/src/lambda.ts', bundle, '--all'], {
      cwd: root,
      timeout: 60_000,
    });
    const env = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      AWS_REGION: 'us-east-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import(${JSON.stringify(bundle)}); console.log(typeof m.handler);`],
      { env, timeout: 15_000 },
    );
    expect(stdout.trim()).toBe('function');
  }, 90_000);
});
