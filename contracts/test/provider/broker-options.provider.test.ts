import { describe, expect, it } from 'vitest';
import { BROKER_SECRET_VARIABLES, takeBrokerVerificationOptions } from './broker-options.js';

describe('broker credentials and the provider stack', () => {
  it('when verification from the broker is set up, then the verifier gets the token and the environment the stack inherits no longer holds it', () => {
    const env: NodeJS.ProcessEnv = {
      PACT_BROKER_BASE_URL: 'https://broker.example.com',
      PACT_BROKER_TOKEN: 'secret-token',
      PACT_BROKER_PASSWORD: 'secret-password',
      PACT_VERIFY_FROM_BROKER: 'true',
      PACT_PROVIDER_VERSION: 'abc123',
    };
    const options = takeBrokerVerificationOptions(env);
    expect(options).toMatchObject({
      pactBrokerUrl: 'https://broker.example.com',
      pactBrokerToken: 'secret-token',
      publishVerificationResult: true,
    });
    for (const name of BROKER_SECRET_VARIABLES) expect(env[name], name).toBeUndefined();
    expect(env.PACT_BROKER_BASE_URL).toBe('https://broker.example.com');
  });

  it('when no broker is configured, then there are no options and a stray token is still taken out', () => {
    const env: NodeJS.ProcessEnv = { PACT_BROKER_TOKEN: 'stray' };
    expect(takeBrokerVerificationOptions(env)).toBeUndefined();
    expect(env.PACT_BROKER_TOKEN).toBeUndefined();
  });
});
