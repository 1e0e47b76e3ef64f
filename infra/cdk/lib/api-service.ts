import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import { Port, SecurityGroup, SubnetType, type ISecurityGroup, type IVpc } from 'aws-cdk-lib/aws-ec2';
import { Cluster, ContainerImage, ContainerInsights, CpuArchitecture, FargateService, FargateTaskDefinition, LogDrivers, OperatingSystemFamily } from 'aws-cdk-lib/aws-ecs';
import type { ApplicationTargetGroup } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { topology } from '../../src/topology.js';
import { REPO_ROOT } from '../../src/repo-root.js';

/** The actions the service's task role may take on the table: read, create and list. Never delete. */
export const API_SERVICE_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Scan'] as const;

export interface ApiServiceProps {
  readonly vpc: IVpc;
  readonly table: ITableV2;
  readonly targetGroup: ApplicationTargetGroup;
  readonly loadBalancerSecurityGroup: ISecurityGroup;
  readonly stage: string;
  readonly productionLike: boolean;
}

/**
 * The api on ECS Fargate in private subnets: the image from api/Dockerfile (linux/amd64), 256 CPU /
 * 512 MiB, two tasks and rolling deployments that never drop below them (100 % / 200 %) with the
 * circuit breaker rolling back a failed one, autoscaling 2–10 on CPU and on requests per target.
 */
export class ApiService extends Construct {
  readonly cluster: Cluster;
  readonly service: FargateService;

  constructor(scope: Construct, id: string, props: ApiServiceProps) {
    super(scope, id);
    const port = topology.targetGroups.api.port;
    this.cluster = new Cluster(this, 'Cluster', { vpc: props.vpc, clusterName: `picus-${props.stage}`, containerInsightsV2: ContainerInsights.ENABLED });

    const taskDefinition = new FargateTaskDefinition(this, 'Task', {
      cpu: 256,
      memoryLimitMiB: 512,
      runtimePlatform: { cpuArchitecture: CpuArchitecture.X86_64, operatingSystemFamily: OperatingSystemFamily.LINUX },
    });
    taskDefinition.addToTaskRolePolicy(new PolicyStatement({ actions: [...API_SERVICE_TABLE_ACTIONS], resources: [props.table.tableArn] }));
    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.productionLike ? RetentionDays.THREE_MONTHS : RetentionDays.ONE_WEEK,
      removalPolicy: props.productionLike ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    taskDefinition.addContainer('api', {
      image: ContainerImage.fromAsset(REPO_ROOT, { file: 'api/Dockerfile', platform: Platform.LINUX_AMD64 }),
      portMappings: [{ containerPort: port }],
      environment: {
        SERVICE_NAME: 'api',
        NODE_ENV: 'production',
        HOST: '0.0.0.0',
        PORT: String(port),
        DYNAMODB_TABLE_NAME: props.table.tableName,
        LOG_LEVEL: 'info',
        // ECS sends SIGTERM after the ALB has deregistered the task; drain within ECS's 30 s stop timeout.
        SHUTDOWN_GRACE_MS: '20000',
      },
      logging: LogDrivers.awsLogs({ streamPrefix: 'api', logGroup }),
      healthCheck: {
        command: ['CMD', 'node', '-e', `fetch('http://127.0.0.1:${port}${topology.targetGroups.api.healthCheck.path}').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`],
        interval: Duration.seconds(10),
        timeout: Duration.seconds(3),
        retries: 3,
        startPeriod: Duration.seconds(10),
      },
    });

    const securityGroup = new SecurityGroup(this, 'ServiceSecurityGroup', { vpc: props.vpc, description: 'picus api tasks: the service port from the load balancer only' });
    securityGroup.addIngressRule(props.loadBalancerSecurityGroup, Port.tcp(port), 'the load balancer');

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
      reason: 'The environment holds configuration only (table name, port, log level); there are no secrets to move to Secrets Manager.',
    });
  }
}
