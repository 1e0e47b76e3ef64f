import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { DeleteFunction } from './delete-function.js';
import { ItemsTable } from './items-table.js';
import type { DeploySettings } from './settings.js';

/**
 * What LocalStack's free tier runs: the table, the DELETE Lambda, its role and logs. Compose
 * (docker-compose.yml) stands in for the ALB and ECS.
 */
export class PicusLocalStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { settings: DeploySettings }) {
    super(scope, id, props);
    const { stage, productionLike, limits } = props.settings;
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
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'DeleteFunctionName', { value: fn.functionName });
  }
}
