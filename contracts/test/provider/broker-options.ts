import type { VerifierOptions } from '@pact-foundation/pact';
import { consumerName } from '../support/provider-states.js';

/** The broker credentials the verifier needs and the provider stack must never see. */
export const BROKER_SECRET_VARIABLES = ['PACT_BROKER_TOKEN', 'PACT_BROKER_PASSWORD'] as const;

/**
 * {@link brokerVerificationOptions}, then the credentials taken out of `env`: the embedded stack's
 * processes inherit the environment, and the api, the Lambda host and the router have no use for
 * the broker token. Call it before the stack starts.
 */
export function takeBrokerVerificationOptions(env: NodeJS.ProcessEnv = process.env): Partial<VerifierOptions> | undefined {
  const options = brokerVerificationOptions(env);
  for (const name of BROKER_SECRET_VARIABLES) delete env[name];
  return options;
}

/**
 * When `scripts/pact-broker.sh verify` drives verification (PACT_VERIFY_FROM_BROKER=true and a broker
 * configured), the provider verifies the broker's pacts and publishes the results, which
 * can-i-deploy then reads. Results can only be published for pacts fetched from the broker,
 * which is why local runs verify the pact file instead. Undefined when not driven that way.
 */
export function brokerVerificationOptions(env: NodeJS.ProcessEnv = process.env): Partial<VerifierOptions> | undefined {
  const brokerUrl = env.PACT_BROKER_BASE_URL;
  if (!brokerUrl || env.PACT_VERIFY_FROM_BROKER !== 'true') return undefined;
  const providerVersion = env.PACT_PROVIDER_VERSION;
  if (!providerVersion)
    throw new Error('PACT_PROVIDER_VERSION must be set to verify from the broker (scripts/pact-broker.sh sets it to the git commit).');
  const branch = env.PACT_BRANCH;
  return {
    pactBrokerUrl: brokerUrl,
    ...(env.PACT_BROKER_TOKEN ? { pactBrokerToken: env.PACT_BROKER_TOKEN } : {}),
    ...(env.PACT_BROKER_USERNAME
      ? { pactBrokerUsername: env.PACT_BROKER_USERNAME, pactBrokerPassword: env.PACT_BROKER_PASSWORD ?? '' }
      : {}),
    consumerVersionSelectors: [
      { consumer: consumerName, mainBranch: true },
      { consumer: consumerName, deployedOrReleased: true },
      ...(branch ? [{ consumer: consumerName, branch }] : []),
    ],
    publishVerificationResult: true,
    providerVersion,
    ...(branch ? { providerVersionBranch: branch } : {}),
  };
}
