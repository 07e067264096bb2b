import type { BenchWindow } from './model.js';

/** The figures of one side over a weighted set of its windows. Latencies in µs. */
export interface SideFigures {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  /** Answers per second: completed over wall time. */
  readonly rate: number;
  /** CPU seconds per 1,000 answers, over the windows whose process was measured; null when none was. */
  readonly cpuPer1k: number | null;
  readonly rssPeakBytes: number | null;
}

export type FigureName = keyof SideFigures;
export const FIGURE_NAMES: readonly FigureName[] = ['p50', 'p90', 'p99', 'p999', 'max', 'rate', 'cpuPer1k', 'rssPeakBytes'];

const PERCENTILES = [['p50', 50], ['p90', 90], ['p99', 99], ['p999', 99.9]] as const;

/**
 * One side's windows laid out for fast re-weighting: every window's histogram as dense counts over
 * the buckets any window of the side used, so that the merged histogram of any multiset of windows
 * is a weighted sum of arrays, and its percentiles one cumulative walk. The bootstrap asks for
 * thousands of such merges; Histogram.merge on Maps would cost a sort and a map per merge.
 * Percentiles follow Histogram.percentile exactly (nearest rank, bucket midpoint clamped to the
 * exact min and max), so a figure with every weight 1 is the merged histogram's.
 */
export class SideSample {
  readonly size: number;
  readonly #bucketValue: Float64Array;
  /** size × buckets counts, window-major. */
  readonly #counts: Float64Array;
  readonly #windows: readonly BenchWindow[];
  readonly #merged: Float64Array;

  constructor(windows: readonly BenchWindow[]) {
    this.#windows = windows;
    this.size = windows.length;
    const ids = [...new Set(windows.flatMap((w) => w.load.latency.buckets.map(([bucket]) => bucket)))].sort((a, b) => a - b);
    const index = new Map(ids.map((id, i) => [id, i]));
    const growth = windows[0]?.load.latency.growth ?? 1.01;
    if (windows.some((w) => w.load.latency.growth !== growth)) throw new Error('windows measured with histograms of different growth cannot be merged');
    this.#bucketValue = Float64Array.from(ids, (id) => growth ** (id + 0.5));
    this.#counts = new Float64Array(windows.length * ids.length);
    windows.forEach((w, i) => {
      for (const [bucket, n] of w.load.latency.buckets) {
        const at = i * ids.length + (index.get(bucket) ?? 0);
        this.#counts[at] = (this.#counts[at] ?? 0) + n;
      }
    });
    this.#merged = new Float64Array(ids.length);
  }

  /** The figures of the windows, window i counted weights[i] times (0: left out). */
  figures(weights: ArrayLike<number>): SideFigures {
    const buckets = this.#bucketValue.length;
    const merged = this.#merged;
    merged.fill(0);
    let count = 0;
    let min = Infinity;
    let max = 0;
    let completed = 0;
    let seconds = 0;
    let cpu = 0;
    let completedMeasured = 0;
    let rss: number | null = null;
    for (let i = 0; i < this.size; i++) {
      const weight = weights[i] ?? 0;
      const w = this.#windows[i];
      if (weight === 0 || !w) continue;
      const h = w.load.latency;
      if (h.count > 0) {
        const base = i * buckets;
        for (let b = 0; b < buckets; b++) merged[b] = (merged[b] ?? 0) + weight * (this.#counts[base + b] ?? 0);
        count += weight * h.count;
        min = Math.min(min, h.min);
        max = Math.max(max, h.max);
      }
      completed += weight * w.load.completed;
      seconds += (weight * w.load.durationMs) / 1000;
      if (w.usage) {
        cpu += weight * w.usage.cpuSeconds;
        completedMeasured += weight * w.load.completed;
        rss = Math.max(rss ?? 0, w.usage.rssPeakBytes);
      }
    }
    const latency = { p50: 0, p90: 0, p99: 0, p999: 0 };
    if (count > 0) {
      let seen = 0;
      let next = 0;
      for (let b = 0; b < buckets && next < PERCENTILES.length; b++) {
        seen += merged[b] ?? 0;
        while (next < PERCENTILES.length) {
          const [name, p] = PERCENTILES[next] ?? PERCENTILES[0];
          if (seen < Math.max(1, Math.ceil((p / 100) * count))) break;
          latency[name] = Math.min(max, Math.max(min, this.#bucketValue[b] ?? 0));
          next++;
        }
      }
    }
    return {
      ...latency,
      max: count > 0 ? max : 0,
      rate: seconds > 0 ? completed / seconds : 0,
      cpuPer1k: completedMeasured > 0 ? (cpu / completedMeasured) * 1000 : null,
      rssPeakBytes: rss,
    };
  }

  /** Every window once: the side's figures. */
  all(): SideFigures {
    return this.figures(new Float64Array(this.size).fill(1));
  }
}
