import { Duration } from 'aws-cdk-lib';
import { MathExpression } from 'aws-cdk-lib/aws-cloudwatch';
import type { IApplicationLoadBalancer } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { FilterPattern, MetricFilter, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/**
 * The api's access-log lines (core's request-context: `msg` "request", `status`) that a bad build
 * answers: every 5xx but 503. A 503 is the api shedding load or waiting for DynamoDB (it comes with
 * Retry-After), which a flood of traffic causes whatever the build; 500 is a bug.
 */
export const BUILD_FAULT_PATTERN = FilterPattern.all(
  FilterPattern.stringValue('$.msg', '=', 'request'),
  FilterPattern.numberValue('$.status', '>=', 500),
  FilterPattern.numberValue('$.status', '!=', 503),
);

/** The load balancer's own 5xx that a broken target causes: 502 (it crashed, reset or answered garbage) and 504 (it hung). */
export const BUILD_FAULT_ELB_METRICS = ['HTTPCode_ELB_502_Count', 'HTTPCode_ELB_504_Count'] as const;

/** The expression of the deployment alarm: faults a new build causes, throttling and load shedding left out. */
export const BUILD_FAULTS_EXPRESSION = 'FILL(api, 0) + FILL(elb502, 0) + FILL(elb504, 0)';

/**
 * Per minute: the api's 5xx other than 503 (from its log, through a metric filter) plus the load
 * balancer's 502 and 504. The ALB's 5xx metrics cannot tell a throttling 503 from a crash, so an
 * alarm on them rolled back an unrelated deploy during a flood; this one counts what a bad build causes.
 */
export function buildFaults(
  scope: Construct,
  props: { stage: string; apiLogGroup: ILogGroup; loadBalancer: IApplicationLoadBalancer },
): MathExpression {
  const minute = Duration.minutes(1);
  const filter = new MetricFilter(scope, 'ApiFaultsFilter', {
    logGroup: props.apiLogGroup,
    filterPattern: BUILD_FAULT_PATTERN,
    metricNamespace: `Picus/${props.stage}`,
    metricName: 'ApiFaults',
    metricValue: '1',
  });
  const elb = (metricName: string) => props.loadBalancer.metrics.custom(metricName, { period: minute, statistic: 'Sum' });
  return new MathExpression({
    expression: BUILD_FAULTS_EXPRESSION,
    usingMetrics: {
      api: filter.metric({ period: minute, statistic: 'Sum' }),
      elb502: elb(BUILD_FAULT_ELB_METRICS[0]),
      elb504: elb(BUILD_FAULT_ELB_METRICS[1]),
    },
    label: 'faults a build causes (api 5xx but 503, ALB 502 and 504)',
    period: minute,
  });
}
