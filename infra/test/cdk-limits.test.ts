import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { stageLimits } from '../cdk/lib/stage-policy.js';
import { LARGE_BODY_ROUTE, OVERSIZE_BODY_LABEL } from '../cdk/lib/waf.js';
import { AUTH_CONTEXT, CERTIFICATE_ARN, logicalId, synth } from './cdk-support.js';

// A synth takes seconds on an idle machine and much longer on a busy one; the policy plugins more.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

interface ByteMatch {
  ByteMatchStatement: { FieldToMatch: Record<string, unknown>; SearchString: string; PositionalConstraint: string };
}
interface WafRule {
  Name: string;
  Priority: number;
  Action?: Record<string, unknown>;
  Statement: {
    RateBasedStatement?: { Limit: number };
    AndStatement?: {
      Statements: [{ LabelMatchStatement: unknown }, { NotStatement: { Statement: { AndStatement: { Statements: ByteMatch[] } } } }];
    };
  };
}

let dev: Template;
let prod: Template;
beforeAll(() => {
  dev = synth().template;
  prod = synth({ stage: 'prod', certificateArn: CERTIFICATE_ARN, ...AUTH_CONTEXT }).template;
});

const rules = (template: Template) =>
  (Object.values(template.findResources('AWS::WAFv2::WebACL'))[0]?.Properties as { Rules: WafRule[] }).Rules;
const rule = (template: Template, name: string) => rules(template).find((r) => r.Name === name);

describe('WAF web ACL', () => {
  it('when synthesized, then a regional web ACL that allows by default is associated with the load balancer', () => {
    dev.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'REGIONAL', DefaultAction: { Allow: {} } });
    dev.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { Ref: logicalId(dev, 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'LoadBalancerAlb') },
      WebACLArn: { 'Fn::GetAtt': [logicalId(dev, 'AWS::WAFv2::WebACL', 'WafWebAcl'), 'Arn'] },
    });
  });

  it('when a client IP sends too many requests, then the rate rules block it: all requests, and POSTs tighter', () => {
    const limits = stageLimits(true, {});
    expect(rule(prod, 'RequestsPerIp')).toMatchObject({
      Priority: 0,
      Action: { Block: {} },
      Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: limits.requestsPerIpPer5Min, EvaluationWindowSec: 300 } },
    });
    expect(rule(prod, 'WritesPerIp')).toMatchObject({
      Action: { Block: {} },
      Statement: {
        RateBasedStatement: {
          AggregateKeyType: 'IP',
          Limit: limits.writesPerIpPer5Min,
          ScopeDownStatement: {
            ByteMatchStatement: { FieldToMatch: { Method: {} }, SearchString: 'POST', PositionalConstraint: 'EXACTLY' },
          },
        },
      },
    });
  });

  it("when synthesized, then AWS's common rule set runs with only SizeRestrictions_BODY set to count", () => {
    expect(rule(dev, 'AWSManagedRulesCommonRuleSet')).toMatchObject({
      OverrideAction: { None: {} },
      Statement: {
        ManagedRuleGroupStatement: {
          VendorName: 'AWS',
          Name: 'AWSManagedRulesCommonRuleSet',
          RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
        },
      },
    });
  });

  it('when a body over 8 KB is labelled by the common rule set, then it is blocked unless it is a create (POST /picus/put)', () => {
    const large = rule(dev, 'LargeBodiesOnlyOnCreate');
    const common = rule(dev, 'AWSManagedRulesCommonRuleSet');
    // Labels only exist for rules evaluated later.
    expect(large?.Priority).toBeGreaterThan(common?.Priority ?? Infinity);
    expect(large?.Action).toEqual({ Block: {} });
    const [labelled, notCreate] = large?.Statement.AndStatement?.Statements ?? [];
    expect(labelled).toEqual({ LabelMatchStatement: { Scope: 'LABEL', Key: OVERSIZE_BODY_LABEL } });
    const createMatch = notCreate?.NotStatement.Statement.AndStatement.Statements.map(({ ByteMatchStatement: m }) => [
      Object.keys(m.FieldToMatch)[0],
      m.SearchString,
      m.PositionalConstraint,
    ]);
    expect(createMatch).toEqual([
      ['Method', LARGE_BODY_ROUTE.method, 'EXACTLY'],
      ['UriPath', LARGE_BODY_ROUTE.path, 'EXACTLY'],
    ]);
  });
});

describe('table throughput ceiling and Lambda concurrency', () => {
  it('when the stage is production-like, then the on-demand table and the Lambda get the production defaults', () => {
    const limits = stageLimits(true, {});
    prod.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      WriteOnDemandThroughputSettings: { MaxWriteRequestUnits: limits.tableMaxWriteRequestUnits },
      Replicas: [Match.objectLike({ ReadOnDemandThroughputSettings: { MaxReadRequestUnits: limits.tableMaxReadRequestUnits } })],
    });
    prod.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      ReservedConcurrentExecutions: limits.lambdaReservedConcurrency,
    });
  });

  it('when the stage is disposable, then smaller defaults apply', () => {
    const limits = stageLimits(false, {});
    expect(limits.tableMaxReadRequestUnits).toBeLessThan(stageLimits(true, {}).tableMaxReadRequestUnits);
    dev.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      WriteOnDemandThroughputSettings: { MaxWriteRequestUnits: limits.tableMaxWriteRequestUnits },
    });
    dev.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      ReservedConcurrentExecutions: limits.lambdaReservedConcurrency,
    });
    expect(rule(dev, 'RequestsPerIp')?.Statement.RateBasedStatement?.Limit).toBe(limits.requestsPerIpPer5Min);
  });

  it('when a stage overrides a limit in context, then that value is deployed', () => {
    const { template } = synth({ tableMaxReadRequestUnits: 123, lambdaReservedConcurrency: 7, requestsPerIpPer5Min: 60 });
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [Match.objectLike({ ReadOnDemandThroughputSettings: { MaxReadRequestUnits: 123 } })],
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs22.x', ReservedConcurrentExecutions: 7 });
    expect(rule(template, 'RequestsPerIp')?.Statement.RateBasedStatement?.Limit).toBe(60);
  });

  it('when an override is not a usable number, then synth refuses it naming the key', () => {
    expect(() => synth({ lambdaReservedConcurrency: 0 })).toThrow(/lambdaReservedConcurrency/);
    expect(() => synth({ requestsPerIpPer5Min: 5 })).toThrow(/requestsPerIpPer5Min.*at least 10/);
  });
});
