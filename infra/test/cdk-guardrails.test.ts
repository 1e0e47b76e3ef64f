import { Annotations, Match, type Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { SettingsError, stageLimits, DEFAULT_BUDGET_USD } from '../cdk/lib/stage-policy.js';
import { BUDGET_NOTIFY_ACTUAL_PERCENT, BUDGET_NOTIFY_FORECAST_PERCENT, STAGE_TAG } from '../cdk/lib/stage-budget.js';
import { LIST_PATH, RATE_LIMITED_BODY_KEY, RATE_LIMITED_RETRY_AFTER_SECONDS } from '../cdk/lib/waf.js';
import { WAF_LOG_REDACTED_HEADERS } from '../cdk/lib/waf-logs.js';
import { AUTH_CONTEXT, CERTIFICATE_ARN, logicalId, synth } from './cdk-support.js';

// A synth takes seconds on an idle machine and much longer on a busy one.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

interface WafRule {
  Name: string;
  Priority: number;
  Action?: {
    Block?: {
      CustomResponse?: { ResponseCode: number; CustomResponseBodyKey: string; ResponseHeaders: Array<{ Name: string; Value: string }> };
    };
  };
  Statement: { RateBasedStatement?: { Limit: number; ScopeDownStatement?: unknown } };
}
interface WebAcl {
  Rules: WafRule[];
  CustomResponseBodies: Record<string, { ContentType: string; Content: string }>;
}

let prod: Template;
let dev: Template;
beforeAll(() => {
  prod = synth({ stage: 'prod', certificateArn: CERTIFICATE_ARN, alarmEmail: 'ops@example.com', ...AUTH_CONTEXT }).template;
  dev = synth().template;
});

const webAcl = (template: Template) => Object.values(template.findResources('AWS::WAFv2::WebACL'))[0]?.Properties as WebAcl;
const rateRules = (template: Template) => webAcl(template).Rules.filter((r) => r.Statement.RateBasedStatement);
const byteMatch = (field: Record<string, unknown>, value: string) => ({
  ByteMatchStatement: Match.objectLike({ FieldToMatch: field, SearchString: value, PositionalConstraint: 'EXACTLY' }),
});

describe('per-route rate limits', () => {
  it('when a client IP sends too many DELETEs or lists, then rules scoped to DELETE and to /picus/list block it, tighter than the general rule', () => {
    const limits = stageLimits(true, {});
    const rules = webAcl(prod).Rules;
    const deletes = rules.find((r) => r.Name === 'DeletesPerIp');
    const lists = rules.find((r) => r.Name === 'ListsPerIp');
    expect(deletes?.Statement.RateBasedStatement).toEqual(expect.objectContaining({ Limit: limits.deletesPerIpPer5Min }));
    expect(lists?.Statement.RateBasedStatement).toEqual(expect.objectContaining({ Limit: limits.listsPerIpPer5Min }));
    prod.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'DeletesPerIp',
          Statement: {
            RateBasedStatement: Match.objectLike({ AggregateKeyType: 'IP', ScopeDownStatement: byteMatch({ Method: {} }, 'DELETE') }),
          },
        }),
        Match.objectLike({
          Name: 'ListsPerIp',
          Statement: {
            RateBasedStatement: Match.objectLike({ AggregateKeyType: 'IP', ScopeDownStatement: byteMatch({ UriPath: {} }, LIST_PATH) }),
          },
        }),
      ]),
    });
    for (const limit of [limits.writesPerIpPer5Min, limits.deletesPerIpPer5Min, limits.listsPerIpPer5Min])
      expect(limit).toBeLessThan(limits.requestsPerIpPer5Min);
  });

  it('when any rate rule blocks, then the answer is 429 with Retry-After and a problem body, not WAF\u2019s 403', () => {
    for (const template of [prod, dev]) {
      const rules = rateRules(template);
      expect(rules.map((r) => r.Name).sort()).toEqual(['DeletesPerIp', 'ListsPerIp', 'RequestsPerIp', 'WritesPerIp']);
      for (const rule of rules) {
        expect(rule.Action?.Block?.CustomResponse, rule.Name).toEqual({
          ResponseCode: 429,
          CustomResponseBodyKey: RATE_LIMITED_BODY_KEY,
          ResponseHeaders: [{ Name: 'Retry-After', Value: String(RATE_LIMITED_RETRY_AFTER_SECONDS) }],
        });
      }
      const body = webAcl(template).CustomResponseBodies[RATE_LIMITED_BODY_KEY];
      expect(body?.ContentType).toBe('APPLICATION_JSON');
      expect(JSON.parse(body?.Content ?? '{}')).toMatchObject({
        type: '/problems/too-many-requests',
        title: 'Too many requests',
        status: 429,
      });
    }
  });

  it('when openapi.yaml documents 429, then every operation names the shared response and its example is the body WAF sends', () => {
    type Responses = Record<string, { $ref?: string }>;
    const spec = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as {
      paths: Record<string, Record<string, { responses: Responses }>>;
      components: { responses: Record<string, { headers: Record<string, unknown>; content: Record<string, { example: unknown }> }> };
    };
    const operations = Object.values(spec.paths).flatMap((item) => Object.values(item));
    expect(operations.length).toBeGreaterThan(0);
    for (const operation of operations) expect(operation.responses['429']).toEqual({ $ref: '#/components/responses/TooManyRequests' });
    const documented = spec.components.responses.TooManyRequests;
    expect(Object.keys(documented?.headers ?? {})).toEqual(['Retry-After']);
    expect(documented?.content['application/json']?.example).toEqual(
      JSON.parse(webAcl(prod).CustomResponseBodies[RATE_LIMITED_BODY_KEY]?.Content ?? '{}'),
    );
  });

  it('when the per-route limits are overridden in context, then the rules take them', () => {
    const rules = webAcl(synth({ deletesPerIpPer5Min: 20, listsPerIpPer5Min: 30 }).template).Rules;
    expect(rules.find((r) => r.Name === 'DeletesPerIp')?.Statement.RateBasedStatement?.Limit).toBe(20);
    expect(rules.find((r) => r.Name === 'ListsPerIp')?.Statement.RateBasedStatement?.Limit).toBe(30);
  });
});

