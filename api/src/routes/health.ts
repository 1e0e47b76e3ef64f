import type { Express, Router } from 'express';
import { HEALTH_CHECK_PATH, ProblemError, type components } from '@picus/core';

type Health = components['schemas']['Health'];

const HEALTHY: Health = { status: 'ok', message: 'Picus-API alive' };
const HEALTHY_BODY = JSON.stringify(HEALTHY);

/** GET /picus/health: 200 while serving, 503 once the process has begun to drain. */
export function healthRoutes(router: Router, deps: { isDraining: () => boolean }): void {
  router.get(HEALTH_CHECK_PATH, (_req, res) => {
    if (deps.isDraining()) {
      throw new ProblemError('serviceUnavailable', 'The service is shutting down.', { headers: { 'Retry-After': '1' } });
    }
    res.json(HEALTHY);
  });
}

/**
 * The plain health check (`GET /picus/health`, no query, not draining), answered before body
 * parsing and OpenAPI validation. It is the most frequent request an api task gets (ALB health
 * checks, monitors) and its answer is a constant, typed from the spec: validating a constant on
 * every call cost more than the rest of the request. Request ids, the access log and the security
 * headers still apply (they run before it). Anything else (a query string, draining) falls
 * through to {@link healthRoutes}, so every answer stays the validated one.
 */
export function healthFastPath(app: Express, deps: { isDraining: () => boolean }): void {
  app.get(HEALTH_CHECK_PATH, (req, res, next) => {
    if (req.url !== HEALTH_CHECK_PATH || deps.isDraining()) return next();
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(HEALTHY_BODY);
  });
}
