import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { API_CONTAINER_USER } from '../cdk/lib/api-service.js';
import { topology } from '../src/topology.js';
import { logicalId, synth } from './cdk-support.js';

// A synth takes seconds on an idle machine and much longer on a busy one; the policy plugins more.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

let template: Template;
beforeAll(() => {
  template = synth().template;
});

type Rule = {
  CidrIp?: string;
  FromPort?: number;
  ToPort?: number;
  IpProtocol?: string;
  DestinationSecurityGroupId?: unknown;
  GroupId?: unknown;
};

describe('the api task', () => {
  it('when it runs, then the root filesystem is read-only and the user is the image non-root user', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ ReadonlyRootFilesystem: true, User: API_CONTAINER_USER, Memory: 512 })],
    });
    expect(API_CONTAINER_USER.split(':').every((id) => Number(id) > 0)).toBe(true);
  });
});

describe('egress', () => {
  it('when the ALB opens connections, then only to the api tasks on the service port', () => {
    const albGroup = logicalId(template, 'AWS::EC2::SecurityGroup', 'LoadBalancerSecurityGroup');
    const serviceGroup = logicalId(template, 'AWS::EC2::SecurityGroup', 'ApiServiceSecurityGroup');
    // No inline egress (no allow-all) on the ALB's group; one standalone rule to the service group.
    expect(template.findResources('AWS::EC2::SecurityGroup')[albGroup]?.Properties?.SecurityGroupEgress).toBeUndefined();
    const egress = Object.values(template.findResources('AWS::EC2::SecurityGroupEgress')).map((r) => r.Properties as Rule);
    const port = topology.targetGroups.api.port;
    expect(egress).toEqual([
      expect.objectContaining({
        GroupId: { 'Fn::GetAtt': [albGroup, 'GroupId'] },
        DestinationSecurityGroupId: { 'Fn::GetAtt': [serviceGroup, 'GroupId'] },
        FromPort: port,
        ToPort: port,
        IpProtocol: 'tcp',
      }),
    ]);
  });

  it('when a task opens connections, then only HTTPS (443) is allowed', () => {
    const serviceGroup = logicalId(template, 'AWS::EC2::SecurityGroup', 'ApiServiceSecurityGroup');
    const rules = template.findResources('AWS::EC2::SecurityGroup')[serviceGroup]?.Properties?.SecurityGroupEgress as Rule[];
    expect(rules.map(({ CidrIp, FromPort, ToPort, IpProtocol }) => ({ CidrIp, FromPort, ToPort, IpProtocol }))).toEqual([
      { CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' },
    ]);
  });
});

describe('the Lambda invoke permission', () => {
  it('when the load balancer invokes the Lambda, then the permission is scoped to its target group and this account', () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).map(
      (r) => r.Properties as Record<string, unknown>,
    );
    expect(permissions).toHaveLength(1);
    expect(permissions[0]).toMatchObject({
      Action: 'lambda:InvokeFunction',
      Principal: 'elasticloadbalancing.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
    // arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/picus-del-dev/* — this group, any of its ids.
    expect(JSON.stringify(permissions[0]?.SourceArn)).toMatch(
      /"arn:aws:elasticloadbalancing:us-east-1:",\{"Ref":"AWS::AccountId"\},":targetgroup\/picus-del-dev\/\*"/,
    );
  });

  it('when the target group registers the Lambda, then it is the group the permission names and it waits for the permission', () => {
    const permission = logicalId(template, 'AWS::Lambda::Permission', 'DeleteFnFunctionInvokeFromTargetGroup');
    template.hasResource('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Properties: Match.objectLike({
        Name: 'picus-del-dev',
        TargetType: 'lambda',
        Targets: [{ Id: { 'Fn::GetAtt': [logicalId(template, 'AWS::Lambda::Function', 'DeleteFnFunction'), 'Arn'] } }],
      }),
      DependsOn: Match.arrayWith([permission]),
    });
  });
});
