import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { API_SERVICE_TABLE_ACTIONS } from '../cdk/lib/api-service.js';
import { DELETE_FUNCTION_TABLE_ACTIONS } from '../cdk/lib/delete-function.js';
import { rulesByPriority, topology } from '../src/topology.js';
import { dynamoDbActionsByRole, logicalId, synth } from './cdk-support.js';

// A synth takes seconds on an idle machine and much longer on a busy one; the policy plugins more.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

let template: Template;
beforeAll(() => {
  template = synth().template;
});

describe('IAM least privilege', () => {
  it('when synthesized, then the ECS task role may GetItem, PutItem and Scan the table, nothing more', () => {
    const taskRole = logicalId(template, 'AWS::IAM::Role', 'ApiTaskTaskRole');
    expect(dynamoDbActionsByRole(template).get(taskRole)?.sort()).toEqual([...API_SERVICE_TABLE_ACTIONS].sort());
  });

  it('when synthesized, then the Lambda role may DeleteItem, nothing more', () => {
    const lambdaRole = logicalId(template, 'AWS::IAM::Role', 'DeleteFnRole');
    expect(dynamoDbActionsByRole(template).get(lambdaRole)).toEqual([...DELETE_FUNCTION_TABLE_ACTIONS]);
  });

  it('when synthesized, then the ECS role has no DeleteItem and the Lambda role no PutItem, GetItem or Scan', () => {
    const byRole = dynamoDbActionsByRole(template);
    expect(byRole.get(logicalId(template, 'AWS::IAM::Role', 'ApiTaskTaskRole'))).not.toContain('dynamodb:DeleteItem');
    const lambdaActions = byRole.get(logicalId(template, 'AWS::IAM::Role', 'DeleteFnRole')) ?? [];
    for (const action of ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:Scan']) expect(lambdaActions).not.toContain(action);
    // Only these two roles touch DynamoDB at all.
    expect([...byRole.entries()].filter(([, actions]) => actions.length > 0)).toHaveLength(2);
  });

  it('when synthesized, then both table policies are scoped to the table ARN', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'dynamodb:DeleteItem', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ItemsTable'), 'Arn'] } }),
        ]),
      },
    });
  });
});

