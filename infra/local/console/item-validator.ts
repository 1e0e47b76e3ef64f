import { Ajv, type ErrorObject } from 'ajv';
import { openApiDocument } from '@picus/core';

/** What the console's create form checks a new item against: the request body of `POST /picus/put` in openapi.yaml. */
const CREATE_PATH = '/picus/put';

export interface ValidationResult {
  readonly valid: boolean;
  /** `path: message` for each problem, as the api's 422 names them. */
  readonly errors: string[];
}

/**
 * Checks a JSON value against the spec's create-item request body before the console sends it
 * through the router, so a malformed item is refused with the spec's reasons and never leaves the
 * console. The schema is read from openapi.yaml (its generated module), not restated here.
 */
export function createItemValidator(): (value: unknown) => ValidationResult {
  const document = openApiDocument as unknown as {
    paths: Record<string, { post?: { requestBody?: { content?: Record<string, { schema?: object }> } } }>;
    components: object;
  };
  const schema = document.paths[CREATE_PATH]?.post?.requestBody?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`openapi.yaml has no JSON request body for POST ${CREATE_PATH}`);
  // OpenAPI 3.0 schemas are JSON Schema with a few keywords of their own: not strict.
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema({ $id: 'openapi', components: document.components });
  const validate = ajv.compile(rewriteRefs(schema));
  return (value) => {
    const valid = validate(value);
    return { valid, errors: valid ? [] : (validate.errors ?? []).map(describe) };
  };
}

/** `#/components/...` refs point into the spec, which ajv knows as `openapi`. */
function rewriteRefs(schema: object): object {
  return JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, '"$ref":"openapi#/')) as object;
}

function describe(error: ErrorObject): string {
  return `${error.instancePath || '(body)'}: ${error.message ?? 'is invalid'}`;
}
