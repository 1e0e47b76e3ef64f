/** One operation of an OpenAPI document, as tests enumerate them. */
export interface SpecOperation {
  readonly operationId: string;
  /** Upper case, e.g. `GET`. */
  readonly method: string;
  /** The path template, e.g. `/picus/get/{id}`. */
  readonly path: string;
  /** The operation object itself (parameters, requestBody, responses), `$ref`s unresolved. */
  readonly definition: Readonly<Record<string, unknown>>;
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/**
 * Every operation in the document, in its order. Tests that must cover "every operation" read them
 * here instead of listing them, so an operation added to openapi.yaml is covered with no test edit.
 */
export function specOperations(document: { readonly paths?: object }): SpecOperation[] {
  return Object.entries((document.paths ?? {}) as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.has(method))
      .map(([method, definition]) => {
        const operation = definition as Record<string, unknown>;
        return { operationId: String(operation.operationId), method: method.toUpperCase(), path, definition: operation };
      }),
  );
}

/** Matches concrete paths of a template: `/picus/get/{id}` matches `/picus/get/abc`, not `/picus/get/a/b`. */
export function pathTemplatePattern(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/**
 * The methods the document has for the path a concrete URL path falls under, sorted, e.g.
 * `['DELETE']` for `/picus/abc`. As OpenAPI matches paths, a concrete path (`/picus/put`) wins over
 * a templated one that also fits it (`/picus/{id}`).
 */
export function specMethodsFor(document: { readonly paths?: object }, path: string): string[] {
  const matching = specOperations(document).filter((operation) => pathTemplatePattern(operation.path).test(path));
  const templated = (operation: SpecOperation) => (operation.path.match(/\{/g) ?? []).length;
  const fewest = Math.min(...matching.map(templated));
  return matching
    .filter((operation) => templated(operation) === fewest)
    .map((operation) => operation.method)
    .sort();
}

/** An `Allow` header's methods, sorted, to compare with {@link specMethodsFor}. */
export const allowedMethods = (allow: string | null | undefined): string[] => (allow ?? '').split(/,\s*/).filter(Boolean).sort();
