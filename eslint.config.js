// Lint the whole workspace with one config so every package follows the same rules.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/cdk.out/**', '**/.data/**', 'core/src/generated/**', 'delete-fn/src/generated/**', 'contracts/pacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': true, 'ts-expect-error': 'allow-with-description' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error',
        { object: 'it', property: 'only', message: 'Focused tests must not be committed.' },
        { object: 'describe', property: 'only', message: 'Focused tests must not be committed.' },
        { object: 'test', property: 'only', message: 'Focused tests must not be committed.' }],
    },
  },
  // The console's page: plain browser modules, served as they are (no build step).
  { files: ['infra/local/console/ui/**/*.js'], languageOptions: { globals: { ...globals.browser }, sourceType: 'module' } },
);
