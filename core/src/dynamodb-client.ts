import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Config } from './config.js';
import { traceDynamoDbCalls } from './dynamodb-spans.js';
import { tracingEnabled } from './tracing.js';

export type ClientConfig = Pick<Config, 'AWS_REGION' | 'DYNAMODB_ENDPOINT' | 'DYNAMODB_ATTEMPT_TIMEOUT_MS' | 'DYNAMODB_MAX_ATTEMPTS'>;

/**
 * Builds the DynamoDB client a process uses. Timeouts are short and attempts few
 * on purpose: when DynamoDB is unreachable the API should answer 503 within about a second,
 * not hang for the SDK's defaults (no request timeout, three attempts).
 */
export function createDynamoDbBaseClient(config: ClientConfig): DynamoDBClient {
  const agentOptions = { keepAlive: true, maxSockets: 64 };
  const client = new DynamoDBClient({
    region: config.AWS_REGION,
    maxAttempts: config.DYNAMODB_MAX_ATTEMPTS,
    ...(config.DYNAMODB_ENDPOINT
      ? {
          endpoint: config.DYNAMODB_ENDPOINT,
          // Local endpoints (embedded DynamoDB, LocalStack) accept any credentials; don't make users invent some.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
    // Options, not a NodeHttpHandler and Agents built here: the SDK builds them itself (the http agent on
    // the first call). Building them here cost the DELETE Lambda's cold start ~10 ms of CPU (9 runs
    // each, bench/lambda-cold-init.mjs), a tenth of an SDK-only handler's whole cold init.
    requestHandler: {
      connectionTimeout: Math.min(250, config.DYNAMODB_ATTEMPT_TIMEOUT_MS),
      requestTimeout: config.DYNAMODB_ATTEMPT_TIMEOUT_MS,
      // Without this, smithy only logs a warning when requestTimeout passes and the call hangs on.
      throwOnRequestTimeout: true,
      httpAgent: agentOptions,
      httpsAgent: agentOptions,
    },
  });
  if (tracingEnabled()) traceDynamoDbCalls(client);
  return client;
}
