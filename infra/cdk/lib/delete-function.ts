import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { topology } from '../../src/topology.js';
import { REPO_ROOT } from './repo-root.js';

/** The actions the Lambda's role may take on the table: DELETE, and nothing else. */
export const DELETE_FUNCTION_TABLE_ACTIONS = ['dynamodb:DeleteItem'] as const;

/**
 * The DELETE Lambda: delete-fn/src/lambda.ts bundled by the local esbuild (no Docker), Node 22,
 * the topology's timeout and memory, its own log group, and a role that may only delete items.
 */
export class DeleteFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: { table: ITableV2; stage: string; productionLike: boolean }) {
    super(scope, id);
    const { timeoutSeconds, memoryMiB } = topology.targetGroups['delete-fn'];
    const functionName = `picus-delete-fn-${props.stage}`;
    const logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: props.productionLike ? RetentionDays.THREE_MONTHS : RetentionDays.ONE_WEEK,
      removalPolicy: props.productionLike ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // An explicit role instead of AWSLambdaBasicExecutionRole: write to its own log group, delete items, no more.
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new PolicyStatement({ actions: [...DELETE_FUNCTION_TABLE_ACTIONS], resources: [props.table.tableArn] }));
    logGroup.grantWrite(role);

    this.fn = new NodejsFunction(this, 'Function', {
      functionName,
      entry: join(REPO_ROOT, 'delete-fn/src/lambda.ts'),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.X86_64,
      timeout: Duration.seconds(timeoutSeconds),
      memorySize: memoryMiB,
      role,
      logGroup,
      environment: {
        SERVICE_NAME: 'delete-fn',
        NODE_ENV: 'production',
        DYNAMODB_TABLE_NAME: props.table.tableName,
        LOG_LEVEL: 'info',
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        // Bundled CommonJS dependencies call require(); an ESM bundle needs one made for it.
        banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'Node.js 22 is pinned on purpose: the api container and the local stack run 22 too, so all three behave alike.',
    });
  }
}
