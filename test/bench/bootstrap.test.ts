import { describe, expect, test } from 'vitest';
import { bootstrapIntervals, completePairs } from '../../src/bench/bootstrap.js';
import { intervalHalfWidth } from '../../src/bench/interval-width.js';
import { SideSample } from '../../src/bench/side-figures.js';
import { Histogram } from '../../src/util/histogram.js';
import { syntheticBench, window } from './synthetic-windows.js';

const includesOne = (interval: readonly [number, number] | null) => interval !== null && interval[0] <= 1 && interval[1] >= 1;

describe('paired bootstrap over windows', () => {
  test('is deterministic for a seed, and the seed matters', () => {
    const windows = syntheticBench({ seed: 7, pairs: 6, perWindow: 500 });
    const a = bootstrapIntervals(windows, 42);
    expect(bootstrapIntervals(windows, 42)).toEqual(a);
    expect(bootstrapIntervals(windows, 43)).not.toEqual(a);
  });

  test('calibrated: over 100 benches of identical sides, each figure interval includes 1× about 95% of the time', () => {
    const names = ['p50', 'p90', 'p99', 'rate', 'cpuPer1k'] as const;
    const covered = Object.fromEntries(names.map((n) => [n, 0])) as Record<(typeof names)[number], number>;
    for (let seed = 101; seed <= 200; seed++) {
      const intervals = bootstrapIntervals(syntheticBench({ seed, pairs: 6, perWindow: 300 }), seed * 7_919 + 13, 500);
      for (const name of names) if (includesOne(intervals[name])) covered[name]++;
    }
    // 95% nominal: 90 of 100 is three standard errors below, a percentile interval of six pairs
    // (the range of their ratios at most) would sit near it.
    for (const name of names) expect(covered[name], name).toBeGreaterThanOrEqual(90);
  });

  test('a candidate 1.5× slower and half the CPU: every interval excludes 1×, and nearly all contain the true ratio', () => {
    let containTruth = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const intervals = bootstrapIntervals(syntheticBench({ seed, pairs: 6, perWindow: 1_000, candidateFactor: 1.5, cpuFactor: 0.5 }), seed * 7_919 + 13);
      for (const name of ['p50', 'p90', 'p99'] as const) {
        const [low, high] = intervals[name] ?? [NaN, NaN];
        expect(low, `${name}, seed ${seed}`).toBeGreaterThan(1);
        if (low <= 1.5 && high >= 1.5) containTruth++;
      }
      const [cpuLow, cpuHigh] = intervals.cpuPer1k ?? [NaN, NaN];
      expect(cpuHigh).toBeLessThan(1);
      if (cpuLow <= 0.5 && cpuHigh >= 0.5) containTruth++;
    }
    expect(containTruth).toBeGreaterThanOrEqual(36);
  });

  test('fewer than 2 complete pairs give no interval', () => {
    const one = syntheticBench({ seed: 3, pairs: 1, perWindow: 200 });
    expect(bootstrapIntervals(one, 1).p99).toBeNull();
    // A second pair cut short by Ctrl-C (legacy only) is not a pair.
    const cut = [...one, window({ side: 'legacy', pair: 1, latencies: [1_000, 2_000] })];
    expect(completePairs(cut)).toEqual([0]);
    expect(bootstrapIntervals(cut, 1).p50).toBeNull();
  });

  test('no CPU interval when no process was measured', () => {
    const windows = syntheticBench({ seed: 3, pairs: 4, perWindow: 200 }).map((w) => ({ ...w, usage: null }));
    const intervals = bootstrapIntervals(windows, 1);
    expect(intervals.cpuPer1k).toBeNull();
    expect(intervals.rssPeakBytes).toBeNull();
    expect(intervals.p50).not.toBeNull();
  });

  test('2,000 resamples of 10 pairs take well under a second', () => {
    const windows = syntheticBench({ seed: 5, pairs: 10, perWindow: 5_000 });
    const started = performance.now();
    bootstrapIntervals(windows, 1);
    // Generous: a busy shared machine; the point is no per-resample Map merge or sort.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('side figures', () => {
  test('with every window once, the percentiles are those of the merged histogram', () => {
    const windows = syntheticBench({ seed: 11, pairs: 3, perWindow: 700 }).filter((w) => w.side === 'legacy');
    const merged = new Histogram();
    for (const w of windows) merged.merge(w.load.latency);
    const figures = new SideSample(windows).all();
    expect(figures.p50).toBe(merged.percentile(50));
    expect(figures.p90).toBe(merged.percentile(90));
    expect(figures.p99).toBe(merged.percentile(99));
    expect(figures.p999).toBe(merged.percentile(99.9));
    expect(figures.max).toBe(merged.max);
  });

  test('CPU per 1k, rate and RSS peak from the windows that have them', () => {
    const a = window({ side: 'legacy', pair: 0, latencies: Array(500).fill(1_000), durationMs: 1_000, usage: { cpuSeconds: 0.5, rssStartBytes: 10e6, rssPeakBytes: 30e6 } });
    const b = window({ side: 'legacy', pair: 1, latencies: Array(1_500).fill(1_000), durationMs: 1_000, usage: null });
    const figures = new SideSample([a, b]).all();
    expect(figures.rate).toBe(1_000);
    expect(figures.cpuPer1k).toBe(1);
    expect(figures.rssPeakBytes).toBe(30e6);
  });
});

describe('interval width', () => {
  test('the half-width widens with few pairs and tends to 1.96 standard errors', () => {
    expect(intervalHalfWidth(1)).toBe(Infinity);
    expect(intervalHalfWidth(2)).toBeCloseTo(17.97, 1);
    expect(intervalHalfWidth(6)).toBeCloseTo(2.817, 2);
    expect(intervalHalfWidth(10_000)).toBeCloseTo(1.96, 2);
  });
});
