import type { PerformanceMutation } from './performance-mutation.js';

/** One request in 50 (2%): past the p99, so p99, p99.9 and max move while p50 and p90 stay. */
export const SLOW_EVERY = 50;
export const SLOW_HOLD_MS = 6;

export const slowTail = {
  name: 'slow-tail',
  description: `every ${SLOW_EVERY}th answer (2%) is held back ${SLOW_HOLD_MS} ms`,
  serving: () => {
    // A counter, not a random draw: the same run slows the same requests, and exactly 2% of them.
    let requests = 0;
    return { onRequest: () => (++requests % SLOW_EVERY === 0 ? SLOW_HOLD_MS : 0) };
  },
} satisfies PerformanceMutation;
