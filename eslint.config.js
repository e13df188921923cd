// Lint rules, including the architecture's boundaries (design §2): services, shared and host never import
// electron; shared imports neither Node nor the DOM.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'assert', 'buffer', 'child_process', 'crypto', 'dns', 'events', 'fs', 'fs/promises', 'http', 'https', 'net', 'os',
  'path', 'process', 'readline', 'stream', 'string_decoder', 'timers', 'tls', 'url', 'util', 'worker_threads', 'zlib',
];

const noElectron = {
  name: 'electron',
  message: 'electron/services, electron/shared and electron/host are plain Node modules: pass what you need in from electron/main instead.',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.tsbuild/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['electron/**/*.{ts,cjs}', 'test/**/*.{ts,mjs,js}', '*.config.{ts,js}', 'test/fixtures/bin/*'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The watchdog's program runs as `node -e`, where CommonJS require is the way to load builtins.
    files: ['electron/**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['electron/services/**', 'electron/host/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [{ group: ['electron/*'], message: noElectron.message }] }],
    },
  },
  {
    files: ['electron/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...NODE_BUILTINS.map((name) => ({ name, message: 'electron/shared is pure: no Node modules.' }))],
          patterns: [
            { group: ['node:*'], message: 'electron/shared is pure: no Node modules.' },
            { group: ['electron/*'], message: noElectron.message },
            { group: ['**/services/**', '**/host/**', '**/main/**', '**/preload/**', '**/renderer/**'], message: 'electron/shared depends on nothing else in the app.' },
          ],
        },
      ],
    },
  },
  {
    // The DOM is not in shared's tsconfig either (lib ES2023 only); this catches browser globals in plain JS use.
    files: ['electron/shared/**'],
    languageOptions: { globals: {} },
    rules: { 'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'require'] },
  },
);
