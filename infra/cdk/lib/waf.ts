import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import type { IApplicationLoadBalancer } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import type { StageLimits } from './stage-policy.js';

/** The common rule set's label for a body over 8 KB (AWS managed rules documentation). */
export const OVERSIZE_BODY_LABEL = 'awswaf:managed:aws:core-rule-set:SizeRestrictions_Body';
/** The one operation that takes a large body: creates, up to the api's 400 KiB. */
export const LARGE_BODY_ROUTE = { method: 'POST', path: '/picus/put' } as const;

export interface WafProps {
  readonly loadBalancer: IApplicationLoadBalancer;
  readonly stage: string;
  readonly limits: Pick<StageLimits, 'requestsPerIpPer5Min' | 'writesPerIpPer5Min'>;
}

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({ cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });
const exactly = (field: CfnWebACL.FieldToMatchProperty, value: string): CfnWebACL.StatementProperty => ({
  byteMatchStatement: { fieldToMatch: field, positionalConstraint: 'EXACTLY', searchString: value, textTransformations: [{ priority: 0, type: 'NONE' }] },
});

/**
 * A regional web ACL on the load balancer, in rule order:
 * 1. a per-IP rate limit on every request, then a tighter one on POSTs (each create may be 400 KiB);
 * 2. AWS's common rule set, with its SizeRestrictions_BODY rule set to count instead of block:
 *    it blocks every body over 8 KB, which would refuse creates the api accepts (up to 400 KiB);
 * 3. our rule that blocks what SizeRestrictions_BODY labelled unless it is `POST /picus/put`, so
 *    only the one route that needs large bodies gets them (the api enforces 400 KiB itself, with a
 *    413). An ALB hands WAF only the first 8 KB of a body, so no WAF rule can check 400 KiB.
 */
export class Waf extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: WafProps) {
    super(scope, id);
    const prefix = `picus-${props.stage}`;
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `${prefix}-web-acl`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`${prefix}-web-acl`),
      rules: [
        {
          name: 'RequestsPerIp',
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { aggregateKeyType: 'IP', evaluationWindowSec: 300, limit: props.limits.requestsPerIpPer5Min } },
          visibilityConfig: visibility(`${prefix}-requests-per-ip`),
        },
        {
          name: 'WritesPerIp',
          priority: 1,
          action: { block: {} },
          statement: {
            rateBasedStatement: { aggregateKeyType: 'IP', evaluationWindowSec: 300, limit: props.limits.writesPerIpPer5Min, scopeDownStatement: exactly({ method: {} }, 'POST') },
          },
          visibilityConfig: visibility(`${prefix}-writes-per-ip`),
        },
        {
          name: 'AWSManagedRulesCommonRuleSet',
          priority: 2,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: 'AWSManagedRulesCommonRuleSet',
              ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
            },
          },
          visibilityConfig: visibility(`${prefix}-common-rule-set`),
        },
        {
          name: 'LargeBodiesOnlyOnCreate',
          priority: 3,
          action: { block: {} },
          statement: {
            andStatement: {
              statements: [
                { labelMatchStatement: { scope: 'LABEL', key: OVERSIZE_BODY_LABEL } },
                {
                  notStatement: {
                    statement: { andStatement: { statements: [exactly({ method: {} }, LARGE_BODY_ROUTE.method), exactly({ uriPath: {} }, LARGE_BODY_ROUTE.path)] } },
                  },
                },
              ],
            },
          },
          visibilityConfig: visibility(`${prefix}-large-bodies-only-on-create`),
        },
      ],
    });
    new CfnWebACLAssociation(this, 'Association', { resourceArn: props.loadBalancer.loadBalancerArn, webAclArn: this.webAcl.attrArn });
  }
}
