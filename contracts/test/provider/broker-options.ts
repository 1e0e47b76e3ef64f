import type { VerifierOptions } from '@pact-foundation/pact';
import { consumerName } from '../support/provider-states.js';

/**
 * When `scripts/pact-broker.sh publish` drives verification (PACT_VERIFY_FROM_BROKER=true and a broker
 * configured), the provider verifies the broker's pacts and publishes the results, which
 * can-i-deploy then reads. Results can only be published for pacts fetched from the broker,
 * which is why local runs verify the pact file instead. Undefined when not driven that way.
 */
export function brokerVerificationOptions(env: NodeJS.ProcessEnv = process.env): Partial<VerifierOptions> | undefined {
  const brokerUrl = env.PACT_BROKER_BASE_URL;
  if (!brokerUrl || env.PACT_VERIFY_FROM_BROKER !== 'true') return undefined;
  const providerVersion = env.PACT_PROVIDER_VERSION;
  if (!providerVersion) throw new Error('PACT_PROVIDER_VERSION must be set to verify from the broker (scripts/pact-broker.sh sets it to the git commit).');
  const branch = env.PACT_BRANCH;
  return {
    pactBrokerUrl: brokerUrl,
    ...(env.PACT_BROKER_TOKEN ? { pactBrokerToken: env.PACT_BROKER_TOKEN } : {}),
    ...(env.PACT_BROKER_USERNAME ? { pactBrokerUsername: env.PACT_BROKER_USERNAME, pactBrokerPassword: env.PACT_BROKER_PASSWORD ?? '' } : {}),
    consumerVersionSelectors: [{ consumer: consumerName, mainBranch: true }, { consumer: consumerName, deployedOrReleased: true }, ...(branch ? [{ consumer: consumerName, branch }] : [])],
    publishVerificationResult: true,
    providerVersion,
    ...(branch ? { providerVersionBranch: branch } : {}),
  };
}