describe('load balancer', () => {
  it('when synthesized, then the listener rules equal the topology: priority, methods, paths and target', () => {
    const rules = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::ListenerRule')).map(
      (rule) =>
        rule.Properties as {
          Priority: number;
          Conditions: Array<{ Field: string; HttpRequestMethodConfig?: { Values: string[] }; PathPatternConfig?: { Values: string[] } }>;
          Actions: Array<{ TargetGroupArn: { Ref: string } }>;
        },
    );
    const targetGroupIds = {
      api: logicalId(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'LoadBalancerApiTargets'),
      'delete-fn': logicalId(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'LoadBalancerDeleteFnTargets'),
    };
    const actual = rules
      .sort((a, b) => a.Priority - b.Priority)
      .map((rule) => ({
        priority: rule.Priority,
        methods: rule.Conditions.find((c) => c.Field === 'http-request-method')?.HttpRequestMethodConfig?.Values,
        paths: rule.Conditions.find((c) => c.Field === 'path-pattern')?.PathPatternConfig?.Values,
        target: rule.Actions[0]?.TargetGroupArn.Ref,
      }));
    const expected = rulesByPriority().map((rule) => ({
      priority: rule.priority,
      methods: rule.conditions.methods,
      paths: rule.conditions.paths,
      target: targetGroupIds[rule.targetGroup],
    }));
    expect(actual).toEqual(expected);
  });

  it('when no rule matches, then the default action is the topology fixed 404', () => {
    const fixed = topology.listener.defaultAction;
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [
        {
          Type: 'fixed-response',
          FixedResponseConfig: { StatusCode: String(fixed.statusCode), ContentType: fixed.contentType, MessageBody: fixed.body },
        },
      ],
    });
  });

  it('when synthesized, then the service target group health check has the topology values', () => {
    const { healthCheck, port, deregistrationDelaySeconds } = topology.targetGroups.api;
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: port,
      TargetType: 'ip',
      HealthCheckPath: healthCheck.path,
      HealthCheckIntervalSeconds: healthCheck.intervalSeconds,
      HealthCheckTimeoutSeconds: healthCheck.timeoutSeconds,
      HealthyThresholdCount: healthCheck.healthyThresholdCount,
      UnhealthyThresholdCount: healthCheck.unhealthyThresholdCount,
      Matcher: { HttpCode: healthCheck.healthyHttpCodes },
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: String(deregistrationDelaySeconds) }]),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { TargetType: 'lambda' });
  });

  it('when synthesized, then the ALB is internet-facing with access logs in an encrypted, SSL-only bucket', () => {
    // arrayWith matches in order, so each attribute is checked on its own.
    for (const attribute of [
      { Key: 'access_logs.s3.enabled', Value: 'true' },
      { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
    ]) {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        Scheme: 'internet-facing',
        LoadBalancerAttributes: Match.arrayWith([attribute]),
      });
    }
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('when the ALB takes traffic, then only it may reach the service port', () => {
    const albGroup = logicalId(template, 'AWS::EC2::SecurityGroup', 'LoadBalancerSecurityGroup');
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [
        Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 80, ToPort: 80 }),
        Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443 }),
      ],
    });
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map(
      (r) => r.Properties as Record<string, unknown>,
    );
    expect(ingress).toEqual([
      expect.objectContaining({
        FromPort: topology.targetGroups.api.port,
        ToPort: topology.targetGroups.api.port,
        SourceSecurityGroupId: { 'Fn::GetAtt': [albGroup, 'GroupId'] },
      }),
    ]);
  });
});

describe('ECS service', () => {
  it('when synthesized, then two Fargate tasks deploy at 100/200 % with the circuit breaker rolling back', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      DesiredCount: 2,
      DeploymentConfiguration: {
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      },
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
    });
  });

  it('when synthesized, then the task is 256 CPU / 512 MiB on linux/amd64 with a container health check and logs', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '256',
      Memory: '512',
      RuntimePlatform: { CpuArchitecture: 'X86_64', OperatingSystemFamily: 'LINUX' },
      ContainerDefinitions: [
        Match.objectLike({
          PortMappings: [Match.objectLike({ ContainerPort: topology.targetGroups.api.port })],
          HealthCheck: Match.objectLike({ Command: Match.arrayWith([Match.stringLikeRegexp(topology.targetGroups.api.healthCheck.path)]) }),
          LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }),
        }),
      ],
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
  });

  it('when synthesized, then it scales 2 to 10 tasks on CPU and on requests per target', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 10 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      }),
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }),
      }),
    });
  });
});

describe('Lambda, table and network', () => {
  it('when synthesized, then the Lambda runs Node 22 with the topology timeout and memory', () => {
    const { timeoutSeconds, memoryMiB } = topology.targetGroups['delete-fn'];
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Timeout: timeoutSeconds,
      MemorySize: memoryMiB,
      Handler: 'index.handler',
    });
  });

  it('when the stage is dev, then the table is on demand, recoverable, encrypted, and may be destroyed', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: topology.table.partitionKey.name, KeyType: 'HASH' }],
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        Replicas: [
          Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: false }),
        ],
      }),
    });
  });

  it('when synthesized, then the VPC spans two AZs with a DynamoDB gateway endpoint', () => {
    template.resourceCountIs('AWS::EC2::Subnet', 4);
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.dynamodb']] },
    });
  });

  it('when synthesized, then the URL, table, cluster and service names are outputs', () => {
    for (const name of ['Url', 'TableName', 'ClusterName', 'ServiceName']) template.hasOutput(name, {});
  });
});
