import { join } from 'node:path';
import { DEFAULT_SEED } from '../traffic/traffic-defaults.js';
import type { MutationName } from '../validator/index.js';

// A module of its own so `parity demo --help` shows these without loading the servers.
export const DEMO_DEFAULTS = {
  count: 5_000,
  seed: DEFAULT_SEED,
  /** A bug that lets money leave: approvals do not reserve funds, so overdrafts are approved. */
  mutation: 'hold-not-placed' satisfies MutationName as MutationName,
  capture: join('captures', 'demo.db'),
  out: join('reports', 'demo'),
  /**
   * The scorecard's bench: each validator in a process of its own, 4 pairs of 0.75 s windows at
   * 300 req/s after 0.5 s of warm-up, about 8 s in all: enough for an interval, short for a demo.
   */
  bench: { perSecond: 300, windowMs: 750, pairs: 4, warmupMs: 500 },
} as const;
