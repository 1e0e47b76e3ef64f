#!/usr/bin/env node
// Generates, from openapi.yaml, the committed files every handler and client builds on:
//   core/src/generated/openapi-types.ts     TypeScript types (openapi-typescript)
//   core/src/generated/openapi-document.ts  the spec as a module, so bundles carry it
//   delete-fn/src/generated/*.ts            the DELETE Lambda's validators, compiled (scripts/generate-lambda-validation.mjs)
// `--check` writes nothing and fails when the committed files differ from what the spec gives.
import openapiTS, { astToString } from 'openapi-typescript';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { renderLambdaValidation } from './generate-lambda-validation.mjs';

const root = resolve(import.meta.dirname, '..');
const specPath = resolve(root, 'openapi.yaml');
const header = '// Generated from openapi.yaml by `npm run generate`. Do not edit; a test fails when it drifts.\n';

export async function renderGeneratedFiles() {
  const specText = readFileSync(specPath, 'utf8');
  const document = parse(specText);
  const types = header + astToString(await openapiTS(structuredClone(document), { exportType: true }));
  const documentModule =
    header +
    "import type { OpenAPIV3 } from 'express-openapi-validator/dist/framework/types.js';\n\n" +
    `/** The OpenAPI document, parsed from openapi.yaml. Treat as read-only; clone before handing it to code that mutates. */\n` +
    `export const openApiDocument = ${JSON.stringify(document, null, 2)} as unknown as OpenAPIV3.DocumentV3;\n`;
  const lambda = renderLambdaValidation(structuredClone(document), header);
  return {
    [resolve(root, 'delete-fn/src/generated/request-validators.ts')]: lambda.requests,
    [resolve(root, 'delete-fn/src/generated/response-validators.ts')]: lambda.responses,
    [resolve(root, 'core/src/generated/openapi-types.ts')]: types,
    [resolve(root, 'core/src/generated/openapi-document.ts')]: documentModule,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = await renderGeneratedFiles();
  const check = process.argv.includes('--check');
  let drifted = false;
  for (const [path, text] of Object.entries(files)) {
    if (check) {
      let current = '';
      try {
        current = readFileSync(path, 'utf8');
      } catch {
        /* missing counts as drift */
      }
      if (current !== text) {
        drifted = true;
        console.error(`drift: ${path} differs from openapi.yaml; run \`npm run generate\``);
      }
    } else {
      writeFileSync(path, text);
      console.log(`wrote ${path}`);
    }
  }
  process.exit(drifted ? 1 : 0);
}
