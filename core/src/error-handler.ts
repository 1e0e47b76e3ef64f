import type { ErrorRequestHandler } from 'express';
import { HttpError as ValidatorHttpError } from 'express-openapi-validator/dist/framework/types.js';
import {
  InvalidCursorError,
  ItemTooLargeError,
  StoreUnavailableError,
  UnrepresentableNumberError,
  UnrepresentablePayloadError,
} from './domain-errors.js';
import type { Logger } from './logger.js';
import { PROBLEM_CONTENT_TYPE, ProblemError, problem, type FieldError, type Problem } from './problem.js';

interface Answer {
  problem: Problem;
  headers?: Record<string, string>;
}

/** An error's answer, for any transport: the Express handler below and the DELETE Lambda both send it. */
export interface ProblemAnswer {
  readonly status: number;
  /** Headers the problem needs besides the content type, e.g. `Allow`, `Retry-After`. */
  readonly headers: Record<string, string>;
  /** The problem document, with the request's path as `instance` and its id as `request_id`. */
  readonly body: string;
}

/**
 * The one mapping from errors to HTTP answers, used by both handlers. Every answer is a problem
 * document; a 5xx never carries the cause, which is logged once, here.
 */
export function problemAnswer(
  error: unknown,
  request: { maxBodyBytes: number; instance: string; requestId: string; log: Logger },
): ProblemAnswer {
  const answer = answerFor(error, request.maxBodyBytes);
  const { status } = answer.problem;
  // A ProblemError's 5xx is a decision (shedding load, draining), not a failure: its request log
  // line shows the status, and at hundreds of 503s a second one more line each would cost CPU.
  if (status >= 500 && !(error instanceof ProblemError)) {
    const level = error instanceof StoreUnavailableError ? 'warn' : 'error';
    request.log[level]({ err: error instanceof StoreUnavailableError ? (error.cause ?? error) : error, status }, 'request failed');
  }
  return {
    status,
    headers: { ...answer.headers },
    body: JSON.stringify({ ...answer.problem, instance: request.instance, request_id: request.requestId }),
  };
}

/** problemAnswer as Express's error handler. */
export function problemErrorHandler(options: { maxBodyBytes: number }): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      req.log.error({ err: error }, 'error after the response started');
      next(error);
      return;
    }
    const answer = problemAnswer(error, {
      maxBodyBytes: options.maxBodyBytes,
      instance: req.originalUrl.split('?')[0] ?? '',
      requestId: req.id,
      log: req.log,
    });
    // A refused body may still be arriving: its unread bytes would be parsed as the next request on a
    // keep-alive connection. Closing it after the answer ends that (and a client that streams 400 KiB
    // bodies in a loop pays a new connection for each).
    if (answer.status === 413) res.set('Connection', 'close');
    res.status(answer.status).set(answer.headers).type(PROBLEM_CONTENT_TYPE).send(answer.body);
  };
}

function answerFor(error: unknown, maxBodyBytes: number): Answer {
  if (error instanceof ProblemError) return { problem: error.problem, headers: { ...error.headers } };
  if (error instanceof StoreUnavailableError) {
    return {
      problem: problem('serviceUnavailable', 'The data store is unavailable. Retry shortly.'),
      headers: { 'Retry-After': String(error.retryAfterSeconds) },
    };
  }
  if (error instanceof InvalidCursorError) {
    return {
      problem: problem('validationFailed', error.message, { errors: [{ location: 'query', path: '/cursor', message: error.message }] }),
    };
  }
  if (error instanceof ItemTooLargeError) return { problem: problem('payloadTooLarge', error.message) };
  // body-parser passes the reviver's error through, marked as a parse failure.
  if (error instanceof UnrepresentableNumberError) {
    return { problem: problem('validationFailed', error.message, { errors: [{ location: 'body', message: error.message }] }) };
  }
  if (error instanceof UnrepresentablePayloadError) {
    return {
      problem: problem('validationFailed', error.message, {
        errors: [{ location: 'body', ...(error.pointer ? { path: error.pointer } : {}), message: error.message }],
      }),
    };
  }
  const bodyParserAnswer = bodyParserAnswerFor(error, maxBodyBytes);
  if (bodyParserAnswer) return bodyParserAnswer;
  if (error instanceof ValidatorHttpError) return validatorAnswerFor(error);
  return { problem: problem('internalError', 'An unexpected error occurred.') };
}

/** Errors raised by express.json() (body-parser) carry a `type`. */
function bodyParserAnswerFor(error: unknown, maxBodyBytes: number): Answer | undefined {
  const type = (error as { type?: unknown } | null)?.type;
  switch (type) {
    case 'entity.parse.failed':
      return { problem: problem('malformedRequest', 'The request body is not valid JSON.') };
    case 'entity.too.large':
      return { problem: problem('payloadTooLarge', `The request body exceeds the limit of ${maxBodyBytes} bytes.`) };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { problem: problem('unsupportedMediaType', 'The request body uses an unsupported encoding or charset; send UTF-8 JSON.') };
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return { problem: problem('malformedRequest', 'The request body could not be read.') };
    default:
      return undefined;
  }
}

function validatorAnswerFor(error: ValidatorHttpError): Answer {
  switch (error.status) {
    case 400: {
      const errors = error.errors.map(toFieldError);
      const summary = errors.map((e) => `${e.location}${e.path ?? ''}: ${e.message}`).join('; ');
      return { problem: problem('validationFailed', `The request does not match the API's schema: ${summary}`, { errors }) };
    }
    case 404:
      return { problem: problem('notFound', 'No route matches this request.') };
    case 405: {
      const allow = error.headers?.Allow;
      return {
        problem: problem('methodNotAllowed', `This path does not support this method. Allowed: ${allow ?? 'none'}.`),
        headers: allow ? { Allow: allow } : {},
      };
    }
    case 413:
      return { problem: problem('payloadTooLarge', 'The request body is too large.') };
    case 415:
      return { problem: problem('unsupportedMediaType', 'Send the body as application/json.') };
    default:
      // Response validation failures land here: our bug, not the caller's. Logged by the handler.
      return { problem: problem('internalError', 'An unexpected error occurred.') };
  }
}

const LOCATIONS: Record<string, FieldError['location']> = { body: 'body', query: 'query', params: 'path', path: 'path', headers: 'header' };

/** `/body/role` or `.body.role` → `{ location: 'body', path: '/role' }`. */
function toFieldError(entry: { path?: string; message?: string }): FieldError {
  const segments = (entry.path ?? '').split(/[/.]/).filter(Boolean);
  const location = LOCATIONS[segments[0] ?? ''] ?? 'body';
  const rest = segments.slice(1);
  return { location, ...(rest.length > 0 ? { path: `/${rest.join('/')}` } : {}), message: entry.message ?? 'is invalid' };
}
