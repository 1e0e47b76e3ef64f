import express, { type Express, type RequestHandler, type Router } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import helmet from 'helmet';
import { problemErrorHandler } from './error-handler.js';
import { openApiDocument } from './generated/openapi-document.js';
import { refuseUnrepresentableNumbers } from './json-reviver.js';
import type { Logger } from './logger.js';
import { ProblemError } from './problem.js';
import { requestContext } from './request-context.js';
import { requestSpans } from './request-span.js';
import { HELMET_OPTIONS } from './security-headers.js';
import { tracingEnabled } from './tracing.js';

export interface AppOptions {
  readonly logger: Logger;
  /** Check each response against openapi.yaml; a mismatch is logged and answered with 500. */
  readonly validateResponses: boolean;
  readonly maxBodyBytes: number;
  /** Handlers for the operations this process serves; every request reaching them has passed validation. */
  readonly routes: (router: Router) => void;
  /** Pages outside the API (Swagger UI, the spec itself), mounted before validation. */
  readonly pages?: (app: Express) => void;
  /** Runs before the body is read, after the pages: e.g. admission against a memory budget. */
  readonly admission?: RequestHandler;
  /** Added to every response, e.g. `x-served-by`, so a caller can tell which handler answered. */
  readonly responseHeaders?: Readonly<Record<string, string>>;
}

/**
 * Builds the Express app both handlers run: security headers, request ids and logs, the JSON
 * body limit, request and response validation against openapi.yaml (the same validator and
 * options in each handler), and the one problem+json error mapping. Never listens.
 */
export function createApp(options: AppOptions): Express {
  const app = express();
  // As ALB listener rules and WAF match paths: `/picus/LIST` and `/picus/list/` are not `/picus/list`.
  // Set before the first app.use, which creates the app's router with these settings.
  app.enable('case sensitive routing');
  app.enable('strict routing');
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  // Only while tracing is on: with it off, no tracing code runs on a request's path.
  if (tracingEnabled()) app.use(requestSpans());
  app.use(helmet(HELMET_OPTIONS));
  app.use(requestContext(options.logger, options.responseHeaders ?? {}));
  options.pages?.(app);
  if (options.admission) app.use(options.admission);

  app.use(express.json({ limit: options.maxBodyBytes, type: 'application/json', reviver: refuseUnrepresentableNumbers }));
  app.use(
    OpenApiValidator.middleware({
      // The validator rewrites the document it is given; keep the shared one pristine.
      apiSpec: structuredClone(openApiDocument),
      // No coercion: a body's `role: 7` must fail, not become "7". Query and path parameters are still parsed by type.
      validateRequests: { allowUnknownQueryParameters: false, coerceTypes: false },
      validateResponses: options.validateResponses ? { removeAdditional: false } : false,
      validateFormats: true,
      validateApiSpec: false,
      // Neither is in the spec; switched off, their middlewares leave the per-request path.
      validateSecurity: false,
      fileUploader: false,
    }),
  );

  // A Router does not inherit the app's settings: it takes its own.
  const router = express.Router({ caseSensitive: true, strict: true });
  options.routes(router);
  app.use(router);

  app.use(() => {
    throw new ProblemError('notFound', 'No route matches this request.');
  });
  app.use(problemErrorHandler({ maxBodyBytes: options.maxBodyBytes }));
  return app;
}
