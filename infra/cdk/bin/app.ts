/** The CDK app: `cdk synth -c target=aws|local -c stage=dev` (see infra/cdk.json and `make synth`). */
import { buildApp } from '../lib/picus-app.js';

buildApp().app.synth();
