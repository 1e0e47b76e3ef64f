import fc from 'fast-check';
import { Agent, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '@picus/api';
import { albHandler, createDeleteFnApp } from '@picus/delete-fn';
import { topology } from '@picus/infra';
import { createLambdaHost, createRuleMatcher } from '@picus/local';
import { createItemStoreFromConfig, createLogger, listen, loadConfig, openApiDocument, type RunningServer } from '@picus/core';
import { captureLogs, specOperations, startTestDatabase, type TestDatabase } from '@picus/testkit';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { resolver, type Schema } from './schema-arbitraries.js';
import { specRequests, type FuzzRequest } from './spec-requests.js';

// At least 5,000 requests per CI run, with a fixed seed printed so any failure replays exactly.
const RUNS = Number(process.env.FUZZ_RUNS ?? 5_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_125);
console.info(`fuzz: ${RUNS} requests, seed ${SEED} (FUZZ_RUNS=… FUZZ_SEED=… to change)`);

const STACK_TRACE = /\bat [\w.<>]+ \(|\.(ts|js):\d+:\d+|node_modules|Error:/;

/**
 * The JSON body schema of each operation that takes one, compiled with ajv (an independent
 * validator, not the one the handlers run): a 201 must only ever answer a body it accepts.
 */
const bodyValidators = (() => {
  const ajv = new Ajv({ strict: false, allErrors: false });
  addFormats.default(ajv);
  const resolve = resolver(openApiDocument);
  const inline = (schema: Schema): unknown => {
    const own = resolve(schema);
    return {
      ...own,
      ...(own.properties
        ? { properties: Object.fromEntries(Object.entries(own.properties).map(([name, property]) => [name, inline(property)])) }
        : {}),
      ...(own.items ? { items: inline(own.items) } : {}),
    };
  };
  return new Map(
    specOperations(openApiDocument).flatMap((operation) => {
      const schema = (operation.definition.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content?.[
        'application/json'
      ]?.schema;
      return schema ? [[operation.operationId, ajv.compile(inline(schema) as object)] as const] : [];
    }),
  );
})();

const operationsById = new Map(specOperations(openApiDocument).map((operation) => [operation.operationId, operation]));
/** True for a request of an operation that takes no parameter (a create): only its body can be wrong. */
const withoutParameters = (request: FuzzRequest) =>
  ((operationsById.get(request.operationId ?? '')?.definition.parameters ?? []) as unknown[]).length === 0;

/** The body a request carried when its operation's schema accepts it; undefined otherwise. */
function acceptedBody(request: FuzzRequest): unknown {
  const validate = request.operationId === undefined ? undefined : bodyValidators.get(request.operationId);
  if (!validate || request.body === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(request.body);
    return validate(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why DynamoDB cannot hold a spec-valid payload as a map, worked out here independently of the
 * store's codec: a number outside 1E-130..9.99…E+125 in magnitude (decided on its shortest decimal
 * text, as DynamoDB decides), or maps and lists nested past its 32 levels (the payload is level 1,
 * the innermost value takes one). Undefined when it can.
 */
function unrepresentableReason(value: unknown, depth = 1): 'range' | 'depth' | undefined {
  if (typeof value === 'number') {
    if (value === 0) return undefined;
    const [mantissa = '', power = '0'] = String(Math.abs(value)).split('e');
    const [whole = '', fraction = ''] = mantissa.split('.');
    const digits = `${whole}${fraction}`;
    const exponent = Number(power) + whole.length - 1 - (digits.length - digits.replace(/^0+/, '').length);
    return exponent > 125 || exponent < -130 ? 'range' : undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth > 31) return 'depth';
  for (const child of Object.values(value)) {
    const reason = unrepresentableReason(child, depth + 1);
    if (reason) return reason;
  }
  return undefined;
}

const REASON_TEXT = { range: /outside DynamoDB's range/, depth: /deeper than DynamoDB's 32 levels/ } as const;

const requests = specRequests(openApiDocument);

// fetch refuses methods such as TRACE; node:http sends whatever a client might.
const agent = new Agent({ keepAlive: true, maxSockets: 4 });
function send(url: string, request: FuzzRequest): Promise<{ status: number; contentType: string; text: string; location?: string }> {
  return new Promise((resolve, reject) => {
    // An explicit length: Node's client frames a DELETE body no other way, and the server would read garbage.
    const headers =
      request.body === undefined ? request.headers : { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) };
    const req = httpRequest(url, { method: request.method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          text: Buffer.concat(chunks).toString('utf8'),
          ...(res.headers.location ? { location: res.headers.location } : {}),
        }),
      );
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

let db: TestDatabase;
// Both served as their processes serve them: core's listen(), whose server answers unparseable HTTP
// (a request line past Node's header limit, say) in the problem envelope.
let api: RunningServer;
let lambda: RunningServer;
const baseUrl = (running: RunningServer) => `http://127.0.0.1:${running.port}`;
const router = createRuleMatcher(topology.listener.rules);

beforeAll(async () => {
  db = await startTestDatabase();
  const config = loadConfig(db.env);
  const logger = createLogger({ service: 'fuzz', level: 'debug', destination: captureLogs().destination });
  const options = { store: createItemStoreFromConfig(config), logger, validateResponses: true, maxBodyBytes: config.MAX_BODY_BYTES };
  const where = { host: '127.0.0.1', port: 0, logger };
  api = await listen(createApiApp(options), where);
  lambda = await listen(
    createLambdaHost({
      handler: albHandler(createDeleteFnApp(options), logger),
      functionName: 'fuzz-delete-fn',
      targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/fuzz/0',
      timeoutMs: 10_000,
      memoryMiB: 512,
      multiValueHeaders: false,
    }),
    where,
  );
});
afterAll(async () => {
  agent.destroy();
  await api?.drain(0);
  await lambda?.drain(0);
  await db?.stop();
});

describe('spec-driven fuzzing of both handlers', () => {
  it(
    `when ${RUNS} generated requests arrive, then none gets a 5xx, every error is a clean problem, and every accepted item reads back identically`,
    async () => {
      const accepted: Array<{ location: string; payload: unknown }> = [];
      let unrepresentable = 0;
      const statuses = new Map<number, number>();

      await fc.assert(
        fc.asyncProperty(requests, async (request) => {
          const target = router.match(request.method, request.path.split('?')[0] ?? '/') === 'delete-fn' ? baseUrl(lambda) : baseUrl(api);
          const response = await send(`${target}${request.path}`, request);
          const { text } = response;
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);

          expect(response.status, `${request.method} ${request.path} → ${response.status} ${text.slice(0, 300)}`).toBeLessThan(500);
          if (response.status >= 400 && request.method !== 'HEAD') {
            expect(response.contentType).toMatch(/^application\/problem\+json/);
            const problem = JSON.parse(text) as Record<string, unknown>;
            expect(problem).toMatchObject({
              type: expect.any(String),
              title: expect.any(String),
              status: response.status,
              detail: expect.any(String),
            });
            expect(text).not.toMatch(STACK_TRACE);
          }
          const payload = acceptedBody(request);
          const reason = payload === undefined ? undefined : unrepresentableReason(payload);
          if (response.status === 201) {
            expect(payload, `accepted a body the spec rejects: ${request.body?.slice(0, 200)}`).toBeDefined();
            expect(reason, `stored a payload DynamoDB cannot hold as a map: ${request.body?.slice(0, 200)}`).toBeUndefined();
            expect(response.location, 'a 201 says where the new item is').toBeDefined();
            accepted.push({ location: response.location ?? '', payload });
          }
          if (reason) {
            // A body DynamoDB cannot hold is never stored. A 422 about the body alone names why (one
            // about a parameter too, say a malformed id, may speak of that instead).
            expect(
              response.status >= 200 && response.status < 300,
              `stored a payload DynamoDB cannot hold: ${request.body?.slice(0, 200)}`,
            ).toBe(false);
            const problem =
              response.status === 422 ? (JSON.parse(text) as { detail: string; errors?: Array<{ location: string }> }) : undefined;
            if (problem && !problem.errors?.some((error) => error.location !== 'body')) {
              expect(problem.detail).toMatch(REASON_TEXT[reason]);
              unrepresentable += 1;
            }
            // With no parameter to get wrong (a create), a JSON body DynamoDB cannot hold is always that 422.
            if (withoutParameters(request) && request.headers['content-type'] === 'application/json')
              expect(response.status, `${request.body?.slice(0, 200)}`).toBe(422);
          } else if (payload !== undefined && withoutParameters(request) && request.headers['content-type'] === 'application/json') {
            // A body the spec and DynamoDB both accept, with no parameter to get wrong, succeeds (or is too large once stored).
            expect(
              response.status < 300 || response.status === 413,
              `${request.method} ${request.path} → ${response.status} ${text.slice(0, 300)}`,
            ).toBe(true);
          }
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );

      // Every create the API acknowledged reads back, at the Location it answered, as it was sent.
      for (const { location, payload } of accepted) {
        const stored = (await (await fetch(new URL(location, baseUrl(api)))).json()) as { payload: unknown };
        expect(stored.payload).toEqual(payload);
      }
      console.info(
        `fuzz: statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}; ${accepted.length} creates read back identically; ` +
          `${unrepresentable} spec-valid payloads refused as unrepresentable in DynamoDB`,
      );
      // The generators still make creates the API accepts (a few percent of all requests).
      expect(accepted.length).toBeGreaterThan(RUNS / 50);
    },
    Math.max(180_000, RUNS * 10),
  );
});
