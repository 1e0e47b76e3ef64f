import type { Express } from 'express';
import swaggerUi from 'swagger-ui-express';
import { openApiDocument } from '@picus/core';
import { stringify } from 'yaml';

/**
 * Swagger UI at /docs, the spec at /openapi.json and /openapi.yaml. "Try it out" calls the
 * server in the spec (`/`), i.e. the router the page came through, so DELETE reaches the Lambda.
 */
export function docsPages(app: Express): void {
  const specYaml = stringify(openApiDocument);
  app.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });
  app.get('/openapi.yaml', (_req, res) => {
    res.type('application/yaml').send(specYaml);
  });
  app.use(
    '/docs',
    swaggerUi.serveFiles(openApiDocument),
    swaggerUi.setup(openApiDocument, {
      customSiteTitle: 'Picus items API',
      swaggerOptions: { tryItOutEnabled: true, displayRequestDuration: true },
    }),
  );
}
