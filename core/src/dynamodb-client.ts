import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Agent as HttpsAgent } from 'node:https';
import type { Config } from './config.js';
import { traceDynamoDbCalls } from './dynamodb-spans.js';
import { nodeHttp } from './node-http.js';
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
    requestHandler: new NodeHttpHandler({
      connectionTimeout: Math.min(250, config.DYNAMODB_ATTEMPT_TIMEOUT_MS),
      requestTimeout: config.DYNAMODB_ATTEMPT_TIMEOUT_MS,
      // Without this, smithy only logs a warning when requestTimeout passes and the call hangs on.
      throwOnRequestTimeout: true,
      httpAgent: new nodeHttp.Agent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
    }),
  });
  if (tracingEnabled()) traceDynamoDbCalls(client);
  return client;
}
