import { defineConfig } from 'vitest/config';

/**
 * Files whose assertions read time or machine figures (load windows, lateness, CPU and RSS from
 * /proc, the recorder's lag limit): they run after everything else, one at a time, so that no
 * other test file competes with them for the two cores. Everything else runs two files at a time:
 * those tests mostly wait on servers and SQLite, and vitest's default on two cores is one worker.
 */
const TIMING_BOUND = [
  'test/bench/load-engine.test.ts',
  'test/bench/precise-timer.test.ts',
  'test/bench/process-usage.test.ts',
  'test/bench/side-process.test.ts',
  'test/e2e/bench.e2e.test.ts',
  'test/record/faults.test.ts',
  'test/record/store-priority.test.ts',
  'test/util/thread-priority.test.ts',
  'test/validator/mutations/performance-mutations.test.ts',
];

/** Servers in tests on a loaded 2-core machine went past vitest's 5 s default in 1-2 s tests. */
const SERVER_TIMEOUTS = { testTimeout: 20_000, hookTimeout: 60_000 };
const E2E_TIMEOUTS = { testTimeout: 60_000, hookTimeout: 60_000 };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', ...TIMING_BOUND],
          globalSetup: ['test/helpers/provide-sample-report.ts'],
          // One module graph per worker rather than per file: re-importing src/ for each of ~120
          // files was a third of the project's time, and these files share no module state.
          isolate: false,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
          ...SERVER_TIMEOUTS,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          exclude: TIMING_BOUND,
          pool: 'forks',
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
          ...E2E_TIMEOUTS,
        },
      },
      {
        test: {
          name: 'timing',
          include: TIMING_BOUND,
          pool: 'forks',
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
          ...E2E_TIMEOUTS,
        },
      },
    ],
  },
});
