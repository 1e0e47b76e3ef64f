import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { topology } from '../../src/topology.js';

/**
 * The items table from the topology: on demand with a throughput ceiling (so a flood of writes or
 * 1 MB scans throttles, answered 503, instead of running up the bill), point-in-time recovery,
 * encrypted at rest.
 */
export class ItemsTable extends Construct {
  readonly table: TableV2;

  constructor(
    scope: Construct,
    id: string,
    props: { stage: string; productionLike: boolean; maxReadRequestUnits: number; maxWriteRequestUnits: number },
  ) {
    super(scope, id);
    const { name, partitionKey } = topology.table;
    this.table = new TableV2(this, 'Table', {
      tableName: `${name}-${props.stage}`,
      partitionKey: { name: partitionKey.name, type: AttributeType.STRING },
      billing: Billing.onDemand({ maxReadRequestUnits: props.maxReadRequestUnits, maxWriteRequestUnits: props.maxWriteRequestUnits }),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryptionV2.awsManagedKey(),
      // Production-like stages keep their data; dev stages may be torn down with the stack.
      deletionProtection: props.productionLike,
      removalPolicy: props.productionLike ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }
}
