/**
 * Which stages may lose their data. Every stage is production-like (HTTPS required, deletion
 * protection on the load balancer and the table, the table retained when the stack goes) unless its
 * name is on this explicit list: a typo such as `prd` or `live` therefore gets the safe settings.
 */
export const DISPOSABLE_STAGES: readonly (string | RegExp)[] = ['dev', 'test', /^pr-[a-z0-9-]+$/];

/** A context value the app cannot deploy: the message says what to pass instead. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

/** True when the stage may be torn down with its data and serve plain HTTP. */
export function isDisposableStage(stage: string): boolean {
  return DISPOSABLE_STAGES.some((entry) => (typeof entry === 'string' ? entry === stage : entry.test(stage)));
}

/** The abuse and cost limits of one stage: see {@link stageLimits}. */
export interface StageLimits {
  /** WAF: requests one client IP may send in any 5-minute window before it is blocked. */
  readonly requestsPerIpPer5Min: number;
  /** WAF: of those, POSTs (creates of up to 400 KiB each) one client IP may send in 5 minutes. */
  readonly writesPerIpPer5Min: number;
  /** WAF: of those, DELETEs one client IP may send in 5 minutes. */
  readonly deletesPerIpPer5Min: number;
  /** WAF: of those, `/picus/list` requests (each may scan up to 10,000 items) one client IP may send in 5 minutes. */
  readonly listsPerIpPer5Min: number;
  /** DynamoDB on-demand ceiling: read request units per second the table may consume. */
  readonly tableMaxReadRequestUnits: number;
  /** DynamoDB on-demand ceiling: write request units per second the table may consume. */
  readonly tableMaxWriteRequestUnits: number;
  /** Concurrent DELETE Lambda instances at most (reserved, so also guaranteed). */
  readonly lambdaReservedConcurrency: number;
}

/**
 * Defaults in code, per kind of stage. A production-like stage gets room for real traffic (two
 * to ten api tasks at ~1,200 requests/s each); a disposable one gets a small ceiling, so a
 * forgotten test stack cannot run up a bill. A `list?limit=1000` is one ~1 MB Scan: 128 read units.
 */
const DEFAULT_LIMITS: Record<'productionLike' | 'disposable', StageLimits> = {
  productionLike: {
    requestsPerIpPer5Min: 3000,
    writesPerIpPer5Min: 300,
    deletesPerIpPer5Min: 300,
    listsPerIpPer5Min: 300,
    tableMaxReadRequestUnits: 4000,
    tableMaxWriteRequestUnits: 1000,
    lambdaReservedConcurrency: 50,
  },
  disposable: {
    requestsPerIpPer5Min: 1000,
    writesPerIpPer5Min: 100,
    deletesPerIpPer5Min: 100,
    listsPerIpPer5Min: 100,
    tableMaxReadRequestUnits: 400,
    tableMaxWriteRequestUnits: 100,
    lambdaReservedConcurrency: 5,
  },
};

/** What a stage may spend per month (USD) before its budget notifies, per kind: `-c budgetUsd=…` overrides. */
export const DEFAULT_BUDGET_USD: Record<'productionLike' | 'disposable', number> = { productionLike: 500, disposable: 50 };

/** Context keys that override one limit for one synth (`-c tableMaxReadRequestUnits=8000`). */
export const LIMIT_CONTEXT_KEYS = Object.keys(DEFAULT_LIMITS.productionLike) as (keyof StageLimits)[];

/** The stage's limits: the defaults for its kind, each overridable through context. */
export function stageLimits(productionLike: boolean, overrides: Partial<Record<keyof StageLimits, string>>): StageLimits {
  const limits: Record<string, number> = { ...DEFAULT_LIMITS[productionLike ? 'productionLike' : 'disposable'] };
  for (const key of LIMIT_CONTEXT_KEYS) {
    const text = overrides[key];
    if (text === undefined) continue;
    const value = Number(text);
    // WAF rate rules take 10 to 2,000,000,000 per window; the others need at least 1.
    if (!Number.isInteger(value) || value < (key.endsWith('Per5Min') ? 10 : 1))
      throw new SettingsError(
        `context "${key}" must be a whole number${key.endsWith('Per5Min') ? ' of at least 10' : ' of at least 1'}, not "${text}"`,
      );
    limits[key] = value;
  }
  return limits as unknown as StageLimits;
}

/** Why a production-like stage without a certificate cannot synthesize, and what to pass. */
export function httpsRequiredMessage(stage: string): string {
  return [
    `Stage "${stage}" is production-like, so it must serve HTTPS, and no certificate was given.`,
    'Pass one of:',
    '  -c certificateArn=arn:aws:acm:REGION:ACCOUNT:certificate/ID        (an ACM certificate in the stack region)',
    '  -c domainName=api.example.com -c hostedZoneId=Z… -c hostedZoneName=example.com   (a DNS-validated certificate is made)',
    'Only disposable stages (dev, test, pr-*) may serve plain HTTP.',
  ].join('\n');
}
