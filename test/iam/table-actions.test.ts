import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '@picus/api';
import {
  createCursorCodec,
  createDynamoDbBaseClient,
  createItemStore,
  createLogger,
  loadConfig,
  openApiDocument,
  type ItemStore,
} from '@picus/core';
import { albHandler, createDeleteFnApp } from '@picus/delete-fn';
import { topology, type TargetGroupName } from '@picus/infra';
import { createLambdaHost, createRuleMatcher } from '@picus/local';
import { serve, specOperations, startTestDatabase, type Served, type SpecOperation, type TestDatabase } from '@picus/testkit';
import { API_SERVICE_TABLE_ACTIONS } from '../../infra/cdk/lib/api-service.js';
import { DELETE_FUNCTION_TABLE_ACTIONS } from '../../infra/cdk/lib/delete-function.js';

/**
 * The IAM actions each role is granted (infra/cdk) against the DynamoDB calls its handler really
 * makes, recorded from the SDK client on a real DynamoDB: every operation of openapi.yaml is sent
 * once (from the spec's examples) to the handler the listener rules route it to, and the api's
 * batching paths run on top. A change that starts a new kind of call (a new operation, a batch, a
 * fallback) fails here before it fails in AWS with AccessDenied; a grant nothing uses fails too.
 */
const GRANTS: Record<TargetGroupName, readonly string[]> = { api: API_SERVICE_TABLE_ACTIONS, 'delete-fn': DELETE_FUNCTION_TABLE_ACTIONS };

let db: TestDatabase;
let store: ItemStore;
let recorded = new Set<string>();
const handlers = {} as Record<TargetGroupName, Served>;

beforeAll(async () => {
  db = await startTestDatabase();
  const config = loadConfig(db.env);
  const client = createDynamoDbBaseClient(config);
  client.middlewareStack.add(
    (next, context) => (args) => {
      recorded.add(`dynamodb:${String(context.commandName).replace(/Command$/, '')}`);
      return next(args);
    },
    { step: 'initialize', name: 'recordCalls' },
  );
  store = createItemStore({ client, tableName: config.DYNAMODB_TABLE_NAME, cursors: createCursorCodec(config.CURSOR_SECRET) });
  const logger = createLogger({ service: 'iam-test', level: 'silent' });
  const deps = { store, logger, validateResponses: true, maxBodyBytes: config.MAX_BODY_BYTES };
  handlers.api = await serve(createApiApp(deps));
  const lambda = {
    functionName: 'iam-test',
    targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/iam-test/0',
    timeoutMs: 10_000,
    memoryMiB: 512,
    multiValueHeaders: false,
  };
  handlers['delete-fn'] = await serve(createLambdaHost({ handler: albHandler(createDeleteFnApp(deps), logger), ...lambda }));
});
afterAll(async () => {
  await Promise.all(Object.values(handlers).map((served) => served.close()));
  await db?.stop();
});

/** The calls `work` makes. */
async function callsOf(work: () => Promise<unknown>): Promise<Set<string>> {
  recorded = new Set();
  await work();
  return recorded;
}

type Example = {
  example?: unknown;
  schema?: { format?: string; $ref?: string };
  $ref?: string;
  name?: string;
  in?: string;
  required?: boolean;
};

/** One request for an operation, from the spec's own examples: required parameters and the body. */
function exampleRequest(operation: SpecOperation, existingId: string): { path: string; init: RequestInit } {
  const resolve = (node: Example): Example =>
    node.$ref
      ? resolve(
          node.$ref
            .replace(/^#\//, '')
            .split('/')
            .reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], openApiDocument) as Example,
        )
      : node;
  const parameters = ((operation.definition.parameters ?? []) as Example[]).map(resolve).filter((parameter) => parameter.required);
  // Path ids name an item that exists, so a call that only happens for one (an update, say) is made.
  const path = operation.path.replace(/\{([^}]+)\}/g, (_whole, name: string) =>
    parameters.find((parameter) => parameter.name === name)?.schema?.format === 'uuid'
      ? existingId
      : String(parameters.find((parameter) => parameter.name === name)?.example ?? 'x'),
  );
  const content = (operation.definition.requestBody as { content?: Record<string, { example?: unknown; schema?: Example }> } | undefined)
    ?.content?.['application/json'];
  const body = content ? (content.example ?? minimalValue(content.schema ?? {}, resolve)) : undefined;
  return {
    path,
    init: { method: operation.method, ...(content ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) },
  };
}

/** The smallest value a schema accepts, for a body the spec gives no example of: its required properties only. */
function minimalValue(schema: Example, resolve: (node: Example) => Example): unknown {
  const own = resolve(schema) as Example & { type?: string; required?: string[]; properties?: Record<string, Example> };
  switch (own.type) {
    case 'string':
      return own.schema?.format === 'uuid' ? '00000000-0000-4000-8000-000000000000' : 'example';
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    default:
      return Object.fromEntries((own.required ?? []).map((name) => [name, minimalValue(own.properties?.[name] ?? {}, resolve)]));
  }
}

describe('least-privilege table actions', () => {
  const router = createRuleMatcher(topology.listener.rules);
  // Deletes last: the other operations act on the item the first create made.
  const operations = specOperations(openApiDocument).sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));

  it('when every operation of the spec runs once on its handler, and the api batches and falls back, then each role grants exactly the calls its handler makes', async () => {
    const used: Record<TargetGroupName, Set<string>> = { api: new Set(), 'delete-fn': new Set() };
    const { id } = await store.put({ name: 'Ada', role: 'engineer' });
    for (const operation of operations) {
      const group = router.match(operation.method, operation.path.replace(/\{[^}]+\}/g, 'x')) ?? 'api';
      const { path, init } = exampleRequest(operation, id);
      const calls = await callsOf(async () => {
        const response = await fetch(`${handlers[group].baseUrl}${path}`, init);
        expect(response.status, `${operation.operationId}: ${await response.text()}`).toBeLessThan(500);
      });
      for (const call of calls) used[group].add(call);
    }
    // The api's batching paths: many creates and gets at once go out batched, and a batch DynamoDB
    // refuses (an item too large) is written item by item.
    const batched = await callsOf(async () => {
      const items = await Promise.all(Array.from({ length: 30 }, (_, n) => store.put({ name: `n${n}`, role: 'batched' })));
      await Promise.all(items.map((item) => store.get(item.id)));
      await store.put({ name: 'Big', role: 'x', blob: 'x'.repeat(420_000) }).catch(() => undefined);
    });
    for (const call of batched) used.api.add(call);

    for (const group of ['api', 'delete-fn'] as const)
      expect([...GRANTS[group]].sort(), `${group}'s role`).toEqual([...used[group]].sort());
  });
});
