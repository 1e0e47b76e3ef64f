import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import type { IApplicationLoadBalancer } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import type { StageLimits } from './stage-policy.js';
import { WafLogs } from './waf-logs.js';

/** The common rule set's label for a body over 8 KB (AWS managed rules documentation). */
export const OVERSIZE_BODY_LABEL = 'awswaf:managed:aws:core-rule-set:SizeRestrictions_Body';
/** The one operation that takes a large body: creates, up to the api's 400 KiB. */
export const LARGE_BODY_ROUTE = { method: 'POST', path: '/picus/put' } as const;

/** The one route whose answer can be large (a Scan of up to 10,000 items without `limit`). */
export const LIST_PATH = '/picus/list';
/** Every rate rule counts requests over this window (seconds): WAF's longest. */
export const RATE_WINDOW_SECONDS = 300;
/**
 * A rate block answers 429 with this Retry-After: the window. WAF lifts a block once the IP's
 * count over the trailing window falls under the limit, which takes at most the window.
 */
export const RATE_LIMITED_RETRY_AFTER_SECONDS = RATE_WINDOW_SECONDS;
/** The custom response body's key in the web ACL. */
export const RATE_LIMITED_BODY_KEY = 'rate-limited';

export interface WafProps {
  readonly loadBalancer: IApplicationLoadBalancer;
  readonly stage: string;
  readonly productionLike: boolean;
  readonly limits: Pick<StageLimits, 'requestsPerIpPer5Min' | 'writesPerIpPer5Min' | 'deletesPerIpPer5Min' | 'listsPerIpPer5Min'>;
}

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});
const exactly = (field: CfnWebACL.FieldToMatchProperty, value: string): CfnWebACL.StatementProperty => ({
  byteMatchStatement: {
    fieldToMatch: field,
    positionalConstraint: 'EXACTLY',
    searchString: value,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});
/** The problem document a rate block answers with (openapi.yaml's TooManyRequests response). */
const rateLimitedBody = JSON.stringify({
  type: '/problems/too-many-requests',
  title: 'Too many requests',
  status: 429,
  detail: `This client sent more requests than the rate limit allows in ${RATE_WINDOW_SECONDS / 60} minutes; retry after the time in Retry-After.`,
});
/** 429 with Retry-After and the problem body, instead of WAF's default 403. */
const rateLimited: CfnWebACL.RuleActionProperty = {
  block: {
    customResponse: {
      responseCode: 429,
      customResponseBodyKey: RATE_LIMITED_BODY_KEY,
      responseHeaders: [{ name: 'Retry-After', value: String(RATE_LIMITED_RETRY_AFTER_SECONDS) }],
    },
  },
};
/** A per-IP rate rule, on every request or on those `scopeDown` matches. */
const perIpRate = (
  name: string,
  priority: number,
  metricName: string,
  limit: number,
  scopeDownStatement?: CfnWebACL.StatementProperty,
): CfnWebACL.RuleProperty => ({
  name,
  priority,
  action: rateLimited,
  statement: {
    rateBasedStatement: {
      aggregateKeyType: 'IP',
      evaluationWindowSec: RATE_WINDOW_SECONDS,
      limit,
      ...(scopeDownStatement ? { scopeDownStatement } : {}),
    },
  },
  visibilityConfig: visibility(metricName),
});

/**
 * A regional web ACL on the load balancer, with its requests logged (waf-logs.ts), in rule order:
 * 1. a per-IP rate limit on every request, then tighter ones on POSTs (each create may be 400 KiB),
 *    on DELETEs and on `/picus/list` (a list without `limit` may scan 10,000 items); each block
 *    answers 429 with Retry-After and a problem body, as openapi.yaml documents;
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
      customResponseBodies: { [RATE_LIMITED_BODY_KEY]: { contentType: 'APPLICATION_JSON', content: rateLimitedBody } },
      visibilityConfig: visibility(`${prefix}-web-acl`),
      rules: [
        perIpRate('RequestsPerIp', 0, `${prefix}-requests-per-ip`, props.limits.requestsPerIpPer5Min),
        perIpRate('WritesPerIp', 1, `${prefix}-writes-per-ip`, props.limits.writesPerIpPer5Min, exactly({ method: {} }, 'POST')),
        perIpRate('DeletesPerIp', 2, `${prefix}-deletes-per-ip`, props.limits.deletesPerIpPer5Min, exactly({ method: {} }, 'DELETE')),
        perIpRate('ListsPerIp', 3, `${prefix}-lists-per-ip`, props.limits.listsPerIpPer5Min, exactly({ uriPath: {} }, LIST_PATH)),
        {
          name: 'AWSManagedRulesCommonRuleSet',
          priority: 4,
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
          priority: 5,
          action: { block: {} },
          statement: {
            andStatement: {
              statements: [
                { labelMatchStatement: { scope: 'LABEL', key: OVERSIZE_BODY_LABEL } },
                {
                  notStatement: {
                    statement: {
                      andStatement: {
                        statements: [exactly({ method: {} }, LARGE_BODY_ROUTE.method), exactly({ uriPath: {} }, LARGE_BODY_ROUTE.path)],
                      },
                    },
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
    new WafLogs(this, 'Logs', { webAcl: this.webAcl, stage: props.stage, productionLike: props.productionLike });
  }
}
