import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SpanKind, SpanStatusCode, type Attributes } from '@opentelemetry/api';
import { SpanAttr } from './span-attributes.js';
import { tracer } from './tracing.js';

interface CallInput {
  TableName?: string;
  Key?: unknown;
  Item?: Record<string, unknown>;
  Limit?: number;
  RequestItems?: Record<string, { Keys?: unknown[] } | unknown[]>;
}

interface CallOutput {
  output?: { Count?: number; $metadata?: { attempts?: number; requestId?: string } };
}

/** The name of the SDK middleware that makes the spans: what a client without tracing must not carry. */
export const DYNAMODB_SPANS_MIDDLEWARE = 'picusTraceSpans';

/**
 * Makes every call of this DynamoDB client a client span: operation, table, the key of a
 * single-item call or the size of a batch, attempts, and the outcome (`ok` or the error's name).
 * The item store coalesces concurrent gets and puts into batch calls: a batch's span sits in the
 * trace of the request whose call started it (the context it was scheduled from).
 * An SDK middleware rather than require-hook auto-instrumentation, which cannot reach into our
 * esbuild bundles. It runs in the `initialize` step, before retries, so one span covers every
 * attempt of a call, as the caller experiences it.
 */
export function traceDynamoDbCalls(client: DynamoDBClient): void {
  client.middlewareStack.add(
    (next, handlerContext) => async (args) => {
      const operation = String(handlerContext.commandName ?? 'Command').replace(/Command$/, '');
      const input = args.input as CallInput;
      const span = tracer().startSpan(`DynamoDB.${operation}`, { kind: SpanKind.CLIENT, attributes: describeInput(operation, input) });
      try {
        const result = await next(args);
        const { output } = result as CallOutput;
        if (output?.Count !== undefined) span.setAttribute(SpanAttr.dynamoCount, output.Count);
        if (output?.$metadata?.attempts !== undefined) span.setAttribute(SpanAttr.dynamoAttempts, output.$metadata.attempts);
        if (output?.$metadata?.requestId) span.setAttribute(SpanAttr.awsRequestId, output.$metadata.requestId);
        span.setAttribute(SpanAttr.outcome, 'ok');
        return result;
      } catch (error) {
        const name = error instanceof Error ? error.name : 'Error';
        const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts;
        if (attempts !== undefined) span.setAttribute(SpanAttr.dynamoAttempts, attempts);
        span.setAttribute(SpanAttr.outcome, name);
        span.setStatus({ code: SpanStatusCode.ERROR, message: name });
        throw error;
      } finally {
        span.end();
      }
    },
    { step: 'initialize', name: DYNAMODB_SPANS_MIDDLEWARE, override: true },
  );
}

function describeInput(operation: string, input: CallInput): Attributes {
  const attributes: Attributes = { [SpanAttr.rpcSystem]: 'aws-api', [SpanAttr.rpcService]: 'DynamoDB', [SpanAttr.rpcMethod]: operation };
  const tables = input.TableName ? [input.TableName] : Object.keys(input.RequestItems ?? {});
  if (tables.length > 0) attributes[SpanAttr.dynamoTables] = tables;
  if (input.Key !== undefined) attributes[SpanAttr.dynamoKey] = JSON.stringify(input.Key);
  else if (input.Item?.id !== undefined) attributes[SpanAttr.dynamoKey] = JSON.stringify({ id: input.Item.id });
  if (input.Limit !== undefined) attributes[SpanAttr.dynamoLimit] = input.Limit;
  if (input.RequestItems) {
    // BatchGetItem: { table: { Keys: [...] } }; BatchWriteItem: { table: [request, ...] }.
    const keys = Object.values(input.RequestItems).flatMap((entry) => (Array.isArray(entry) ? entry.map(writeKey) : (entry.Keys ?? [])));
    attributes[SpanAttr.dynamoBatchSize] = keys.length;
    // A batch of one (the usual case when a developer sends one request at a time) names its key too.
    if (keys.length === 1) attributes[SpanAttr.dynamoKey] = JSON.stringify(keys[0]);
  }
  return attributes;
}

/** The key a BatchWriteItem request writes: a delete's Key, or a put's item reduced to its `id` (the table's key). */
function writeKey(request: unknown): unknown {
  const { PutRequest, DeleteRequest } = request as { PutRequest?: { Item?: Record<string, unknown> }; DeleteRequest?: { Key?: unknown } };
  return DeleteRequest?.Key ?? (PutRequest?.Item?.id === undefined ? undefined : { id: PutRequest.Item.id });
}
