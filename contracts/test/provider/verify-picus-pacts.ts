import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { fileURLToPath } from 'node:url';
import { consumerName, providerName } from '../support/provider-states.js';
import type { ItemSeeder } from '../support/item-seeder.js';
import { brokerVerificationOptions } from './broker-options.js';
import { createStateHandlers } from './state-handlers.js';

/** The pact the consumer tests wrote (and that is committed). */
export const localPactFile = fileURLToPath(new URL(`../../pacts/${consumerName}-${providerName}.json`, import.meta.url));

export interface VerifyOptions {
  /** Where the provider answers: the router of a running stack, or a deliberately wrong provider. */
  readonly providerBaseUrl: string;
  readonly seeder: ItemSeeder;
  /** Pact files to verify; defaults to the local pact, or the broker's pacts when configured. */
  readonly pactUrls?: string[];
  /** The broker options taken before the stack started (takeBrokerVerificationOptions); else read from the environment. */
  readonly broker?: Partial<VerifierOptions>;
}

/**
 * Replays every interaction of the pacts against the provider, setting up each provider state
 * first. Resolves when all match; rejects (naming the mismatches in its output) otherwise.
 */
export function verifyPicusPacts(options: VerifyOptions): Promise<string> {
  const broker = options.pactUrls ? undefined : (options.broker ?? brokerVerificationOptions());
  // Pitfall: pact-core adds the broker as a pact source whenever PACT_BROKER_BASE_URL is in the
  // environment and `provider` is set, even alongside pactUrls. Local runs leave `provider` out
  // so CI's broker variables never pull other pacts into them.
  const source: Partial<VerifierOptions> = broker
    ? { provider: providerName, ...broker }
    : { pactUrls: options.pactUrls ?? [localPactFile] };
  return new Verifier({
    providerBaseUrl: options.providerBaseUrl,
    // VerifierOptions intersects HTTP state handlers with message-pact ones, a type no HTTP
    // handler satisfies; the verifier calls these as HTTP state handlers.
    stateHandlers: createStateHandlers(options.seeder) as VerifierOptions['stateHandlers'],
    logLevel: 'warn',
    timeout: 30_000,
    ...source,
  }).verifyProvider();
}
