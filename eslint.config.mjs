// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Type-aware linting: promises that are neither awaited nor handled are the bugs we most want caught. */
export default tseslint.config(
  { ignores: ['dist/**', 'libs/*/dist/**', 'node_modules/**', '.streamline/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Specs match the CLI's aligned output column for column; literal spaces read as that output.
      'no-regex-spaces': 'off',
    },
  },
);
