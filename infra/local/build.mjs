#!/usr/bin/env node
// Bundles each process entry of the local stack into dist/, named after the service it runs
// (router, delete-fn, dynamodb) or the job it does; the stack starts these bundles.
import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';

const ENTRIES = {
  router: 'alb/main.ts',
  'delete-fn': 'lambda/main.ts',
  dynamodb: 'dynamodb/main.ts',
  'table-bootstrap': 'dynamodb/table-bootstrap-main.ts',
  'stack-cli': 'stack/cli.ts',
  'quick-try': 'stack/quick-try.ts',
  'child-preload': 'process/child-preload.ts',
  supervisor: 'supervisor/supervisor-main.ts',
  console: 'console/main.ts',
  token: 'auth/token-main.ts',
  auth: 'auth/verifier-main.ts',
};

for (const [name, entry] of Object.entries(ENTRIES)) {
  execFileSync(process.execPath, ['../../scripts/bundle.mjs', entry, `dist/${name}.js`], { stdio: 'inherit', cwd: import.meta.dirname });
}

// The console's page (plain HTML, JS and CSS, no build step) is served from next to its bundle.
cpSync(new URL('console/ui/', import.meta.url), new URL('dist/console-ui/', import.meta.url), { recursive: true });
