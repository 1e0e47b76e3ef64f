import { Duration } from 'aws-cdk-lib';
import { DefaultDashboardFactory } from 'cdk-monitoring-constructs';
import type { Construct } from 'constructs';

/**
 * One CloudWatch dashboard per stage, `picus-<stage>`, holding a graph of every alarmed metric
 * (with the alarm thresholds drawn in) plus the traffic around them: cdk-monitoring-constructs
 * lays it out from the same monitoring calls that create the alarms (alarms.ts), so the two cannot
 * drift apart. No summary or alarm-only dashboard: one page is enough for this service.
 */
export function stageDashboard(scope: Construct, stage: string): DefaultDashboardFactory {
  return new DefaultDashboardFactory(scope, 'Dashboard', {
    dashboardNamePrefix: `picus-${stage}`,
    createDashboard: true,
    createSummaryDashboard: false,
    createAlarmDashboard: false,
    detailDashboardRange: Duration.hours(3),
  });
}
