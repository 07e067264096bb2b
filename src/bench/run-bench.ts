import { ParityError } from '../core/errors.js';
import { BENCH_DEFAULTS } from './bench-defaults.js';
import { findMaxRates } from './find-max.js';
import { Bench } from './bench.js';
import type { BenchSettings, BenchWindow, Pace, PerformanceSection } from './model.js';
import { loadRequests } from './load-requests.js';
import { buildPerformanceSection } from './scorecard.js';
import { startSides, type BenchSide } from './sides.js';

export type { BenchSide } from './sides.js';

/** A bench run; every option left out takes its value from BENCH_DEFAULTS. */
export interface BenchOptions {
  readonly capture: string;
  readonly legacy: BenchSide;
  readonly candidate: BenchSide;
  readonly pace?: Pace;
  /** Measured time per side, split into windows. */
  readonly durationMs?: number;
  readonly windowMs?: number;
  /** Load each side takes, unmeasured, before its first window. */
  readonly warmupMs?: number;
  readonly connections?: number;
  readonly timeoutMs?: number;
  /** POSTed on a side before each of its windows: every window then starts from the capture's first request. */
  readonly resetPath?: string | null;
  /** Also ramp the rate on each side until its p99 passes `sloP99Ms` or errors appear. */
  readonly findMax?: { readonly sloP99Ms?: number; readonly startRate?: number } | false;
  readonly seed?: number;
  /** Ends the bench after the window in progress: the section covers what was measured. */
  readonly signal?: AbortSignal;
  /** Called after each measured window, for progress. */
  readonly onWindow?: (window: BenchWindow, done: number, total: number) => void;
  readonly onWarning?: (message: string) => void;
}

/**
 * Measures both sides with the capture's requests, one side at a time, in alternating windows:
 * legacy then candidate, then candidate then legacy, so that a drift of the machine (a neighbour,
 * thermal throttling, a cache warming) falls on both sides alike and cancels out of their ratio.
 */
export async function runBench(options: BenchOptions): Promise<PerformanceSection> {
  const settings = resolveSettings(options);
  const requests = loadRequests(options.capture);
  if (requests.requests.length === 0) throw new ParityError('BENCH_INVALID', `${options.capture} holds no request the bench can send again`, { hint: requests.skipped > 0 ? `${requests.skipped} were skipped: their bodies were cut at the recording cap` : 'record or import traffic first' });
  for (const note of requests.notes) options.onWarning?.(note);
  const sides = await startSides({ legacy: options.legacy, candidate: options.candidate });
  try {
    const full: BenchSettings = { ...settings, capture: options.capture, requests: requests.requests.length, sides: sides.describe() };
    const bench = new Bench(full, requests.requests, sides.live, options);
    const windows = await bench.measure();
    const findMax = options.findMax ? await findMaxRates(bench, { sloP99Us: (options.findMax.sloP99Ms ?? BENCH_DEFAULTS.sloP99Ms) * 1000, startRate: options.findMax.startRate ?? BENCH_DEFAULTS.findMaxStartRate }) : null;
    return buildPerformanceSection({ settings: full, windows, findMax, interrupted: options.signal?.aborted ?? false });
  } finally {
    await sides.stop();
  }
}

type ResolvedSettings = Omit<BenchSettings, 'capture' | 'requests' | 'sides'> & { readonly durationMs: number };

function resolveSettings(options: BenchOptions): ResolvedSettings {
  const pace = options.pace ?? BENCH_DEFAULTS.pace;
  const durationMs = options.durationMs ?? BENCH_DEFAULTS.durationMs;
  const windowMs = Math.min(options.windowMs ?? BENCH_DEFAULTS.windowMs, durationMs);
  const positive = { durationMs, windowMs, connections: options.connections ?? BENCH_DEFAULTS.connections, timeoutMs: options.timeoutMs ?? BENCH_DEFAULTS.timeoutMs };
  for (const [name, value] of Object.entries(positive)) if (!(value > 0) || !Number.isFinite(value)) throw new ParityError('BENCH_INVALID', `${name} must be a positive number, got ${value}`);
  const warmupMs = options.warmupMs ?? BENCH_DEFAULTS.warmupMs;
  if (!(warmupMs >= 0)) throw new ParityError('BENCH_INVALID', `warmupMs must be 0 or more, got ${warmupMs}`);
  if (pace.kind === 'rate' && !(pace.perSecond > 0)) throw new ParityError('BENCH_INVALID', `the rate must be above 0 requests per second, got ${pace.perSecond}`);
  if (pace.kind === 'recorded' && !(pace.speed > 0)) throw new ParityError('BENCH_INVALID', `the speed must be above 0, got ${pace.speed}`);
  const resetPath = options.resetPath ?? null;
  if (resetPath !== null && !resetPath.startsWith('/')) throw new ParityError('BENCH_INVALID', `the reset path must start with "/", got "${resetPath}"`);
  return { pace, durationMs, windowMs: positive.windowMs, pairs: Math.max(1, Math.round(durationMs / positive.windowMs)), warmupMs, connections: positive.connections, timeoutMs: positive.timeoutMs, resetPath, seed: options.seed ?? BENCH_DEFAULTS.seed };
}
