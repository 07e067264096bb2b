import { BENCH_DEFAULTS } from './bench-defaults.js';
import { MIN_SENT_SHARE } from './trust.js';
import type { FindMaxStep, LoadResult, SideName } from './model.js';
import type { Bench } from './bench.js';
import { Histogram } from '../util/histogram.js';

/**
 * Past this share of sends over 1 ms late the harness, not the side, set the pace: the ramp stops
 * there. Looser than the trust check's 1%: a ramp asks whether the rate was offered at all, and a
 * scheduler's jitter of a millisecond or two (bench/README.md, "Load engine") does not change that.
 */
const HARNESS_LATE_SHARE = 0.1;
// A ramp that never fails would run forever against a fast service on a fast machine.
const MAX_STEPS = 40;

export interface FindMaxResult {
  readonly sloP99Us: number;
  readonly steps: readonly FindMaxStep[];
  /** Set when the ramp stopped because the harness could not send faster. */
  readonly harnessLimit: number | null;
}

/**
 * Raises the rate by BENCH_DEFAULTS.findMaxFactor a window at a time, on both sides in turn,
 * until each side fails the SLO (p99 past it, an error, or under the held share of the offered
 * rate answered). A side that failed is not loaded again; its peak is the last rate it held.
 */
export async function findMaxRates(bench: Bench, options: { readonly sloP99Us: number; readonly startRate: number }): Promise<FindMaxResult> {
  const steps: FindMaxStep[] = [];
  const holding = new Set<SideName>(['legacy', 'candidate']);
  let harnessLimit: number | null = null;
  let rate = options.startRate;
  for (let i = 0; i < MAX_STEPS && holding.size > 0 && !bench.aborted; i++, rate = Math.round(rate * BENCH_DEFAULTS.findMaxFactor)) {
    const order: SideName[] = i % 2 === 0 ? ['legacy', 'candidate'] : ['candidate', 'legacy'];
    const sides: Partial<Record<SideName, FindMaxStep['sides'][SideName]>> = {};
    for (const side of order) {
      if (!holding.has(side) || bench.aborted) continue;
      const { load } = await bench.window(side, { kind: 'rate', perSecond: rate }, bench.settings.windowMs);
      const result = judge(load, rate, options.sloP99Us);
      sides[side] = result;
      if (!result.held) holding.delete(side);
      if (load.harness.lateShare > HARNESS_LATE_SHARE || load.sent < load.scheduled * MIN_SENT_SHARE) harnessLimit = rate;
    }
    steps.push({ rate, sides: { legacy: sides.legacy ?? notTried, candidate: sides.candidate ?? notTried } });
    if (harnessLimit !== null) break;
  }
  return { sloP99Us: options.sloP99Us, steps, harnessLimit };
}

const notTried = { p99: 0, errors: 0, achievedRate: 0, held: false, tried: false } as const;

function judge(load: LoadResult, rate: number, sloP99Us: number): FindMaxStep['sides'][SideName] {
  const p99 = Histogram.from(load.latency).percentile(99);
  const achievedRate = load.completed / (load.durationMs / 1000);
  const held = p99 <= sloP99Us && load.errors === 0 && load.serverErrors === 0 && achievedRate >= rate * BENCH_DEFAULTS.heldShare;
  return { p99, errors: load.errors + load.serverErrors, achievedRate, held, tried: true };
}
