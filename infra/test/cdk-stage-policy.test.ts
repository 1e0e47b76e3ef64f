import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { isDisposableStage } from '../cdk/lib/stage-policy.js';
import { AUTH_CONTEXT, CERTIFICATE_ARN, synth } from './cdk-support.js';

// A synth takes seconds on an idle machine and much longer on a busy one; the policy plugins more.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

const deletionProtection = (template: Template) => {
  const alb = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))[0]?.Properties as {
    LoadBalancerAttributes: Array<{ Key: string; Value: string }>;
  };
  return alb.LoadBalancerAttributes.find((a) => a.Key === 'deletion_protection.enabled')?.Value;
};

describe('which stages are production-like', () => {
  it.each(['dev', 'test', 'pr-42', 'pr-fix-login'])('when the stage is %s, then it is disposable (on the explicit list)', (stage) => {
    expect(isDisposableStage(stage)).toBe(true);
  });

  it.each(['prod', 'production', 'staging', 'prd', 'live', 'develop', 'testing', 'pr'])(
    'when the stage is %s, then it is production-like (not on the list)',
    (stage) => {
      expect(isDisposableStage(stage)).toBe(false);
    },
  );
});

describe('a production-like stage', () => {
  let live: Template;
  beforeAll(() => {
    live = synth({ stage: 'live', certificateArn: CERTIFICATE_ARN, ...AUTH_CONTEXT }).template;
  });

  it('when it has no certificate, then synth fails saying it needs HTTPS and how to give it', () => {
    expect(() => synth({ stage: 'prd' })).toThrow(
      /Stage "prd" is production-like, so it must serve HTTPS[\s\S]*-c certificateArn=[\s\S]*-c domainName=/,
    );
  });

  it('when synthesized with a certificate, then it serves HTTPS and redirects HTTP', () => {
    live.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Protocol: 'HTTPS' });
    live.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      DefaultActions: [Match.objectLike({ Type: 'redirect' })],
    });
  });

  it('when synthesized, then the ALB has deletion protection', () => {
    expect(deletionProtection(live)).toBe('true');
  });

  it('when synthesized, then the table is retained on stack deletion and protected from deletion', () => {
    live.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ TableName: 'picus-live', Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })] }),
    });
  });

  it('when synthesized, then its logs are kept a year and its cursor secret is retained', () => {
    const groups = Object.values(live.findResources('AWS::Logs::LogGroup'));
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) expect(group.Properties?.RetentionInDays).toBe(365);
    live.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
  });
});

describe('a disposable stage', () => {
  it('when synthesized, then it may serve HTTP and be destroyed with its data', () => {
    const { template } = synth({ stage: 'pr-7' });
    expect(deletionProtection(template)).toBe('false');
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ Replicas: [Match.objectLike({ DeletionProtectionEnabled: false })] }),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP' });
  });
});
