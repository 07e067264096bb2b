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
} as const;
