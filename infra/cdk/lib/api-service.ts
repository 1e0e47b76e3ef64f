import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import { Peer, Port, SecurityGroup, SubnetType, type ISecurityGroup, type IVpc } from 'aws-cdk-lib/aws-ec2';
import {
  AlarmBehavior,
  Cluster,
  ContainerImage,
  ContainerInsights,
  CpuArchitecture,
  FargateService,
  FargateTaskDefinition,
  LogDrivers,
  OperatingSystemFamily,
  Secret as EcsSecret,
} from 'aws-cdk-lib/aws-ecs';
import type { ApplicationTargetGroup } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { topology } from '../../src/topology.js';
import { REPO_ROOT } from '../../src/repo-root.js';
import { acknowledgeGuardRule, SHARED_REASONS } from './policy-checks.js';

/**
 * The actions the service's task role may take on the table: read (gets go out batched), create
 * (batched, and one by one when a batch holds an item too large), and list. Never delete. A test
 * (test/iam) records the calls the item store makes and fails when this list misses one.
 */
export const API_SERVICE_TABLE_ACTIONS = ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:Scan'] as const;

/** The `node` user of the node:22-slim image (docker/Dockerfile's api target says `USER node`), by number so ECS needs no passwd lookup. */
export const API_CONTAINER_USER = '1000:1000';

export interface ApiServiceProps {
  readonly vpc: IVpc;
  readonly table: ITableV2;
  readonly targetGroup: ApplicationTargetGroup;
  readonly loadBalancerSecurityGroup: ISecurityGroup;
  /** CURSOR_SECRET, injected through ECS `secrets`. */
  readonly cursorSecret: ISecret;
  readonly stage: string;
  readonly productionLike: boolean;
}

/**
 * The api on ECS Fargate in private subnets: the image from docker/Dockerfile's api target (linux/amd64), 256 CPU /
 * 512 MiB, two tasks and rolling deployments that never drop below them (100 % / 200 %) with the
 * circuit breaker rolling back a failed one, autoscaling 2–10 on CPU and on requests per target.
 * The container runs as a non-root user on a read-only root filesystem (the api writes no file:
 * checked with strace while serving health, list and the docs), and its tasks may only open HTTPS
 * connections: DynamoDB (through the gateway endpoint), Secrets Manager, CloudWatch Logs and ECR.
 */
export class ApiService extends Construct {
  readonly cluster: Cluster;
  readonly service: FargateService;
  /** The container's log group: one JSON line per request (core's request-context), which build-faults.ts counts. */
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ApiServiceProps) {
    super(scope, id);
    const port = topology.targetGroups.api.port;
    this.cluster = new Cluster(this, 'Cluster', {
      vpc: props.vpc,
      clusterName: `picus-${props.stage}`,
      containerInsightsV2: ContainerInsights.ENABLED,
    });

    const taskDefinition = new FargateTaskDefinition(this, 'Task', {
      cpu: 256,
      memoryLimitMiB: 512,
      runtimePlatform: { cpuArchitecture: CpuArchitecture.X86_64, operatingSystemFamily: OperatingSystemFamily.LINUX },
    });
    taskDefinition.addToTaskRolePolicy(new PolicyStatement({ actions: [...API_SERVICE_TABLE_ACTIONS], resources: [props.table.tableArn] }));
    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.productionLike ? RetentionDays.ONE_YEAR : RetentionDays.ONE_WEEK,
      removalPolicy: props.productionLike ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.logGroup = logGroup;
    acknowledgeGuardRule(logGroup, 'cloudwatch_log_group_encrypted_check', SHARED_REASONS.logsEncryptedByDefault);
    if (!props.productionLike)
      acknowledgeGuardRule(logGroup, 'cloudwatch_log_group_retention_period_check', SHARED_REASONS.disposableRetention);
    taskDefinition.addContainer('api', {
      image: ContainerImage.fromAsset(REPO_ROOT, { file: 'docker/Dockerfile', target: 'api', platform: Platform.LINUX_AMD64 }),
      portMappings: [{ containerPort: port }],
      // A hard limit equal to the task's: the container is the task's only one.
      memoryLimitMiB: 512,
      environment: {
        SERVICE_NAME: 'api',
        NODE_ENV: 'production',
        HOST: '0.0.0.0',
        PORT: String(port),
        DYNAMODB_TABLE_NAME: props.table.tableName,
        LOG_LEVEL: 'info',
        // ECS sends SIGTERM after the ALB has deregistered the task; drain within ECS's 30 s stop timeout.
        SHUTDOWN_GRACE_MS: '20000',
        // The heap bound of the image's CMD, stated here too (a task definition override keeps it); sized with the memory budget (docs/limits.md).
        NODE_OPTIONS: topology.targetGroups.api.nodeFlags.join(' '),
      },
      secrets: { CURSOR_SECRET: EcsSecret.fromSecretsManager(props.cursorSecret) },
      user: API_CONTAINER_USER,
      readonlyRootFilesystem: true,
      logging: LogDrivers.awsLogs({ streamPrefix: 'api', logGroup }),
      healthCheck: {
        command: [
          'CMD',
          'node',
          '-e',
          `fetch('http://127.0.0.1:${port}${topology.targetGroups.api.healthCheck.path}').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`,
        ],
        interval: Duration.seconds(10),
        timeout: Duration.seconds(3),
        retries: 3,
        startPeriod: Duration.seconds(10),
      },
    });

    const securityGroup = new SecurityGroup(this, 'ServiceSecurityGroup', {
      vpc: props.vpc,
      description: 'picus api tasks: the service port from the load balancer only; out: HTTPS only',
      allowAllOutbound: false,
    });
    securityGroup.addIngressRule(props.loadBalancerSecurityGroup, Port.tcp(port), 'the load balancer');
    // Every AWS API the task uses is HTTPS. DNS goes to the VPC resolver, which security groups do not filter.
    securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443), 'HTTPS: DynamoDB (gateway endpoint), Secrets Manager, CloudWatch Logs, ECR');

    this.service = new FargateService(this, 'Service', {
      cluster: this.cluster,
      serviceName: `picus-api-${props.stage}`,
      taskDefinition,
      desiredCount: 2,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      vpcSubnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [securityGroup],
      assignPublicIp: false,
    });
    props.targetGroup.addTarget(this.service);

    const scaling = this.service.autoScaleTaskCount({ minCapacity: 2, maxCapacity: 10 });
    scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });
    scaling.scaleOnRequestCount('Requests', { requestsPerTarget: 1000, targetGroup: props.targetGroup });

    Validations.of(taskDefinition.obtainExecutionRole()).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ECS pulls the image with ecr:GetAuthorizationToken, which has no resource-level permissions; every other action is scoped.',
    });
    Validations.of(taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason:
        'The environment holds plain configuration only (table name, port, log level, drain time); the one secret, CURSOR_SECRET, comes from Secrets Manager through `secrets`.',
    });
  }

  /** Rolls a deployment back when any of these alarms fires while it is in progress. */
  rollBackOn(alarmNames: string[]): void {
    this.service.enableDeploymentAlarms(alarmNames, { behavior: AlarmBehavior.ROLLBACK_ON_ALARM });
  }
}
