import { defineConfig } from 'vitest/config';

// Benchmarks are not tests: they run only through `npm run bench`, one file at a time, with long timeouts.
export default defineConfig({
  test: {
    include: ['test/bench/**/*.bench.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