describe('WAF logging', () => {
  it('when synthesized, then the web ACL logs to an aws-waf-logs- group kept a year (a month on dev), with the token headers redacted', () => {
    prod.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: 'aws-waf-logs-picus-prod', RetentionInDays: 365 });
    dev.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: 'aws-waf-logs-picus-dev', RetentionInDays: 30 });
    prod.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: { 'Fn::GetAtt': [logicalId(prod, 'AWS::WAFv2::WebACL', 'WafWebAcl'), 'Arn'] },
      LogDestinationConfigs: [
        Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':log-group:aws-waf-logs-picus-prod$')])] }),
      ],
      RedactedFields: WAF_LOG_REDACTED_HEADERS.map((name) => ({ SingleHeader: { Name: name } })),
    });
  });
});

describe('budget', () => {
  it('when a production-like stage is synthesized, then a monthly cost budget of its default counts the stage tag and mails at 80 % actual and 100 % forecast', () => {
    prod.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: {
        BudgetName: 'picus-prod',
        BudgetType: 'COST',
        TimeUnit: 'MONTHLY',
        BudgetLimit: { Amount: DEFAULT_BUDGET_USD.productionLike, Unit: 'USD' },
        CostFilters: { TagKeyValue: [`user:${STAGE_TAG}$prod`] },
      },
      NotificationsWithSubscribers: [
        {
          Notification: Match.objectLike({
            NotificationType: 'ACTUAL',
            Threshold: BUDGET_NOTIFY_ACTUAL_PERCENT,
            ThresholdType: 'PERCENTAGE',
          }),
          Subscribers: [{ SubscriptionType: 'EMAIL', Address: 'ops@example.com' }],
        },
        {
          Notification: Match.objectLike({ NotificationType: 'FORECASTED', Threshold: BUDGET_NOTIFY_FORECAST_PERCENT }),
          Subscribers: [{ SubscriptionType: 'EMAIL', Address: 'ops@example.com' }],
        },
      ],
    });
    prod.hasResourceProperties('AWS::ECS::Cluster', { Tags: Match.arrayWith([{ Key: STAGE_TAG, Value: 'prod' }]) });
  });

  it('when budgetUsd and budgetEmail are given, then the budget takes them; a disposable stage defaults lower and, with no address, synth warns', () => {
    const { template } = synth({ budgetUsd: 12.5, budgetEmail: 'money@example.com' });
    template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: Match.objectLike({ BudgetLimit: { Amount: 12.5, Unit: 'USD' } }),
      NotificationsWithSubscribers: Match.arrayWith([
        Match.objectLike({ Subscribers: [{ SubscriptionType: 'EMAIL', Address: 'money@example.com' }] }),
      ]),
    });
    dev.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: Match.objectLike({ BudgetLimit: { Amount: DEFAULT_BUDGET_USD.disposable, Unit: 'USD' } }),
    });
    const { stack } = synth();
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('budget picus-dev notifies nobody'))).toHaveLength(1);
    expect(() => synth({ budgetUsd: 'lots' })).toThrow(SettingsError);
  });
});

describe('detection', () => {
  it('when synthesized, then the VPC flow log records ALL traffic', () => {
    prod.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL', ResourceType: 'VPC' });
  });

  it("when CloudWatch uses the alarm topic's key, then only for this account's alarms of this stage", () => {
    prod.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':alarm:picus-prod-\\*$')])] } },
            },
          }),
        ]),
      },
    });
  });
});
