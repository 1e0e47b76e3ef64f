import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { AUTH_CONTEXT, CDK_JSON_CONTEXT, CERTIFICATE_ARN, synth } from './cdk-support.js';

// A synth takes seconds on an idle machine and much longer on a busy one; the policy plugins more.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

/** Recommended flags deliberately left at another value, each with its reason in docs/deploying.md. */
const FLAGS_LEFT = { '@aws-cdk/core:enableAdditionalMetadataCollection': false } as const;

interface Report {
  pluginReports: Array<{
    pluginName: string;
    conclusion: string;
    violations: unknown[];
    suppressedViolations?: Array<{ ruleName: string; reason?: string; acknowledgedId: string }>;
  }>;
}

describe('policy as code: cdk-nag and cfn-guard on every variant', () => {
  it.each([
    ['aws, disposable stage over HTTP', {}],
    [
      'aws, production-like stage with HTTPS and an alarm email',
      { stage: 'prod', certificateArn: CERTIFICATE_ARN, alarmEmail: 'ops@example.com', ...AUTH_CONTEXT },
    ],
    ['local (LocalStack)', { target: 'local' }],
  ])('when the %s app is synthesized, then no finding is left unacknowledged and every acknowledgement has a reason', (_name, context) => {
    const { app } = synth(context, { policyChecks: true });
    // A validation plugin that reports an unacknowledged violation makes synth throw with its report.
    const { directory } = app.synth();
    const report = JSON.parse(readFileSync(join(directory, 'validation-report.json'), 'utf8')) as Report;
    const guard = report.pluginReports.find((r) => r.pluginName === 'cdk-validator-cfnguard');
    // cfn-guard ran: with no finding at all it would not be in the report, and every variant has some it accepts.
    expect(guard?.conclusion).toBe('success');
    expect(guard?.violations).toEqual([]);
    expect(guard?.suppressedViolations?.length).toBeGreaterThan(0);
    for (const accepted of guard?.suppressedViolations ?? []) expect(accepted.reason?.length, accepted.acknowledgedId).toBeGreaterThan(40);
    for (const plugin of report.pluginReports) expect(plugin.conclusion, plugin.pluginName).toBe('success');
  });

  it.each([
    ['cfn-guard', 'cdk-validator-cfnguard', 'cloudwatch_log_group_retention_period_check'],
    ['cdk-nag', 'AwsSolutions', 'AwsSolutions-S10'],
  ])('when a %s finding is not acknowledged (while others are), then synth fails and the report names the rule', (_tool, plugin, rule) => {
    const { app, stack } = synth({ target: 'local' }, { policyChecks: true });
    // A log group kept a week and a bucket that allows plain HTTP, neither acknowledged.
    new LogGroup(stack, 'Unacknowledged', { retention: 7 });
    new Bucket(stack, 'PlainBucket', { encryption: BucketEncryption.S3_MANAGED, blockPublicAccess: BlockPublicAccess.BLOCK_ALL });
    expect(() => app.synth()).toThrow();
    const report = JSON.parse(readFileSync(join(app.outdir, 'validation-report.json'), 'utf8')) as Report;
    const failed = report.pluginReports.find((r) => r.pluginName.includes(plugin));
    expect(failed?.conclusion).toBe('failure');
    expect(JSON.stringify(failed?.violations)).toContain(rule);
  });
});

describe('CDK feature flags', () => {
  it('when cdk.json is read, then every flag aws-cdk-lib recommends is set to its recommended value, or listed as left with a reason', () => {
    const recommended = JSON.parse(
      readFileSync(createRequire(import.meta.url).resolve('aws-cdk-lib/recommended-feature-flags.json'), 'utf8'),
    ) as Record<string, unknown>;
    const wrong = Object.entries(recommended).filter(([flag, value]) => {
      const expected = flag in FLAGS_LEFT ? FLAGS_LEFT[flag as keyof typeof FLAGS_LEFT] : value;
      return JSON.stringify(CDK_JSON_CONTEXT[flag]) !== JSON.stringify(expected);
    });
    expect(wrong).toEqual([]);
    const readme = readFileSync(new URL('../../docs/deploying.md', import.meta.url), 'utf8');
    for (const flag of Object.keys(FLAGS_LEFT)) expect(readme).toContain(flag);
  });
});
