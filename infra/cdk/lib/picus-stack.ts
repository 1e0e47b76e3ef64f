import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Certificate, CertificateValidation, type ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import { ARecord, HostedZone, RecordTarget, type IHostedZone } from 'aws-cdk-lib/aws-route53';
import { LoadBalancerTarget } from 'aws-cdk-lib/aws-route53-targets';
import type { Construct } from 'constructs';
import { Alarms } from './alarms.js';
import { authRequiredMessage } from './auth-settings.js';
import { AlarmTopic } from './alarm-topic.js';
import { ApiService } from './api-service.js';
import { CursorSecret } from './cursor-secret.js';
import { DeleteFunction } from './delete-function.js';
import { ItemsTable } from './items-table.js';
import { LoadBalancer } from './load-balancer.js';
import { Network } from './network.js';
import type { DeploySettings } from './settings.js';
import { httpsRequiredMessage, SettingsError } from './stage-policy.js';
import { StageBudget } from './stage-budget.js';
import { Waf } from './waf.js';

/**
 * The whole topology on AWS: VPC, ALB behind a WAF web ACL, the api on ECS Fargate, the DELETE
 * Lambda, the table, the cursor secret, alarms, a dashboard and a monthly budget. A production-like stage must have a
 * certificate: synth stops with what to pass otherwise.
 */
export class PicusStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { settings: DeploySettings }) {
    super(scope, id, props);
    const { settings } = props;
    const { stage, productionLike } = settings;

    const zone =
      settings.hostedZoneId && settings.hostedZoneName
        ? HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: settings.hostedZoneId, zoneName: settings.hostedZoneName })
        : undefined;
    const certificate = this.certificate(settings, zone);
    if (productionLike && !certificate) throw new SettingsError(httpsRequiredMessage(stage));
    if (settings.auth.kind === 'missing') throw new SettingsError(authRequiredMessage(stage));
    // ALB runs jwt-validation on HTTPS listeners only.
    if (settings.auth.kind === 'jwt' && !certificate)
      throw new SettingsError(
        `JWT validation needs an HTTPS listener: give stage "${stage}" a certificate (-c certificateArn=…) or drop authIssuer/authJwksUrl.`,
      );
    const { limits } = settings;

    const { vpc } = new Network(this, 'Network', { natGateways: settings.natGateways, productionLike });
    const { table } = new ItemsTable(this, 'Items', {
      stage,
      productionLike,
      maxReadRequestUnits: limits.tableMaxReadRequestUnits,
      maxWriteRequestUnits: limits.tableMaxWriteRequestUnits,
    });
    const { fn } = new DeleteFunction(this, 'DeleteFn', {
      table,
      stage,
      productionLike,
      reservedConcurrency: limits.lambdaReservedConcurrency,
    });
    const loadBalancer = new LoadBalancer(this, 'LoadBalancer', {
      vpc,
      deleteFunction: fn,
      stage,
      productionLike,
      auth: settings.auth,
      ...(certificate ? { certificate } : {}),
    });
    new Waf(this, 'Waf', { loadBalancer: loadBalancer.alb, stage, productionLike, limits });
    const { secret: cursorSecret } = new CursorSecret(this, 'CursorSecret', { stage, productionLike });
    const api = new ApiService(this, 'Api', {
      vpc,
      table,
      targetGroup: loadBalancer.apiTargetGroup,
      loadBalancerSecurityGroup: loadBalancer.securityGroup,
      cursorSecret,
      stage,
      productionLike,
    });

    const { topic } = new AlarmTopic(this, 'AlarmTopic', {
      stage,
      productionLike,
      ...(settings.alarmEmail ? { email: settings.alarmEmail } : {}),
    });
    const alarms = new Alarms(this, 'Alarms', {
      stage,
      topic,
      loadBalancer: loadBalancer.alb,
      apiTargetGroup: loadBalancer.apiTargetGroup,
      service: api.service,
      deleteFunction: fn,
      table,
      apiLogGroup: api.logGroup,
    });
    api.rollBackOn(alarms.deploymentAlarmNames);
    new StageBudget(this, 'Budget', {
      stage,
      limitUsd: settings.budgetUsd,
      tagScope: this,
      ...(settings.budgetEmail ? { email: settings.budgetEmail } : {}),
    });

    if (zone && settings.domainName) {
      new ARecord(this, 'Alias', {
        zone,
        recordName: settings.domainName,
        target: RecordTarget.fromAlias(new LoadBalancerTarget(loadBalancer.alb)),
      });
    }
    const scheme = certificate ? 'https' : 'http';
    new CfnOutput(this, 'Url', {
      value: `${scheme}://${settings.domainName ?? loadBalancer.alb.loadBalancerDnsName}`,
      description: 'The API, through the load balancer',
    });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'ClusterName', { value: api.cluster.clusterName });
    new CfnOutput(this, 'ServiceName', { value: api.service.serviceName });
    new CfnOutput(this, 'AlarmTopicArn', { value: topic.topicArn });
  }

  private certificate(settings: DeploySettings, zone: IHostedZone | undefined): ICertificate | undefined {
    if (settings.certificateArn) return Certificate.fromCertificateArn(this, 'Certificate', settings.certificateArn);
    if (settings.domainName && zone)
      return new Certificate(this, 'Certificate', { domainName: settings.domainName, validation: CertificateValidation.fromDns(zone) });
    return undefined;
  }
}
