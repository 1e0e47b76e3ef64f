import type { Router } from 'express';
import { ProblemError, type components } from '@picus/core';

type Health = components['schemas']['Health'];

/** GET /picus/health: 200 while serving, 503 once the process has begun to drain. */
export function healthRoutes(router: Router, deps: { isDraining: () => boolean }): void {
  router.get('/picus/health', (_req, res) => {
    if (deps.isDraining()) {
      throw new ProblemError('serviceUnavailable', 'The service is shutting down.', { headers: { 'Retry-After': '1' } });
    }
    const body: Health = { status: 'ok', message: 'Picus-API alive' };
    res.json(body);
  });
}
