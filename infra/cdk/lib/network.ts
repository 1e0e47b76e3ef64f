import { GatewayVpcEndpointAwsService, SubnetType, Vpc, FlowLogDestination, FlowLogTrafficType } from 'aws-cdk-lib/aws-ec2';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledgeGuardRule, SHARED_REASONS } from './policy-checks.js';

/**
 * Two AZs, public and private subnets, NAT, flow logs of ALL traffic (accepted too: what left, not
 * only what was refused), and a DynamoDB gateway endpoint so table traffic skips the NAT.
 */
export class Network extends Construct {
  readonly vpc: Vpc;

  constructor(scope: Construct, id: string, props: { natGateways: number; productionLike: boolean }) {
    super(scope, id);
    this.vpc = new Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: props.natGateways,
      subnetConfiguration: [
        // Only the ALB and the NAT gateway (its own Elastic IP) live here: nothing needs a public IP on launch.
        { name: 'public', subnetType: SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'private', subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
      ],
      gatewayEndpoints: { DynamoDb: { service: GatewayVpcEndpointAwsService.DYNAMODB } },
    });
    const flowLogs = new LogGroup(this, 'FlowLogs', {
      retention: props.productionLike ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
      removalPolicy: props.productionLike ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    acknowledgeGuardRule(flowLogs, 'cloudwatch_log_group_encrypted_check', SHARED_REASONS.logsEncryptedByDefault);
    if (!props.productionLike)
      acknowledgeGuardRule(flowLogs, 'cloudwatch_log_group_retention_period_check', SHARED_REASONS.disposableRetention);
    // The recommended flag @aws-cdk/aws-ec2:restrictDefaultSecurityGroup strips the default group's rules with a CDK handler.
    const restrictDefault = Stack.of(this).node.tryFindChild('Custom::VpcRestrictDefaultSGCustomResourceProvider');
    if (restrictDefault)
      acknowledgeGuardRule(
        restrictDefault,
        'lambda_inside_vpc_check',
        "CDK's own handler that removes the default security group's rules at deploy time; it calls only the EC2 API.",
      );
    this.vpc.addFlowLog('FlowLog', { destination: FlowLogDestination.toCloudWatchLogs(flowLogs), trafficType: FlowLogTrafficType.ALL });
  }
}
