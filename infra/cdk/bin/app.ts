/** The CDK app: `cdk synth -c target=aws|local -c stage=dev` (see infra/cdk.json and `make synth`). */
import { buildApp } from '../lib/picus-app.js';
import { SettingsError } from '../lib/stage-policy.js';

try {
  buildApp().app.synth();
} catch (error) {
  // A context mistake is the user's to fix: say what, without a stack trace.
  if (!(error instanceof SettingsError)) throw error;
  console.error(`\n${error.message}\n`);
  process.exit(1);
}
