import { pbkdf2Sync } from 'node:crypto';
import type { PerformanceMutation } from './performance-mutation.js';

/** About 0.4 ms of one core per request on a 2020s server: a fixed amount of work, not a sleep. */
export const CPU_HEAVY_ROUNDS = 800;

export const cpuHeavy = {
  name: 'cpu-heavy',
  description: `hashes ${CPU_HEAVY_ROUNDS} rounds of PBKDF2 per request (~0.4 ms of CPU)`,
  serving: () => ({
    onRequest: () => {
      pbkdf2Sync('parity', 'cpu-heavy', CPU_HEAVY_ROUNDS, 32, 'sha256');
      return 0;
    },
  }),
} satisfies PerformanceMutation;
