import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { logicalId, synth } from './cdk-support.js';

// A synth takes seconds on an idle machine and much longer on a busy one; the policy plugins more.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

let template: Template;
let stack: ReturnType<typeof synth>['stack'];
beforeAll(() => {
  ({ template, stack } = synth());
});

type Container = { Environment?: Array<{ Name: string; Value: unknown }>; Secrets?: Array<{ Name: string; ValueFrom: unknown }> };
const containers = () =>
  (Object.values(template.findResources('AWS::ECS::TaskDefinition'))[0]?.Properties as { ContainerDefinitions: Container[] })
    .ContainerDefinitions;

describe('CURSOR_SECRET from Secrets Manager', () => {
  it('when synthesized, then Secrets Manager generates the key for this stage', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'picus/dev/cursor-secret',
      GenerateSecretString: Match.objectLike({ PasswordLength: 64, ExcludePunctuation: true }),
    });
    // Generated, never a literal in the template.
    const secret = Object.values(template.findResources('AWS::SecretsManager::Secret'))[0]?.Properties as Record<string, unknown>;
    expect(secret.SecretString).toBeUndefined();
  });

  it('when the api task starts, then ECS injects the key through `secrets`, not the environment', () => {
    const [api] = containers();
    const secretId = logicalId(template, 'AWS::SecretsManager::Secret', 'CursorSecret');
    expect(api?.Secrets).toEqual([{ Name: 'CURSOR_SECRET', ValueFrom: { Ref: secretId } }]);
    expect(api?.Environment?.map((e) => e.Name)).not.toContain('CURSOR_SECRET');
    expect(api?.Environment).toContainEqual({ Name: 'NODE_ENV', Value: 'production' });
  });

  it('when synthesized, then only the task execution role may read the key', () => {
    const secretId = logicalId(template, 'AWS::SecretsManager::Secret', 'CursorSecret');
    const readers = Object.values(template.findResources('AWS::IAM::Policy'))
      .map(
        (p) =>
          p.Properties as {
            Roles: Array<{ Ref: string }>;
            PolicyDocument: { Statement: Array<{ Action: string | string[]; Resource: unknown }> };
          },
      )
      .filter((p) => p.PolicyDocument.Statement.some((s) => JSON.stringify(s.Resource) === JSON.stringify({ Ref: secretId })))
      .flatMap((p) => p.Roles.map((r) => r.Ref));
    expect(readers).toEqual([logicalId(template, 'AWS::IAM::Role', 'ApiTaskExecutionRole')]);
  });

  it('when synthesized, then the Lambda gets no CURSOR_SECRET (it never reads a cursor)', () => {
    const fn = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs22.x' } }))[0]?.Properties as {
      Environment: { Variables: Record<string, unknown> };
    };
    expect(Object.keys(fn.Environment.Variables)).not.toContain('CURSOR_SECRET');
  });

  it('when cdk-nag ECS2 (environment variables) is acknowledged, then the reason no longer claims there are no secrets', () => {
    const acknowledgements = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata)
      .filter((m) => m.type === 'aws:cdk:acknowledged-rules')
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    const ecs2 = acknowledgements.filter(([id]) => id.includes('AwsSolutions-ECS2'));
    expect(ecs2).toHaveLength(1);
    expect(ecs2[0]?.[1]).toContain('Secrets Manager');
    expect(ecs2[0]?.[1]).not.toMatch(/no secrets/);
  });
});
