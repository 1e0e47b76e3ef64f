// Lint the whole workspace with one config so every package follows the same rules.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/cdk.out/**',
      '**/.data/**',
      'core/src/generated/**',
      'delete-fn/src/generated/**',
      'contracts/pacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': true, 'ts-expect-error': 'allow-with-description' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'it', property: 'only', message: 'Focused tests must not be committed.' },
        { object: 'describe', property: 'only', message: 'Focused tests must not be committed.' },
        { object: 'test', property: 'only', message: 'Focused tests must not be committed.' },
      ],
    },
  },
  // The wall between product and platform: the handlers and what they share import nothing of the local
  // stack, the test kit or the bench (their tests may use the test kit).
  {
    files: ['core/src/**/*.ts', 'api/src/**/*.ts', 'delete-fn/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...['node:http', 'http'].map((name) => ({
              name,
              allowTypeImports: true,
              message: 'Use nodeHttp from core/src/node-http.ts: an ESM import of node:http loads undici (~20 ms of every cold start).',
            })),
          ],
          patterns: [
            {
              group: ['@picus/local', '@picus/local/*', '**/infra/local', '**/infra/local/**'],
              message: 'Product code (core, api, delete-fn) must not import the local platform (infra/local).',
            },
            {
              group: ['@picus/testkit', '@picus/testkit/*', '**/testkit', '**/testkit/**'],
              message: 'Product code must not import the test kit; tests may.',
            },
            { group: ['@picus/bench', '@picus/bench/*', '**/bench', '**/bench/**'], message: 'Product code must not import the bench.' },
          ],
        },
      ],
    },
  },
  // The console's page: plain browser modules, served as they are (no build step).
  { files: ['infra/local/console/ui/**/*.js'], languageOptions: { globals: { ...globals.browser }, sourceType: 'module' } },
);
