import { defineConfig } from 'vitest/config';

// Four projects, one command (`npm test`): unit (pure modules), integration (real processes, sockets and
// files against the vLLM emulator), timing (client timing accuracy, last and alone), e2e (the built renderer
// in Chromium through the headless host).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 15_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // host-lifecycle runs the built headless host as a process of its own
          globalSetup: ['test/e2e/support/build-once.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'timing',
          include: ['test/timing/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          // After every other project: timings taken while the rest of the suite loads both cores would measure
          // the machine, not the client.
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/support/build-once.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One browser at a time: the CI machine has two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
