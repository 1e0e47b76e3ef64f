import type { Node } from 'constructs';

/** What the app deploys, read once from CDK context (`-c key=value` or cdk.json). */
export interface DeploySettings {
  /** `aws`: the whole topology. `local`: what LocalStack's free tier runs (table, Lambda, IAM, logs). */
  readonly target: 'aws' | 'local';
  /** Names every resource; production-like stages keep their data. */
  readonly stage: string;
  /** prod and staging keep the table on stack deletion and protect it from deletion. */
  readonly productionLike: boolean;
  readonly natGateways: number;
  /** Where to deploy: context `region`, else the CLI's default region, else us-east-1. ALB access logs need it concrete. */
  readonly region: string;
  /** An existing ACM certificate for HTTPS. */
  readonly certificateArn?: string;
  /** A domain for the API; with a hosted zone, gets an alias record and, without a certificate ARN, a DNS-validated one. */
  readonly domainName?: string;
  readonly hostedZoneId?: string;
  readonly hostedZoneName?: string;
}

const PRODUCTION_LIKE = new Set(['prod', 'production', 'staging']);

export function readSettings(node: Node, defaults: { region?: string } = {}): DeploySettings {
  const text = (key: string): string | undefined => {
    const value: unknown = node.tryGetContext(key);
    return value === undefined || value === null || value === '' ? undefined : String(value);
  };
  const target = text('target') ?? 'aws';
  if (target !== 'aws' && target !== 'local') throw new Error(`context "target" must be aws or local, not "${target}"`);
  const stage = text('stage') ?? 'dev';
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage)) throw new Error(`context "stage" must be lower-case letters, digits and dashes, not "${stage}"`);
  const natGateways = Number(text('natGateways') ?? 1);
  // Tasks in private subnets pull their image and ship their logs through NAT.
  if (!Number.isInteger(natGateways) || natGateways < 1 || natGateways > 2) throw new Error('context "natGateways" must be 1 or 2');
  const optional = (key: string) => {
    const value = text(key);
    return value === undefined ? {} : { [key]: value };
  };
  return {
    target,
    stage,
    productionLike: PRODUCTION_LIKE.has(stage),
    natGateways,
    region: text('region') ?? defaults.region ?? 'us-east-1',
    ...optional('certificateArn'),
    ...optional('domainName'),
    ...optional('hostedZoneId'),
    ...optional('hostedZoneName'),
  };
}
