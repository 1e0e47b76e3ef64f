import { App, type AppProps } from 'aws-cdk-lib';
import { PicusLocalStack } from './picus-local-stack.js';
import { PicusStack } from './picus-stack.js';
import { addPolicyChecks } from './policy-checks.js';
import { readSettings } from './settings.js';

/**
 * Builds the app for the target in context: `aws` (default) or `local`, for the stage in context.
 * cdk-nag's AwsSolutions pack and cfn-guard's Control Tower rules run on every synth (policy-checks.ts);
 * each acknowledged finding carries its reason. Template tests may leave them out for speed
 * (`policyChecks: false`); cdk-policy.test.ts runs them on every variant.
 */
export function buildApp(props: AppProps = {}, options: { policyChecks?: boolean } = {}): { app: App; stackName: string } {
  const app = new App(props);
  // The CDK CLI passes the account and region it resolved in these variables (unset offline).
  const settings = readSettings(app.node, { ...(process.env.CDK_DEFAULT_REGION ? { region: process.env.CDK_DEFAULT_REGION } : {}) });
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: settings.region };
  const stackName = settings.target === 'aws' ? `Picus-${settings.stage}` : `PicusLocal-${settings.stage}`;
  if (settings.target === 'aws')
    new PicusStack(app, stackName, {
      env,
      settings,
      description: `Picus items API (${settings.stage}): ALB, ECS Fargate, Lambda, DynamoDB`,
    });
  else
    new PicusLocalStack(app, stackName, {
      env,
      settings,
      description: `Picus items API (${settings.stage}) on LocalStack: table and DELETE Lambda`,
    });
  if (options.policyChecks ?? true) addPolicyChecks(app);
  return { app, stackName };
}
