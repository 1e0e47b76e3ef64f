import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ALARM_THRESHOLDS } from '../cdk/lib/alarms.js';
import { BUILD_FAULTS_EXPRESSION } from '../cdk/lib/build-faults.js';
import { logicalId, synth } from './cdk-support.js';

// A synth takes seconds on an idle machine and much longer on a busy one; the policy plugins more.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

let template: Template;
beforeAll(() => {
  template = synth({ alarmEmail: 'ops@example.com' }).template;
});

type Alarm = {
  AlarmName: string;
  AlarmActions: unknown[];
  Threshold: number;
  ComparisonOperator: string;
  MetricName?: string;
  Namespace?: string;
  ExtendedStatistic?: string;
  Metrics?: Array<{ MetricStat?: { Metric: { MetricName: string; Namespace: string } }; Expression?: string }>;
};
const alarms = () => Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties as Alarm);
/** Every metric name an alarm watches, directly or inside its math expression. */
const metricsOf = (alarm: Alarm) =>
  [alarm.MetricName, ...(alarm.Metrics ?? []).map((m) => m.MetricStat?.Metric.MetricName)].filter(Boolean);
const alarmOn = (metric: string) => alarms().filter((a) => metricsOf(a).includes(metric));

describe('alarm topic', () => {
  it('when synthesized, then alarms go to an encrypted, TLS-only SNS topic with the email from context subscribed', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'picus-dev-alarms', KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' } })]) },
    });
  });

  it('when no email is in context, then there is no subscription', () => {
    synth().template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('when any alarm fires, then it notifies the topic', () => {
    const topic = logicalId(template, 'AWS::SNS::Topic', 'AlarmTopic');
    expect(alarms().length).toBeGreaterThanOrEqual(11);
    for (const alarm of alarms()) expect(alarm.AlarmActions, alarm.AlarmName).toEqual([{ Ref: topic }]);
  });
});

describe('alarms', () => {
  it.each([
    ['ALB 5xx (its own)', 'HTTPCode_ELB_5XX_Count'],
    ['ALB 5xx (targets)', 'HTTPCode_Target_5XX_Count'],
    ['target p99 latency', 'TargetResponseTime'],
    ['unhealthy hosts', 'UnHealthyHostCount'],
    ['Lambda errors', 'Errors'],
    ['Lambda throttles', 'Throttles'],
    ['Lambda p99 duration', 'Duration'],
    ['DynamoDB read throttles', 'ReadThrottleEvents'],
    ['DynamoDB write throttles', 'WriteThrottleEvents'],
    ['DynamoDB system errors', 'SystemErrors'],
    ['ECS CPU', 'CPUUtilization'],
    ['ECS memory', 'MemoryUtilization'],
    ['ALB processed bytes', 'ProcessedBytes'],
    ['deletions (DeleteItem calls)', 'SuccessfulRequestLatency'],
  ])('when synthesized, then an alarm watches %s (%s)', (_what, metric) => {
    expect(alarmOn(metric).length, metric).toBeGreaterThanOrEqual(1);
  });

  it('when the target p99 passes its threshold, then the latency alarm fires; the 5xx alarm counts both sources', () => {
    const latency = alarms().find((a) => a.AlarmName === 'picus-dev-Alb-TargetP99Latency-Critical');
    expect(latency).toMatchObject({
      MetricName: 'TargetResponseTime',
      ExtendedStatistic: 'p99',
      Threshold: ALARM_THRESHOLDS.targetP99Latency.toSeconds(),
      ComparisonOperator: 'GreaterThanThreshold',
    });
    const fiveXx = alarms().find((a) => a.AlarmName === 'picus-dev-Alb-5xx-Critical');
    expect(fiveXx?.Threshold).toBe(ALARM_THRESHOLDS.alb5xxPerMinute);
    expect(fiveXx?.Metrics?.find((m) => m.Expression)?.Expression).toBe('FILL(elb, 0) + FILL(target, 0)');
  });

  it('when the load balancer moves more bytes than the threshold in 5 minutes, or items are deleted faster than the threshold, then an alarm fires', () => {
    const bytes = alarms().find((a) => a.AlarmName === 'picus-dev-Abuse-ProcessedBytes-Critical');
    expect(bytes).toMatchObject({
      MetricName: 'ProcessedBytes',
      Namespace: 'AWS/ApplicationELB',
      Threshold: ALARM_THRESHOLDS.albProcessedBytesPer5Min,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    const deletions = alarms().find((a) => a.AlarmName === 'picus-dev-Abuse-Deletions-Critical');
    expect(deletions?.Threshold).toBe(ALARM_THRESHOLDS.deletionsPerMinute);
    expect(JSON.stringify(deletions?.Metrics)).toMatch(/"MetricName":"SuccessfulRequestLatency","Namespace":"AWS\/DynamoDB"/);
    expect(deletions?.Metrics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          MetricStat: expect.objectContaining({
            Stat: 'SampleCount',
            Period: 60,
            Metric: expect.objectContaining({ Dimensions: expect.arrayContaining([{ Name: 'Operation', Value: 'DeleteItem' }]) }),
          }),
        }),
      ]),
    );
  });
});

