import { Annotations, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import { Peer, Port, SecurityGroup, SubnetType, type IVpc } from 'aws-cdk-lib/aws-ec2';
import {
  ApplicationListener,
  ApplicationListenerRule,
  ApplicationLoadBalancer,
  ApplicationProtocol,
  ApplicationTargetGroup,
  ListenerAction,
  SslPolicy,
  TargetType,
} from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { LambdaTarget } from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { topology, type TargetGroupName } from '../../src/topology.js';
import { listenerRuleProps } from './listener-rule-props.js';

export interface LoadBalancerProps {
  readonly vpc: IVpc;
  readonly deleteFunction: IFunction;
  /** With one, HTTPS on 443 and HTTP redirected to it; without, HTTP only (and a synth warning). */
  readonly certificate?: ICertificate;
  readonly stage: string;
  readonly productionLike: boolean;
}

/**
 * The internet-facing ALB: listener rules from the topology (DELETE → the Lambda, the rest of
 * /picus and the docs → the service), the topology's fixed 404 as the default action, the health
 * check on the service's target group, access logs in an encrypted bucket.
 */
export class LoadBalancer extends Construct {
  readonly alb: ApplicationLoadBalancer;
  readonly listener: ApplicationListener;
  readonly securityGroup: SecurityGroup;
  readonly apiTargetGroup: ApplicationTargetGroup;
  readonly deleteFnTargetGroup: ApplicationTargetGroup;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    const { api } = topology.targetGroups;

    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', { vpc: props.vpc, description: 'picus load balancer: HTTP and HTTPS from anywhere', allowAllOutbound: true });
    this.securityGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(80), 'HTTP from anywhere');
    this.securityGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(443), 'HTTPS from anywhere');
    Validations.of(this.securityGroup).acknowledge({ id: 'AwsSolutions-EC23', reason: 'A public API: its load balancer takes HTTP(S) from anywhere by design.' });

    this.alb = new ApplicationLoadBalancer(this, 'Alb', {
      vpc: props.vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: SubnetType.PUBLIC },
      securityGroup: this.securityGroup,
      idleTimeout: Duration.seconds(topology.listener.idleTimeoutSeconds),
      dropInvalidHeaderFields: true,
    });
    // ALB writes access logs only with S3-managed keys (SSE-S3), not KMS.
    const accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(props.productionLike ? 365 : 30) }],
      removalPolicy: props.productionLike ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !props.productionLike,
    });
    Validations.of(accessLogs).acknowledge({ id: 'AwsSolutions-S1', reason: 'This bucket holds the load balancer access logs; logging access to the log bucket itself would recurse.' });
    this.alb.logAccessLogs(accessLogs, `picus-${props.stage}`);

    const defaultAction = ListenerAction.fixedResponse(topology.listener.defaultAction.statusCode, {
      contentType: topology.listener.defaultAction.contentType,
      messageBody: topology.listener.defaultAction.body,
    });
    if (props.certificate) {
      this.listener = this.alb.addListener('Https', { port: 443, protocol: ApplicationProtocol.HTTPS, certificates: [props.certificate], sslPolicy: SslPolicy.RECOMMENDED_TLS, defaultAction });
      this.alb.addRedirect({ sourcePort: 80, sourceProtocol: ApplicationProtocol.HTTP, targetPort: 443, targetProtocol: ApplicationProtocol.HTTPS });
    } else {
      this.listener = this.alb.addListener('Http', { port: 80, protocol: ApplicationProtocol.HTTP, defaultAction });
      Annotations.of(this).addWarningV2('picus:http-only', 'No certificate: the load balancer serves plain HTTP. Pass -c certificateArn=… or -c domainName=… -c hostedZoneId=… -c hostedZoneName=… for HTTPS.');
      Validations.of(this.alb).acknowledge({ id: 'AwsSolutions-ELB2', reason: 'Access logs are enabled (logAccessLogs); the rule misreads them when no HTTPS listener exists.' });
    }

    this.apiTargetGroup = new ApplicationTargetGroup(this, 'ApiTargets', {
      vpc: props.vpc,
      port: api.port,
      protocol: ApplicationProtocol.HTTP,
      targetType: TargetType.IP,
      deregistrationDelay: Duration.seconds(api.deregistrationDelaySeconds),
      healthCheck: {
        path: api.healthCheck.path,
        interval: Duration.seconds(api.healthCheck.intervalSeconds),
        timeout: Duration.seconds(api.healthCheck.timeoutSeconds),
        healthyThresholdCount: api.healthCheck.healthyThresholdCount,
        unhealthyThresholdCount: api.healthCheck.unhealthyThresholdCount,
        healthyHttpCodes: api.healthCheck.healthyHttpCodes,
      },
    });
    this.deleteFnTargetGroup = new ApplicationTargetGroup(this, 'DeleteFnTargets', { targets: [new LambdaTarget(props.deleteFunction)] });

    const groups: Record<TargetGroupName, ApplicationTargetGroup> = { api: this.apiTargetGroup, 'delete-fn': this.deleteFnTargetGroup };
    for (const rule of listenerRuleProps(topology.listener.rules)) {
      new ApplicationListenerRule(this, `Rule${rule.priority}`, {
        listener: this.listener,
        priority: rule.priority,
        conditions: rule.conditions,
        action: ListenerAction.forward([groups[rule.targetGroup]]),
      });
    }
  }
}
