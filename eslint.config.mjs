// ESLint for the whole tree: typescript-eslint's recommended rules everywhere, and a few type-aware rules
// for the TypeScript code (the services, libs, tests, bench and console), each kept because it found real
// mistakes here (unawaited promises above all: a lost rejection in a NATS handler or a job is silent).
// Style is Prettier's (.prettierrc): eslint-config-prettier switches off every rule that would fight it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TS = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
const JS = ['**/*.js', '**/*.mjs', '**/*.cjs'];

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', '.data/', '.run/', 'bench/results/'] },
  // A disable comment that no longer silences anything is an error: the reason it gives is stale.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },

  js.configs.recommended,
  ...tseslint.configs.recommended,

  // Plain JavaScript: the scripts, the jest/webpack configs, examples. No type information.
  {
    files: JS,
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    // globalReturn: the module's own scope, as Node wraps it, so `const crypto = require(…)` shadows no global.
    languageOptions: { sourceType: 'commonjs', parserOptions: { ecmaFeatures: { globalReturn: true } } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  // TypeScript, with types: the project service finds each file's tsconfig (tsconfig.json, or
  // apps/console/tsconfig.json for the console).
  {
    files: TS,
    languageOptions: {
      parserOptions: {
        projectService: {
          // The console's specs run under jest, outside both programs (the console's tsconfig leaves them out).
          allowDefaultProject: ['apps/console/src/*/*.spec.ts'],
          defaultProject: 'tsconfig.json',
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // An async function where a callback's return is ignored (EventEmitter.on, forEach, setInterval …)
      // loses its rejection. Not for JSX attributes: the console's async handlers catch their own errors
      // and show them (ErrorBox), so `onClick={save}` is the idiom there, not a dropped promise.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      // `return promise` inside try/catch/finally leaves the rejection to the caller, past the catch.
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      // Off: what it finds here is the `any` that TypeORM's raw query() returns (rows mapped to views)
      // and the JSON bodies tests and benchmarks read loosely; typing those is a refactor, not a fix.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          caughtErrors: 'none',
          ignoreRestSiblings: true,
        },
      ],
    },
  },

  {
    files: ['apps/console/**/*.ts', 'apps/console/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },

  prettier,
);
