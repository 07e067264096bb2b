import { intervalHalfWidth } from './interval-width.js';
import type { BenchWindow, SideName } from './model.js';
import { mulberry32 } from './prng.js';
import { FIGURE_NAMES, SideSample, type FigureName } from './side-figures.js';

export const DEFAULT_BOOTSTRAP_ITERATIONS = 2_000;

/**
 * A resample whose ratio cannot be formed (legacy 0, or a side unmeasured in every chosen window)
 * is dropped; past this share dropped, the survivors are not the distribution of the ratio.
 */
const MIN_VALID_SHARE = 0.5;

export type Intervals = Readonly<Record<FigureName, readonly [number, number] | null>>;

/** The pairs with a window of both sides, in pair order: only they can be resampled together. */
export function completePairs(windows: readonly BenchWindow[]): number[] {
  const sides = new Map<number, Set<SideName>>();
  for (const w of windows) sides.set(w.pair, (sides.get(w.pair) ?? new Set()).add(w.side));
  return [...sides].filter(([, s]) => s.size === 2).map(([pair]) => pair).sort((a, b) => a - b);
}

/**
 * 95% intervals of every candidate / legacy ratio, by a paired bootstrap over windows.
 *
 * The unit resampled is the pair of windows, not the request: requests of one window share the
 * machine's state (a GC, a noisy neighbour, a cache warming), so they are not independent draws,
 * and an interval from resampled requests would be far too narrow. Legacy's and candidate's window
 * of a pair ran back to back, so a pair is drawn whole: drift of a shared machine then moves both
 * sides of a resample alike and cancels out of the ratio, as it does out of the point estimate.
 * Each resample's figure is computed as the point estimate is (p99 of the merged histogram of the
 * chosen windows, Σcpu / Σcompleted, …), never as an average of per-window figures: the mean of
 * windows' p99s is not a p99.
 *
 * The interval is the ratio × exp(± k · the bootstrap's standard deviation of log ratios), k from
 * intervalHalfWidth. Not the percentile interval: with six pairs its ends are the most extreme
 * resamples, so it can never be wider than the range of the pairs' own ratios and covered 1× for
 * only about 91% of identical sides in our simulations; a t-scaled standard error has no such
 * ceiling and keeps ~95%. Deterministic for a seed.
 */
export function bootstrapIntervals(windows: readonly BenchWindow[], seed: number, iterations = DEFAULT_BOOTSTRAP_ITERATIONS): Intervals {
  const pairs = completePairs(windows);
  const none = Object.fromEntries(FIGURE_NAMES.map((name) => [name, null])) as Record<FigureName, null>;
  if (pairs.length < 2) return none;
  const inPairs = windows.filter((w) => pairs.includes(w.pair));
  const sides = (['legacy', 'candidate'] as const).map((side) => {
    const own = inPairs.filter((w) => w.side === side);
    // Which of the side's windows each pair index holds (one, unless a window was split).
    const byPair = pairs.map((pair) => own.flatMap((w, i) => (w.pair === pair ? [i] : [])));
    return { sample: new SideSample(own), byPair, weights: new Float64Array(own.length) };
  });
  const [legacy, candidate] = sides;
  if (!legacy || !candidate) return none;

  const pointLegacy = legacy.sample.all();
  const pointCandidate = candidate.sample.all();
  const pointRatios = Object.fromEntries(
    FIGURE_NAMES.map((name) => {
      const l = pointLegacy[name];
      const c = pointCandidate[name];
      return [name, l !== null && c !== null && l > 0 && c > 0 ? c / l : null];
    }),
  ) as Record<FigureName, number | null>;
  const random = mulberry32(seed);
  const ratios = Object.fromEntries(FIGURE_NAMES.map((name) => [name, new Float64Array(iterations)])) as Record<FigureName, Float64Array>;
  const valid = Object.fromEntries(FIGURE_NAMES.map((name) => [name, 0])) as Record<FigureName, number>;
  const n = pairs.length;
  for (let iteration = 0; iteration < iterations; iteration++) {
    legacy.weights.fill(0);
    candidate.weights.fill(0);
    for (let draw = 0; draw < n; draw++) {
      const pick = Math.floor(random() * n);
      for (const side of sides) for (const i of side.byPair[pick] ?? []) side.weights[i] = (side.weights[i] ?? 0) + 1;
    }
    const l = legacy.sample.figures(legacy.weights);
    const c = candidate.sample.figures(candidate.weights);
    for (const name of FIGURE_NAMES) {
      const lv = l[name];
      const cv = c[name];
      if (lv === null || cv === null || !(lv > 0) || !(cv > 0)) continue;
      (ratios[name] as Float64Array)[valid[name]++] = cv / lv;
    }
  }
  const halfWidth = intervalHalfWidth(n);
  return Object.fromEntries(
    FIGURE_NAMES.map((name) => {
      const count = valid[name];
      const point = pointRatios[name];
      if (count < iterations * MIN_VALID_SHARE || point === null) return [name, null];
      const spread = logSpread(ratios[name].subarray(0, count));
      return [name, [point * Math.exp(-halfWidth * spread), point * Math.exp(halfWidth * spread)] as const];
    }),
  ) as Intervals;
}

/** The standard deviation of the logarithms: a ratio's spread, the same for 2× and ½×. */
function logSpread(ratios: Float64Array): number {
  let sum = 0;
  for (const r of ratios) sum += Math.log(r);
  const mean = sum / ratios.length;
  let squares = 0;
  for (const r of ratios) squares += (Math.log(r) - mean) ** 2;
  return Math.sqrt(squares / Math.max(1, ratios.length - 1));
}
