import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import packageBoundaries from './eslint-rules/package-boundaries.js';
import sqlInRepositories from './eslint-rules/sql-in-repositories.js';
import routesCallServices from './eslint-rules/routes-call-services.js';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', '.artifacts/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Closed packages: named entry points only, no reaching into another package's files, one direction.
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs'],
    plugins: { camwatch: { rules: { 'package-boundaries': packageBoundaries } } },
    rules: { 'camwatch/package-boundaries': 'error' },
  },
  {
    // In the hub only a repository speaks SQL (db/ holds the adapters and migrations), and routes call services.
    files: ['hub/src/**/*.ts'],
    plugins: { hub: { rules: { 'sql-in-repositories': sqlInRepositories, 'routes-call-services': routesCallServices } } },
    rules: { 'hub/sql-in-repositories': 'error', 'hub/routes-call-services': 'error' },
  },
);
