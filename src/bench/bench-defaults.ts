import type { Pace } from './model.js';

/**
 * What `parity bench` does when not told otherwise. Windows of 5 s alternate between the sides
 * so a shared machine's drift lands on both; 30 s per side gives six pairs, enough for a
 * bootstrap interval, in about a minute and a half with the warm-ups.
 */
export const BENCH_DEFAULTS = {
  pace: { kind: 'rate', perSecond: 500 } as Pace,
  durationMs: 30_000,
  windowMs: 5_000,
  warmupMs: 5_000,
  connections: 64,
  timeoutMs: 10_000,
  seed: 1,
  /** `--find-max`: the p99 a sustainable rate keeps, the first rate tried and the step up. */
  sloP99Ms: 50,
  findMaxStartRate: 100,
  findMaxFactor: 1.25,
  /** A rate is held when at least this share of the offered requests were answered in the window. */
  heldShare: 0.95,
} as const;
