import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ALARM_THRESHOLDS } from '../cdk/lib/alarms.js';
import { logicalId, synth } from './cdk-support.js';

// A synth takes seconds on an idle machine and much longer on a busy one; the policy plugins more.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

let template: Template;
beforeAll(() => {
  template = synth({ alarmEmail: 'ops@example.com' }).template;
});

type Alarm = { AlarmName: string; AlarmActions: unknown[]; Threshold: number; ComparisonOperator: string; MetricName?: string; Namespace?: string; ExtendedStatistic?: string; Metrics?: Array<{ MetricStat?: { Metric: { MetricName: string; Namespace: string } }; Expression?: string }> };
const alarms = () => Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties as Alarm);
/** Every metric name an alarm watches, directly or inside its math expression. */
const metricsOf = (alarm: Alarm) => [alarm.MetricName, ...(alarm.Metrics ?? []).map((m) => m.MetricStat?.Metric.MetricName)].filter(Boolean);
const alarmOn = (metric: string) => alarms().filter((a) => metricsOf(a).includes(metric));

describe('alarm topic', () => {
  it('when synthesized, then alarms go to an encrypted, TLS-only SNS topic with the email from context subscribed', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'picus-dev-alarms', KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) } });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    template.hasResourceProperties('AWS::KMS::Key', { KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' } })]) } });
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
  ])('when synthesized, then an alarm watches %s (%s)', (_what, metric) => {
    expect(alarmOn(metric).length, metric).toBeGreaterThanOrEqual(1);
  });

  it('when the target p99 passes its threshold, then the latency alarm fires; the 5xx alarm counts both sources', () => {
    const latency = alarms().find((a) => a.AlarmName === 'picus-dev-Alb-TargetP99Latency-Critical');
    expect(latency).toMatchObject({ MetricName: 'TargetResponseTime', ExtendedStatistic: 'p99', Threshold: ALARM_THRESHOLDS.targetP99Latency.toSeconds(), ComparisonOperator: 'GreaterThanThreshold' });
    const fiveXx = alarms().find((a) => a.AlarmName === 'picus-dev-Alb-5xx-Critical');
    expect(fiveXx?.Threshold).toBe(ALARM_THRESHOLDS.alb5xxPerMinute);
    expect(fiveXx?.Metrics?.find((m) => m.Expression)?.Expression).toBe('FILL(elb, 0) + FILL(target, 0)');
  });
});

describe('deployment rollback', () => {
  it('when a deployment raises the 5xx or latency alarm, then ECS rolls it back', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({
        Alarms: { AlarmNames: ['picus-dev-Alb-5xx-Critical', 'picus-dev-Alb-TargetP99Latency-Critical'], Enable: true, Rollback: true },
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      }),
    });
    const names = alarms().map((a) => a.AlarmName);
    expect(names).toContain('picus-dev-Alb-5xx-Critical');
    expect(names).toContain('picus-dev-Alb-TargetP99Latency-Critical');
  });
});

describe('dashboard', () => {
  it('when synthesized, then one dashboard graphs every alarmed metric', () => {
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard')).map((r) => r.Properties as { DashboardName: string; DashboardBody: unknown });
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]?.DashboardName).toBe('picus-dev');
    const body = JSON.stringify(dashboards[0]?.DashboardBody);
    for (const metric of ['HTTPCode_ELB_5XX_Count', 'HTTPCode_Target_5XX_Count', 'TargetResponseTime', 'UnHealthyHostCount', 'Errors', 'Throttles', 'Duration', 'ReadThrottleEvents', 'WriteThrottleEvents', 'SystemErrors', 'CPUUtilization', 'MemoryUtilization']) {
      expect(body, metric).toContain(metric);
    }
  });
});
