import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          globalSetup: ['test/helpers/provide-sample-report.ts'],
          exclude: ['test/e2e/**'],
          // Many of these run real servers and SQLite files; on a loaded 2-core CI machine the 5 s
          // default failed tests that take 1-2 s when the machine is idle.
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
