import type { Node } from 'constructs';
import { readAuthSettings, type AuthSettings } from './auth-settings.js';
import { DEFAULT_BUDGET_USD, isDisposableStage, LIMIT_CONTEXT_KEYS, SettingsError, stageLimits, type StageLimits } from './stage-policy.js';

/** What the app deploys, read once from CDK context (`-c key=value` or cdk.json). */
export interface DeploySettings {
  /** `aws`: the whole topology. `local`: what LocalStack's free tier runs (table, Lambda, IAM, logs). */
  readonly target: 'aws' | 'local';
  /** Names every resource. */
  readonly stage: string;
  /** Every stage but the disposable ones (stage-policy.ts): HTTPS, deletion protection, retained data. */
  readonly productionLike: boolean;
  readonly natGateways: number;
  /** Where to deploy: context `region`, else the CLI's default region, else us-east-1. ALB access logs need it concrete. */
  readonly region: string;
  /** WAF rate limits, the table's throughput ceiling, the Lambda's reserved concurrency. */
  readonly limits: StageLimits;
  /** An existing ACM certificate for HTTPS. */
  readonly certificateArn?: string;
  /** A domain for the API; with a hosted zone, gets an alias record and, without a certificate ARN, a DNS-validated one. */
  readonly domainName?: string;
  readonly hostedZoneId?: string;
  readonly hostedZoneName?: string;
  /** Where alarm notifications go: an email subscription to the alarm topic (confirm it once). */
  readonly alarmEmail?: string;
  /** The stage's monthly AWS Budgets limit in USD: context `budgetUsd`, else the default for its kind. */
  readonly budgetUsd: number;
  /** Who the budget mails: context `budgetEmail`, else `alarmEmail`. */
  readonly budgetEmail?: string;
  /** JWT validation on the write and delete rules (auth-settings.ts). */
  readonly auth: AuthSettings;
}

export function readSettings(node: Node, defaults: { region?: string } = {}): DeploySettings {
  const text = (key: string): string | undefined => {
    const value: unknown = node.tryGetContext(key);
    return value === undefined || value === null || value === '' ? undefined : String(value);
  };
  const target = text('target') ?? 'aws';
  if (target !== 'aws' && target !== 'local') throw new SettingsError(`context "target" must be aws or local, not "${target}"`);
  const stage = text('stage') ?? 'dev';
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage))
    throw new SettingsError(`context "stage" must be lower-case letters, digits and dashes, not "${stage}"`);
  const natGateways = Number(text('natGateways') ?? 1);
  // Tasks in private subnets pull their image and ship their logs through NAT.
  if (!Number.isInteger(natGateways) || natGateways < 1 || natGateways > 2) throw new SettingsError('context "natGateways" must be 1 or 2');
  const email = (key: string) => {
    const value = text(key);
    if (value !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value))
      throw new SettingsError(`context "${key}" must be an email address, not "${value}"`);
    return value;
  };
  email('alarmEmail');
  const budgetEmail = email('budgetEmail') ?? email('alarmEmail');
  const optional = (key: string) => {
    const value = text(key);
    return value === undefined ? {} : { [key]: value };
  };
  const productionLike = !isDisposableStage(stage);
  const budgetText = text('budgetUsd');
  const budgetUsd = budgetText === undefined ? DEFAULT_BUDGET_USD[productionLike ? 'productionLike' : 'disposable'] : Number(budgetText);
  if (!Number.isFinite(budgetUsd) || budgetUsd <= 0)
    throw new SettingsError(`context "budgetUsd" must be a positive number of US dollars, not "${budgetText}"`);
  return {
    target,
    stage,
    productionLike,
    natGateways,
    region: text('region') ?? defaults.region ?? 'us-east-1',
    limits: stageLimits(
      productionLike,
      Object.fromEntries(LIMIT_CONTEXT_KEYS.flatMap((key) => (text(key) === undefined ? [] : [[key, text(key)]]))),
    ),
    ...optional('certificateArn'),
    ...optional('domainName'),
    ...optional('hostedZoneId'),
    ...optional('hostedZoneName'),
    ...optional('alarmEmail'),
    budgetUsd,
    ...(budgetEmail === undefined ? {} : { budgetEmail }),
    auth: readAuthSettings(text, productionLike),
  };
}
