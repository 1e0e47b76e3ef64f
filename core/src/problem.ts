import type { components } from './generated/openapi-types.js';

/** The RFC 9457 problem document every error response carries (see `Problem` in openapi.yaml). */
export type Problem = components['schemas']['Problem'];
export type FieldError = components['schemas']['FieldError'];

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

interface ProblemKind {
  readonly status: number;
  readonly title: string;
  readonly slug: string;
}

/** Every kind of problem the API answers with, by name. */
export const problemKinds = {
  malformedRequest: { status: 400, title: 'Malformed request', slug: 'malformed-request' },
  notFound: { status: 404, title: 'Not found', slug: 'not-found' },
  methodNotAllowed: { status: 405, title: 'Method not allowed', slug: 'method-not-allowed' },
  requestTimeout: { status: 408, title: 'Request timeout', slug: 'request-timeout' },
  payloadTooLarge: { status: 413, title: 'Payload too large', slug: 'payload-too-large' },
  unsupportedMediaType: { status: 415, title: 'Unsupported media type', slug: 'unsupported-media-type' },
  validationFailed: { status: 422, title: 'Validation failed', slug: 'validation-failed' },
  headersTooLarge: { status: 431, title: 'Request header fields too large', slug: 'headers-too-large' },
  internalError: { status: 500, title: 'Internal server error', slug: 'internal-error' },
  serviceUnavailable: { status: 503, title: 'Service unavailable', slug: 'service-unavailable' },
} as const satisfies Record<string, ProblemKind>;

export type ProblemKindName = keyof typeof problemKinds;

/** Builds the problem document for one kind, with this request's detail. */
export function problem(kind: ProblemKindName, detail: string, extra: Pick<Problem, 'errors' | 'instance' | 'request_id'> = {}): Problem {
  const { status, title, slug } = problemKinds[kind];
  return { type: `/problems/${slug}`, title, status, detail, ...extra };
}

/**
 * An error that already knows the problem it answers with, for transport code to throw.
 * Options, not positional flags: `headers` are added to the response (e.g. `Allow`, `Retry-After`).
 */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  readonly problem: Problem;
  readonly headers: Readonly<Record<string, string>>;

  constructor(kind: ProblemKindName, detail: string, options: { errors?: FieldError[]; headers?: Record<string, string> } = {}) {
    super(detail);
    this.problem = problem(kind, detail, options.errors ? { errors: options.errors } : {});
    this.headers = options.headers ?? {};
  }
}
