import type { components } from '@picus/core';

/** The RFC 9457 problem document every Picus error response carries. */
export type Problem = components['schemas']['Problem'];

/**
 * Thrown by the Picus client for every non-2xx answer. `problem` is the server's problem
 * document; when the body was not one (e.g. a load balancer's own 502 page), it is a
 * synthesized `about:blank` problem, as RFC 9457 prescribes for a bare status, with the body
 * text as `detail`, so callers handle one shape whatever answered.
 */
export class PicusProblemError extends Error {
  override readonly name = 'PicusProblemError';
  readonly status: number;
  readonly problem: Problem;

  constructor(options: { status: number; problem: Problem }) {
    super(`${options.status} ${options.problem.title}: ${options.problem.detail}`);
    this.status = options.status;
    this.problem = options.problem;
  }

  /** Builds the error from a response's status and its parsed (or raw text) body. */
  static fromResponse(response: Pick<Response, 'status' | 'statusText'>, body: unknown): PicusProblemError {
    if (isProblem(body)) return new PicusProblemError({ status: response.status, problem: body });
    const detail = typeof body === 'string' && body.length > 0 ? body : JSON.stringify(body ?? null);
    const title = response.statusText || `HTTP ${response.status}`;
    return new PicusProblemError({ status: response.status, problem: { type: 'about:blank', title, status: response.status, detail } });
  }
}

/** True when `value` has the fields the Problem schema requires. */
export function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.type === 'string' &&
    typeof candidate.title === 'string' &&
    typeof candidate.status === 'number' &&
    typeof candidate.detail === 'string'
  );
}
