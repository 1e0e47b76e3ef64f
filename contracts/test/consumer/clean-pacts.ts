import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { consumerName, providerName } from '../support/provider-states.js';

/** Where the consumer tests write their pact, committed so reviews show contract changes. */
const pactFile = fileURLToPath(new URL(`../../pacts/${consumerName}-${providerName}.json`, import.meta.url));

/**
 * Pact merges new interactions into an existing file, so one removed from the tests would live
 * on in the committed pact. Each consumer run therefore starts from no file.
 */
export function setup(): void {
  rmSync(pactFile, { force: true });
}
