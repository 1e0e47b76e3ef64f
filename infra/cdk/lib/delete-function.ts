import { AssetHashType, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { topology } from '../../src/topology.js';
import { REPO_ROOT } from '../../src/repo-root.js';
import { acknowledgeGuardRule, SHARED_REASONS } from './policy-checks.js';

/** The actions the Lambda's role may take on the table: DELETE, and nothing else. */
export const DELETE_FUNCTION_TABLE_ACTIONS = ['dynamodb:DeleteItem'] as const;

/** The bundle command `make build` runs for the Lambda, run here into CDK's asset folder. */
const BUNDLE_ARGS = ['scripts/bundle.mjs', 'delete-fn/src/lambda.ts'] as const;

/**
 * The DELETE Lambda: Node 22, the topology's timeout and memory, its own log group, and a role that
 * may only delete items. Its code is the artifact `make build` makes and `make bench` measures:
 * scripts/bundle.mjs run locally, so what deploys is what was timed. NodejsFunction would bundle
 * with its own esbuild settings (and its own entry resolution), so the asset could differ from it.
 */
export class DeleteFunction extends Construct {
  readonly fn: LambdaFunction;

  constructor(
    scope: Construct,
    id: string,
    props: { table: ITableV2; stage: string; productionLike: boolean; reservedConcurrency: number },
  ) {
    super(scope, id);
    const { timeoutSeconds, memoryMiB } = topology.targetGroups['delete-fn'];
    const functionName = `picus-delete-fn-${props.stage}`;
    const logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: props.productionLike ? RetentionDays.ONE_YEAR : RetentionDays.ONE_WEEK,
      removalPolicy: props.productionLike ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    acknowledgeGuardRule(logGroup, 'cloudwatch_log_group_encrypted_check', SHARED_REASONS.logsEncryptedByDefault);
    if (!props.productionLike)
      acknowledgeGuardRule(logGroup, 'cloudwatch_log_group_retention_period_check', SHARED_REASONS.disposableRetention);
    // An explicit role instead of AWSLambdaBasicExecutionRole: write to its own log group, delete items, no more.
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new PolicyStatement({ actions: [...DELETE_FUNCTION_TABLE_ACTIONS], resources: [props.table.tableArn] }));
    logGroup.grantWrite(role);

    this.fn = new LambdaFunction(this, 'Function', {
      functionName,
      code: Code.fromAsset(REPO_ROOT, {
        // Hash what is deployed, not the repository (node_modules included) it is built from.
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          local: {
            tryBundle(outputDir) {
              execFileSync(process.execPath, [...BUNDLE_ARGS, join(outputDir, 'index.mjs'), '--all'], {
                cwd: REPO_ROOT,
                stdio: ['ignore', 'inherit', 'inherit'],
              });
              return true;
            },
          },
          // Only where the local run is impossible: the same script in the Lambda build image.
          image: Runtime.NODEJS_22_X.bundlingImage,
          command: ['bash', '-c', `npm ci --no-audit --no-fund && node ${BUNDLE_ARGS.join(' ')} /asset-output/index.mjs --all`],
        },
      }),
      handler: 'index.handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.X86_64,
      timeout: Duration.seconds(timeoutSeconds),
      memorySize: memoryMiB,
      role,
      logGroup,
      // A ceiling on concurrent instances (and a guarantee of them): a DELETE flood throttles here,
      // answered 503 by the ALB, instead of taking the account's whole Lambda concurrency.
      reservedConcurrentExecutions: props.reservedConcurrency,
      environment: {
        SERVICE_NAME: 'delete-fn',
        NODE_ENV: 'production',
        DYNAMODB_TABLE_NAME: props.table.tableName,
        LOG_LEVEL: 'info',
        // No --enable-source-maps: Node would read and parse the bundle's source map on every cold
        // start (measured by `make bench`); index.mjs.map ships beside the bundle to map a trace.
      },
    });
    acknowledgeGuardRule(
      this.fn,
      'lambda_inside_vpc_check',
      'It calls only DynamoDB, over its public HTTPS endpoint with IAM authorisation, and is invoked by the ALB through the Lambda API, not the network. Inside the VPC it would gain nothing and need ec2:*NetworkInterface permissions on every resource.',
    );
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'Node.js 22 is pinned on purpose: the api container and the local stack run 22 too, so all three behave alike.',
    });
  }
}
