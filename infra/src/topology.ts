/**
 * The hosting topology, written once as data. The CDK app (listener rules, target groups,
 * table, Lambda settings), the ALB emulator, the generated nginx config and the local table
 * bootstrap all read this object; none of them restates it.
 */

/** A listener rule condition, as ALB evaluates it: every listed condition must match. */
export interface RuleConditions {
  /** HTTP methods (upper case). Absent means any method. */
  readonly methods?: readonly string[];
  /** Path patterns with ALB wildcards: `*` matches any run of characters, `?` exactly one. */
  readonly paths: readonly string[];
}

/**
 * What a rule asks of the caller before it forwards. `jwt`: a bearer JWT the load balancer verifies
 * (ALB's `jwt-validation` action: RS256 against the issuer's JWKS, `iss`, `exp`, `nbf`, `iat` and the
 * stage's required claims). `none`: open. Where auth is off (`make up` by default, disposable
 * stages without settings), every rule is open whatever it says here.
 */
export type RuleAuth = 'jwt' | 'none';

export interface ListenerRule {
  /** Lower numbers are evaluated first, as on ALB. */
  readonly priority: number;
  readonly conditions: RuleConditions;
  readonly targetGroup: TargetGroupName;
  /** Open when absent. */
  readonly auth?: RuleAuth;
}

export interface HealthCheck {
  readonly path: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThresholdCount: number;
  readonly unhealthyThresholdCount: number;
  /** Status codes that count as healthy. */
  readonly healthyHttpCodes: string;
}

export interface ServiceTargetGroup {
  readonly kind: 'service';
  /** The container (locally: process) port the target listens on. */
  readonly port: number;
  readonly healthCheck: HealthCheck;
  /** How long ALB waits for in-flight requests before deregistering a target. */
  readonly deregistrationDelaySeconds: number;
  /**
   * Node flags every task runs with: the bounded heap, set together with the api's memory budget
   * (MEMORY_BUDGET_MIB) so that the worst case admitted fits the task's 512 MB (docs/limits.md). The
   * ECS task and the local stack read them here; the image's CMD and the `start` script restate
   * them, and a test fails when those drift.
   */
  readonly nodeFlags: readonly string[];
}

export interface LambdaTargetGroup {
  readonly kind: 'lambda';
  /** Locally, the Lambda host listens here. */
  readonly port: number;
  readonly timeoutSeconds: number;
  readonly memoryMiB: number;
}

export type TargetGroupName = 'api' | 'delete-fn';

export interface FixedResponse {
  readonly statusCode: number;
  /** ALB fixed responses allow only a few content types; problem+json is not one of them. */
  readonly contentType: 'application/json';
  readonly body: string;
}

export interface TableDefinition {
  readonly name: string;
  readonly partitionKey: { readonly name: string; readonly type: 'S' };
}

export interface Topology {
  readonly table: TableDefinition;
  readonly listener: {
    readonly rules: readonly ListenerRule[];
    readonly defaultAction: FixedResponse;
    /** ALB's idle timeout: how long a connection may sit without data. */
    readonly idleTimeoutSeconds: number;
  };
  readonly targetGroups: {
    readonly api: ServiceTargetGroup;
    readonly 'delete-fn': LambdaTargetGroup;
  };
  /** Where each part listens when the stack runs on one machine (embedded or Compose). */
  readonly localPorts: {
    readonly router: number;
    readonly api: number;
    readonly deleteFn: number;
    readonly dynamodb: number;
    /** The local console (traffic, traces, services, table); not part of the AWS topology. */
    readonly console: number;
  };
}

export const topology: Topology = {
  table: { name: 'picus', partitionKey: { name: 'id', type: 'S' } },
  listener: {
    rules: [
      // Writes and deletes need a verified JWT (when the stage or the local stack turns auth on); reads stay open.
      { priority: 10, conditions: { methods: ['DELETE'], paths: ['/picus/*'] }, targetGroup: 'delete-fn', auth: 'jwt' },
      { priority: 15, conditions: { methods: ['POST'], paths: ['/picus/put'] }, targetGroup: 'api', auth: 'jwt' },
      // Any other method under /picus goes to the api, which answers 405 with `Allow` for the ones it lacks.
      { priority: 20, conditions: { paths: ['/picus/*'] }, targetGroup: 'api' },
      {
        priority: 30,
        conditions: { methods: ['GET', 'HEAD'], paths: ['/docs', '/docs/*', '/openapi.json', '/openapi.yaml'] },
        targetGroup: 'api',
      },
    ],
    defaultAction: {
      statusCode: 404,
      contentType: 'application/json',
      body: JSON.stringify({
        type: '/problems/not-found',
        title: 'Not found',
        status: 404,
        detail: 'No route matches this request.',
      }),
    },
    idleTimeoutSeconds: 60,
  },
  targetGroups: {
    api: {
      kind: 'service',
      port: 8000,
      healthCheck: {
        path: '/picus/health',
        intervalSeconds: 20,
        timeoutSeconds: 5,
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
        healthyHttpCodes: '200',
      },
      deregistrationDelaySeconds: 15,
      nodeFlags: ['--max-old-space-size=192', '--max-semi-space-size=8'],
    },
    'delete-fn': { kind: 'lambda', port: 9000, timeoutSeconds: 10, memoryMiB: 512 },
  },
  localPorts: { router: 8080, api: 8000, deleteFn: 9000, dynamodb: 4566, console: 8090 },
};

/**
 * A rule as the local console and the router's logs name it, `<priority>: <conditions>` as ALB's
 * console writes conditions: `10: DELETE /picus/*`. The ALB emulator and the nginx config both
 * name rules with it, so the console shows one name whichever router ran.
 */
export function describeRule(rule: ListenerRule): string {
  return `${rule.priority}: ${rule.conditions.methods ? `${rule.conditions.methods.join(',')} ` : ''}${rule.conditions.paths.join(', ')}`;
}

/** True when the rule asks for a verified JWT (and the stage or stack has auth on). */
export function requiresJwt(rule: ListenerRule): boolean {
  return rule.auth === 'jwt';
}

/** Listener rules in the order ALB evaluates them. */
export function rulesByPriority(rules: readonly ListenerRule[] = topology.listener.rules): ListenerRule[] {
  return [...rules].sort((a, b) => a.priority - b.priority);
}
