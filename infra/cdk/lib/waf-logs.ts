import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnLoggingConfiguration, type CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { acknowledgeGuardRule, SHARED_REASONS } from './policy-checks.js';

/** Headers never written to the WAF log: the bearer token would otherwise sit there for a year. */
export const WAF_LOG_REDACTED_HEADERS = ['authorization', 'cookie'] as const;

/**
 * The web ACL's request log: every request it saw, with the rule that decided it (a rate block
 * names its rule), in a CloudWatch log group kept a year on production-like stages and a month on
 * disposable ones. WAF requires the group's name to start with `aws-waf-logs-`, and the
 * destination ARN without the `:*` suffix CDK's logGroupArn carries.
 */
export class WafLogs extends Construct {
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: { webAcl: CfnWebACL; stage: string; productionLike: boolean }) {
    super(scope, id);
    const logGroupName = `aws-waf-logs-picus-${props.stage}`;
    this.logGroup = new LogGroup(this, 'Group', {
      logGroupName,
      retention: props.productionLike ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
      removalPolicy: props.productionLike ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    acknowledgeGuardRule(this.logGroup, 'cloudwatch_log_group_encrypted_check', SHARED_REASONS.logsEncryptedByDefault);
    if (!props.productionLike)
      acknowledgeGuardRule(this.logGroup, 'cloudwatch_log_group_retention_period_check', SHARED_REASONS.disposableRetention);
    const destination = Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const logging = new CfnLoggingConfiguration(this, 'Configuration', {
      resourceArn: props.webAcl.attrArn,
      logDestinationConfigs: [destination],
      // CloudFormation's casing: `Name` (the generated type is `any`).
      redactedFields: WAF_LOG_REDACTED_HEADERS.map((name) => ({ singleHeader: { Name: name } })),
    });
    logging.node.addDependency(this.logGroup);
  }
}
