import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../cdk/lib/picus-app.js';

/**
 * Synthesizes the app for a context, skipping asset bundling (the Lambda's esbuild run) so each
 * synth takes a fraction of a second; `cdk-synth.test.ts` covers a synth with bundling.
 */
export function synth(context: Record<string, string | number> = {}, options: { bundle?: boolean } = {}) {
  const { app, stackName } = buildApp({ context: { target: 'aws', stage: 'dev', natGateways: 1, ...context, ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) } });
  const stack = app.node.findChild(stackName) as Stack;
  return { app, stack, template: Template.fromStack(stack) };
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/** The DynamoDB actions each IAM role is granted, by the role's logical id. */
export function dynamoDbActionsByRole(template: Template): Map<string, string[]> {
  const policies = template.findResources('AWS::IAM::Policy') as Resources;
  const byRole = new Map<string, string[]>();
  for (const policy of Object.values(policies)) {
    const properties = policy.Properties as { Roles: Array<{ Ref: string }>; PolicyDocument: { Statement: Array<{ Action: string | string[] }> } };
    const actions = properties.PolicyDocument.Statement.flatMap((statement) => [statement.Action].flat()).filter((action) => action.startsWith('dynamodb:'));
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
