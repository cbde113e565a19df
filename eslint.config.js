import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/**
 * The architecture as tags: apps on top, features use each other only through index.ts, data access
 * and utilities never reach up. Tests (only) may also use the testing lib.
 */
const boundaries = (inTests) => {
  const testing = inTests ? ['type:testing'] : [];
  return {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: [
      {
        sourceTag: 'type:app',
        onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util', ...testing],
      },
      {
        sourceTag: 'type:e2e',
        onlyDependOnLibsWithTags: [
          'type:app',
          'type:feature',
          'type:data-access',
          'type:util',
          'type:testing',
        ],
      },
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:data-access', 'type:util'] },
      {
        sourceTag: 'type:feature',
        onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util', ...testing],
      },
      {
        sourceTag: 'type:data-access',
        onlyDependOnLibsWithTags: ['type:data-access', 'type:util', ...testing],
      },
      { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
    ],
  };
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      '.data/**',
      '.nx/**',
      'bench-results/**',
      'test-artifacts/**',
      'apps/console/dist/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { plugins: { '@nx': nx } },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries(false)],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name=/^(only|skip)$/]',
          message: 'Focused or skipped tests do not land.',
        },
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        {
          selector: 'Property[key.name="maxDecimalPlaces"]',
          message:
            "class-validator's maxDecimalPlaces throws on values like 1e-7: use IsDecimal or IsMoney from @service-desk/core.",
        },
      ],
    },
  },
  {
    // Configuration is read in one place.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['libs/core/src/config.ts', '**/*.spec.ts', '**/*.int-spec.ts', 'libs/testing/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through config() in @service-desk/core.',
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'libs/testing/**/*.ts', '**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@nx/enforce-module-boundaries': ['error', boundaries(true)],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        globalThis: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
      },
    },
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // The web console's build configuration: Vite wants a default export and reads the dev proxy target.
    files: ['apps/console/vite.config.ts'],
    rules: { 'no-restricted-syntax': 'off', 'no-restricted-properties': 'off' },
  },
  {
    files: ['apps/console/src/**/*.test.{ts,tsx}'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  prettier,
);
