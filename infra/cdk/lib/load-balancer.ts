import { Annotations, ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
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
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { topology, type TargetGroupName } from '../../src/topology.js';
import type { AuthSettings } from './auth-settings.js';
import { JwtValidationAction } from './jwt-validation-action.js';
import { listenerRuleProps } from './listener-rule-props.js';
import { acknowledgeGuardRule } from './policy-checks.js';

export interface LoadBalancerProps {
  readonly vpc: IVpc;
  readonly deleteFunction: IFunction;
  /** With one, HTTPS on 443 and HTTP redirected to it; without (disposable stages only), HTTP only and a synth warning. */
  readonly certificate?: ICertificate;
  readonly stage: string;
  readonly productionLike: boolean;
  /** With `jwt`, the topology's write and delete rules verify a JWT before forwarding (HTTPS listeners only). */
  readonly auth: Exclude<AuthSettings, { kind: 'missing' }>;
}

/**
 * The internet-facing ALB: listener rules from the topology (DELETE → the Lambda, the rest of
 * /picus and the docs → the service), the topology's fixed 404 as the default action, the health
 * check on the service's target group, access logs in an encrypted bucket, deletion protection on
 * production-like stages. Its security group opens no outbound path but the service port of the
 * api tasks (a Lambda target is invoked through the Lambda API, not the network).
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

    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'picus load balancer: HTTP and HTTPS from anywhere; out: the api service port only',
      allowAllOutbound: false,
    });
    this.securityGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(80), 'HTTP from anywhere');
    this.securityGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(443), 'HTTPS from anywhere');
    Validations.of(this.securityGroup).acknowledge({
      id: 'AwsSolutions-EC23',
      reason: 'A public API: its load balancer takes HTTP(S) from anywhere by design.',
    });

    this.alb = new ApplicationLoadBalancer(this, 'Alb', {
      vpc: props.vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: SubnetType.PUBLIC },
      securityGroup: this.securityGroup,
      idleTimeout: Duration.seconds(topology.listener.idleTimeoutSeconds),
      dropInvalidHeaderFields: true,
      deletionProtection: props.productionLike,
    });
    // ALB writes access logs only with S3-managed keys (SSE-S3), not KMS.
    const accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [{ expiration: Duration.days(props.productionLike ? 365 : 30), noncurrentVersionExpiration: Duration.days(7) }],
      removalPolicy: props.productionLike ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !props.productionLike,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket holds the load balancer access logs; logging access to the log bucket itself would recurse.',
    });
    acknowledgeGuardRule(
      accessLogs,
      's3_bucket_logging_enabled_check',
      'This bucket holds the load balancer access logs; logging access to the log bucket itself would recurse.',
    );
    acknowledgeGuardRule(
      accessLogs,
      's3_bucket_default_encryption_kms_check',
      'ALB writes access logs only to buckets encrypted with S3-managed keys (SSE-S3); it cannot use KMS.',
    );
    acknowledgeGuardRule(
      accessLogs,
      's3_event_notifications_enabled_check',
      'Nothing consumes events from the access-log bucket; notifications would go nowhere.',
    );
    acknowledgeGuardRule(
      accessLogs,
      's3_bucket_object_lock_enabled_check',
      'Object Lock would keep logs past their lifecycle expiry and stop a disposable stage from being destroyed; versioning and the TLS-only, private bucket policy protect them instead.',
    );
    if (!props.productionLike) {
      const autoDelete = Stack.of(this).node.tryFindChild('Custom::S3AutoDeleteObjectsCustomResourceProvider');
      if (autoDelete)
        acknowledgeGuardRule(
          autoDelete,
          'lambda_inside_vpc_check',
          "CDK's own handler that empties the access-log bucket when a disposable stage is destroyed; it calls only the S3 API.",
        );
    }
    this.alb.logAccessLogs(accessLogs, `picus-${props.stage}`);

    const defaultAction = ListenerAction.fixedResponse(topology.listener.defaultAction.statusCode, {
      contentType: topology.listener.defaultAction.contentType,
      messageBody: topology.listener.defaultAction.body,
    });
    if (props.certificate) {
      this.listener = this.alb.addListener('Https', {
        port: 443,
        protocol: ApplicationProtocol.HTTPS,
        certificates: [props.certificate],
        sslPolicy: SslPolicy.RECOMMENDED_TLS,
        defaultAction,
      });
      this.alb.addRedirect({
        sourcePort: 80,
        sourceProtocol: ApplicationProtocol.HTTP,
        targetPort: 443,
        targetProtocol: ApplicationProtocol.HTTPS,
      });
    } else {
      this.listener = this.alb.addListener('Http', { port: 80, protocol: ApplicationProtocol.HTTP, defaultAction });
      Annotations.of(this).addWarningV2(
        'picus:http-only',
        'No certificate: the load balancer serves plain HTTP. Pass -c certificateArn=… or -c domainName=… -c hostedZoneId=… -c hostedZoneName=… for HTTPS.',
      );
      Validations.of(this.alb).acknowledge({
        id: 'AwsSolutions-ELB2',
        reason: 'Access logs are enabled (logAccessLogs); the rule misreads them when no HTTPS listener exists.',
      });
      acknowledgeGuardRule(
        this.listener,
        'alb_http_to_https_redirection_check',
        'Only disposable stages (dev, test, pr-*) may run without a certificate, and then HTTP is all they serve; a production-like stage cannot synthesize without HTTPS, where HTTP redirects to it.',
      );
    }

    if (!props.productionLike) {
      acknowledgeGuardRule(
        this.alb,
        'elbv2_deletion_protection_enabled_check',
        'A disposable stage (dev, test, pr-*) must be removable by `make destroy`; production-like stages turn deletion protection on.',
      );
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
    this.deleteFnTargetGroup = this.lambdaTargetGroup(props);

    const groups: Record<TargetGroupName, ApplicationTargetGroup> = { api: this.apiTargetGroup, 'delete-fn': this.deleteFnTargetGroup };
    const { auth } = props;
    if (auth.kind === 'off' && auth.reason === 'auth=none') {
      Annotations.of(this).addWarningV2(
        'picus:auth-none',
        'auth=none: anyone who finds the URL may create and delete items (no JWT validation on POST /picus/put or DELETE /picus/{id}).',
      );
    }
    for (const rule of listenerRuleProps(topology.listener.rules)) {
      const forward = ListenerAction.forward([groups[rule.targetGroup]]);
      new ApplicationListenerRule(this, `Rule${rule.priority}`, {
        listener: this.listener,
        priority: rule.priority,
        conditions: rule.conditions,
        action: rule.requiresJwt && auth.kind === 'jwt' ? new JwtValidationAction(auth, forward) : forward,
      });
    }
  }

  /**
   * The Lambda's target group, with an invoke permission scoped to it. CDK's LambdaTarget grants
   * the ELB service principal with no SourceArn, which lets any load balancer in any account that
   * learns the function ARN invoke it. The permission cannot name the group's ARN (the group needs the
   * permission before it registers the function: a cycle), so the group gets a fixed name and the
   * permission its ARN pattern, `targetgroup/<name>/*`, in this account and region.
   */
  private lambdaTargetGroup(props: LoadBalancerProps): ApplicationTargetGroup {
    const targetGroupName = `picus-del-${props.stage}`;
    const group = new ApplicationTargetGroup(this, 'DeleteFnTargets', { targetGroupName, targetType: TargetType.LAMBDA });
    const stack = Stack.of(this);
    props.deleteFunction.addPermission('InvokeFromTargetGroup', {
      principal: new ServicePrincipal('elasticloadbalancing.amazonaws.com'),
      sourceArn: stack.formatArn({
        service: 'elasticloadbalancing',
        resource: 'targetgroup',
        resourceName: `${targetGroupName}/*`,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      }),
      sourceAccount: stack.account,
    });
    group.addTarget({
      attachToApplicationTargetGroup: () => ({ targetType: TargetType.LAMBDA, targetJson: { id: props.deleteFunction.functionArn } }),
    });
    const permission = props.deleteFunction.permissionsNode.tryFindChild('InvokeFromTargetGroup');
    if (permission) {
      group.node.addDependency(permission);
      acknowledgeGuardRule(
        permission,
        'lambda_function_public_access_prohibited_check',
        'The permission has both SourceArn (this target group) and SourceAccount; synthesized without an account they are CloudFormation expressions (AWS::AccountId, AWS::Region), which the rule does not read as set.',
      );
    }
    return group;
  }
}