describe('deployment rollback', () => {
  it('when a deployment raises the build-fault or latency alarm, then ECS rolls it back; the all-5xx alarm only notifies', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({
        Alarms: {
          AlarmNames: ['picus-dev-Alb-BuildFaults-Critical', 'picus-dev-Alb-TargetP99Latency-Critical'],
          Enable: true,
          Rollback: true,
        },
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      }),
    });
    const names = alarms().map((a) => a.AlarmName);
    expect(names).toContain('picus-dev-Alb-5xx-Critical');
    expect(names).toContain('picus-dev-Alb-BuildFaults-Critical');
    expect(names).toContain('picus-dev-Alb-TargetP99Latency-Critical');
  });

  it('when the api sheds load with 503s, then the deployment alarm does not count them: api 5xx but 503 from its log, ALB 502 and 504', () => {
    const faults = alarms().find((a) => a.AlarmName === 'picus-dev-Alb-BuildFaults-Critical');
    expect(faults?.Metrics?.find((m) => m.Expression)?.Expression).toBe(BUILD_FAULTS_EXPRESSION);
    expect(metricsOf(faults as Alarm)).toEqual(expect.arrayContaining(['ApiFaults', 'HTTPCode_ELB_502_Count', 'HTTPCode_ELB_504_Count']));
    expect(metricsOf(faults as Alarm)).not.toContain('HTTPCode_Target_5XX_Count');
    expect(metricsOf(faults as Alarm)).not.toContain('HTTPCode_ELB_5XX_Count');
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: logicalId(template, 'AWS::Logs::LogGroup', 'ApiLogs') },
      FilterPattern: '{ ($.msg = "request") && ($.status >= 500) && ($.status != 503) }',
      MetricTransformations: [Match.objectLike({ MetricName: 'ApiFaults', MetricNamespace: 'Picus/dev', MetricValue: '1' })],
    });
  });
});

describe('dashboard', () => {
  it('when synthesized, then one dashboard graphs every alarmed metric', () => {
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard')).map(
      (r) => r.Properties as { DashboardName: string; DashboardBody: unknown },
    );
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]?.DashboardName).toBe('picus-dev');
    const body = JSON.stringify(dashboards[0]?.DashboardBody);
    for (const metric of [
      'HTTPCode_ELB_5XX_Count',
      'HTTPCode_Target_5XX_Count',
      'TargetResponseTime',
      'UnHealthyHostCount',
      'Errors',
      'Throttles',
      'Duration',
      'ReadThrottleEvents',
      'WriteThrottleEvents',
      'SystemErrors',
      'CPUUtilization',
      'MemoryUtilization',
    ]) {
      expect(body, metric).toContain(metric);
    }
  });
});
