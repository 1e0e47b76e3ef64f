import { Duration, Validations } from 'aws-cdk-lib';
import { ComparisonOperator, MathExpression, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { FargateService } from 'aws-cdk-lib/aws-ecs';
import {
  HttpCodeElb,
  HttpCodeTarget,
  type ApplicationLoadBalancer,
  type ApplicationTargetGroup,
} from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { MonitoringFacade, SnsAlarmActionStrategy } from 'cdk-monitoring-constructs';
import { Construct } from 'constructs';
import { topology } from '../../src/topology.js';
import { buildFaults } from './build-faults.js';
import { stageDashboard } from './dashboard.js';

/** Alarms tagged with this also roll an ECS deployment back (see ApiService.rollBackOn). */
const DEPLOYMENT_TAG = 'deployment';

/** The thresholds, in one place: what "something is wrong" means for each signal. */
export const ALARM_THRESHOLDS = {
  /** ALB 5xx (its own and the targets', throttling 503s included), per minute, in 2 of 3 minutes: notifies only. */
  alb5xxPerMinute: 10,
  /** What a bad build causes (build-faults.ts: api 5xx but 503, ALB 502/504), per minute, in 2 of 3 minutes: rolls back. */
  buildFaultsPerMinute: 5,
  /** Bytes the load balancer processed (both directions) in 5 minutes: 5 GiB, ~17 MiB/s held for 5 minutes. */
  albProcessedBytesPer5Min: 5 * 1024 ** 3,
  /** Items deleted (successful DeleteItem calls) per minute, in 2 of 3 minutes: a mass deletion. */
  deletionsPerMinute: 300,
  /** The api target group's p99 response time, in 3 consecutive minutes. */
  targetP99Latency: Duration.seconds(1),
  /** Unhealthy api targets tolerated (more, for 3 minutes, alarms). */
  maxUnhealthyTargets: 0,
  /** Lambda errors per 5 minutes tolerated. */
  lambdaErrorsPer5Min: 5,
  /** Lambda throttles tolerated: any throttle means the reserved concurrency is reached. */
  lambdaThrottlesPer5Min: 0,
  /** Lambda p99 duration: 80 % of its timeout. */
  lambdaP99Duration: Duration.millis(topology.targetGroups['delete-fn'].timeoutSeconds * 800),
  /** DynamoDB throttled events (the on-demand ceiling reached) and system errors tolerated per 5 minutes. */
  tableThrottledEventsPer5Min: 0,
  tableSystemErrorsPer5Min: 0,
  /** ECS service average CPU and memory, in percent. */
  ecsCpuPercent: 85,
  ecsMemoryPercent: 85,
} as const;

export interface AlarmsProps {
  readonly stage: string;
  readonly topic: ITopic;
  readonly loadBalancer: ApplicationLoadBalancer;
  readonly apiTargetGroup: ApplicationTargetGroup;
  readonly service: FargateService;
  readonly deleteFunction: IFunction;
  readonly table: ITableV2;
  /** The api's log group, whose request lines give the 5xx a build causes (build-faults.ts). */
  readonly apiLogGroup: ILogGroup;
}

/**
 * Every alarm, named `picus-<stage>-…`, notifying the alarm topic, built with
 * cdk-monitoring-constructs, which draws each on the stage dashboard too. The build-fault and
 * target p99 latency alarms are the deployment alarms: {@link Alarms.deploymentAlarmNames}. The
 * ALB 5xx alarm only notifies: it counts throttling 503s, which a flood causes whatever the build.
 */
export class Alarms extends Construct {
  readonly monitoring: MonitoringFacade;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const t = ALARM_THRESHOLDS;
    this.monitoring = new MonitoringFacade(this, 'Monitoring', {
      alarmFactoryDefaults: {
        alarmNamePrefix: `picus-${props.stage}`,
        actionsEnabled: true,
        action: new SnsAlarmActionStrategy({ onAlarmTopic: props.topic }),
        datapointsToAlarm: 3,
        evaluationPeriods: 3,
      },
      metricFactoryDefaults: { period: Duration.minutes(1) },
      dashboardFactory: stageDashboard(this, props.stage),
    });

    const minute = Duration.minutes(1);
    const alb5xx = new MathExpression({
      expression: 'FILL(elb, 0) + FILL(target, 0)',
      usingMetrics: {
        elb: props.loadBalancer.metrics.httpCodeElb(HttpCodeElb.ELB_5XX_COUNT, { period: minute, statistic: 'Sum' }),
        target: props.loadBalancer.metrics.httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, { period: minute, statistic: 'Sum' }),
      },
      label: '5xx (load balancer and targets)',
      period: minute,
    });
    this.monitoring.monitorCustom({
      alarmFriendlyName: 'Alb',
      humanReadableName: 'Load balancer: errors and latency',
      metricGroups: [
        {
          title: '5xx per minute',
          metrics: [
            {
              metric: alb5xx,
              alarmFriendlyName: '5xx',
              addAlarm: {
                Critical: {
                  threshold: t.alb5xxPerMinute,
                  comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                  datapointsToAlarm: 2,
                  treatMissingDataOverride: TreatMissingData.NOT_BREACHING,
                },
              },
            },
          ],
        },
        {
          title: 'faults a build causes, per minute',
          metrics: [
            {
              metric: buildFaults(this, { stage: props.stage, apiLogGroup: props.apiLogGroup, loadBalancer: props.loadBalancer }),
              alarmFriendlyName: 'BuildFaults',
              addAlarm: {
                Critical: {
                  threshold: t.buildFaultsPerMinute,
                  comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                  datapointsToAlarm: 2,
                  treatMissingDataOverride: TreatMissingData.NOT_BREACHING,
                  customTags: [DEPLOYMENT_TAG],
                },
              },
            },
          ],
        },
        {
          title: 'api target p99 response time (s)',
          metrics: [
            {
              metric: props.apiTargetGroup.metrics.targetResponseTime({ period: minute, statistic: 'p99' }),
              alarmFriendlyName: 'TargetP99Latency',
              addAlarm: {
                Critical: {
                  threshold: t.targetP99Latency.toSeconds(),
                  comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
                  treatMissingDataOverride: TreatMissingData.NOT_BREACHING,
                  customTags: [DEPLOYMENT_TAG],
                },
              },
            },
          ],
        },
      ],
    });

    this.monitorAbuse(props);

    this.monitoring.monitorFargateApplicationLoadBalancer({
      alarmFriendlyName: 'Api',
      fargateService: props.service,
      applicationLoadBalancer: props.loadBalancer,
      applicationTargetGroup: props.apiTargetGroup,
      invertLoadBalancerTaskCountMetricsStatistics: true,
      addUnhealthyTaskCountAlarm: { Critical: { maxUnhealthyTasks: t.maxUnhealthyTargets } },
      addCpuUsageAlarm: { Critical: { maxUsagePercent: t.ecsCpuPercent } },
      addMemoryUsageAlarm: { Critical: { maxUsagePercent: t.ecsMemoryPercent } },
    });

    const fiveMinutes = { period: Duration.minutes(5), datapointsToAlarm: 1, evaluationPeriods: 1 };
    Validations.of(this).acknowledge({
      id: 'CloudWatch:Math:MetricsPeriodsOverridden',
      reason: 'Intended: the dashboard graphs these metrics per minute, and their alarms sum them over 5-minute windows.',
    });
    this.monitoring.monitorLambdaFunction({
      alarmFriendlyName: 'DeleteFn',
      lambdaFunction: props.deleteFunction,
      addFaultCountAlarm: { Critical: { maxErrorCount: t.lambdaErrorsPer5Min, ...fiveMinutes } },
      addThrottlesCountAlarm: { Critical: { maxErrorCount: t.lambdaThrottlesPer5Min, ...fiveMinutes } },
      addLatencyP99Alarm: { Critical: { maxLatency: t.lambdaP99Duration } },
    });

    this.monitoring.monitorDynamoTable({
      alarmFriendlyName: 'Table',
      table: props.table,
      addReadThrottledEventsCountAlarm: { Critical: { maxThrottledEventsThreshold: t.tableThrottledEventsPer5Min, ...fiveMinutes } },
      addWriteThrottledEventsCountAlarm: { Critical: { maxThrottledEventsThreshold: t.tableThrottledEventsPer5Min, ...fiveMinutes } },
      addSystemErrorCountAlarm: { Critical: { maxErrorCount: t.tableSystemErrorsPer5Min, ...fiveMinutes } },
    });
  }

  /** Cost and abuse: bytes through the load balancer (a list flood) and items deleted per minute (a mass deletion). */
  private monitorAbuse(props: AlarmsProps): void {
    const t = ALARM_THRESHOLDS;
    const deletions = props.table.metric('SuccessfulRequestLatency', {
      dimensionsMap: { TableName: props.table.tableName, Operation: 'DeleteItem' },
      statistic: 'SampleCount',
      period: Duration.minutes(1),
      label: 'items deleted (DeleteItem calls)',
    });
    this.monitoring.monitorCustom({
      alarmFriendlyName: 'Abuse',
      humanReadableName: 'Bytes out and deletions',
      metricGroups: [
        {
          title: 'load balancer processed bytes per 5 minutes',
          metrics: [
            {
              metric: props.loadBalancer.metrics.processedBytes({ period: Duration.minutes(5), statistic: 'Sum' }),
              alarmFriendlyName: 'ProcessedBytes',
              addAlarm: {
                Critical: {
                  threshold: t.albProcessedBytesPer5Min,
                  comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
                  datapointsToAlarm: 1,
                  evaluationPeriods: 1,
                  treatMissingDataOverride: TreatMissingData.NOT_BREACHING,
                },
              },
            },
          ],
        },
        {
          title: 'items deleted per minute',
          metrics: [
            {
              metric: deletions,
              alarmFriendlyName: 'Deletions',
              addAlarm: {
                Critical: {
                  threshold: t.deletionsPerMinute,
                  comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
                  datapointsToAlarm: 2,
                  treatMissingDataOverride: TreatMissingData.NOT_BREACHING,
                },
              },
            },
          ],
        },
      ],
    });
  }

  /** The alarms that roll a deployment back: the faults a build causes and target p99 latency. */
  get deploymentAlarmNames(): string[] {
    return this.monitoring.createdAlarmsWithTag(DEPLOYMENT_TAG).map((alarm) => alarm.alarmName);
  }
}
