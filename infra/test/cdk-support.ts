import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { buildApp } from '../cdk/lib/picus-app.js';

/** cdk.json's context: the feature flags `cdk synth` applies, so tests see the templates it makes. */
export const CDK_JSON_CONTEXT = (
  JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> }
).context;

/** A certificate ARN for production-like synths, which refuse to serve plain HTTP. */
export const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

/** An issuer for production-like synths, which refuse to leave writes and deletes open. */
export const AUTH_CONTEXT = { authIssuer: 'https://issuer.example.com', authJwksUrl: 'https://issuer.example.com/.well-known/jwks.json' };

/**
 * Synthesizes the app for a context with cdk.json's flags, skipping asset bundling (the Lambda's
 * esbuild run) and, unless asked, the policy plugins (cdk-nag and cfn-guard take most of a synth's
 * time; cdk-policy.test.ts runs them on every variant, cdk-synth.test.ts bundles).
 */
export function synth(context: Record<string, string | number> = {}, options: { bundle?: boolean; policyChecks?: boolean } = {}) {
  const { app, stackName } = buildApp(
    {
      context: {
        ...CDK_JSON_CONTEXT,
        target: 'aws',
        stage: 'dev',
        natGateways: 1,
        ...context,
        ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      },
    },
    { policyChecks: options.policyChecks ?? false },
  );
  const stack = app.node.findChild(stackName) as Stack;
  let template: Template | undefined;
  // Lazy: synthesizing is the slow part, and a policy test synthesizes the app itself.
  return {
    app,
    stack,
    get template(): Template {
      template ??= Template.fromStack(stack);
      return template;
    },
  };
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/** The DynamoDB actions each IAM role is granted, by the role's logical id. */
export function dynamoDbActionsByRole(template: Template): Map<string, string[]> {
  const policies = template.findResources('AWS::IAM::Policy') as Resources;
  const byRole = new Map<string, string[]>();
  for (const policy of Object.values(policies)) {
    const properties = policy.Properties as {
      Roles: Array<{ Ref: string }>;
      PolicyDocument: { Statement: Array<{ Action: string | string[] }> };
    };
    const actions = properties.PolicyDocument.Statement.flatMap((statement) => [statement.Action].flat()).filter((action) =>
      action.startsWith('dynamodb:'),
    );
    for (const { Ref } of properties.Roles) byRole.set(Ref, [...(byRole.get(Ref) ?? []), ...actions]);
  }
  return byRole;
}

/** The logical id of the single resource of a type whose logical id starts with a prefix. */
export function logicalId(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} starting with ${prefix}, found ${ids.join(', ') || 'none'}`);
  return ids[0] as string;
}
