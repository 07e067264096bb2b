import { describe, expect, test } from 'vitest';
import type { FindMaxStep } from '../../src/bench/model.js';
import { buildPerformanceSection } from '../../src/bench/scorecard.js';
import { Histogram } from '../../src/util/histogram.js';
import { SETTINGS, syntheticBench, window } from './synthetic-windows.js';

const ms = (n: number) => n * 1000;

describe('buildPerformanceSection', () => {
  // Two pairs, known latencies: legacy answers in 10 ms (a tail at 50), candidate in 5 ms (tail 20).
  const legacyA = Array.from({ length: 100 }, (_, i) => (i < 98 ? ms(10) : ms(50)));
  const candidateA = Array.from({ length: 100 }, (_, i) => (i < 98 ? ms(5) : ms(20)));
  const windows = [
    window({ side: 'legacy', pair: 0, latencies: legacyA, durationMs: 2_000, usage: { cpuSeconds: 0.2, rssStartBytes: 50e6, rssPeakBytes: 80e6 }, errors: 2 }),
    window({ side: 'candidate', pair: 0, latencies: candidateA, durationMs: 2_000, usage: { cpuSeconds: 0.05, rssStartBytes: 10e6, rssPeakBytes: 20e6 }, serverErrors: 1 }),
    window({ side: 'candidate', pair: 1, latencies: candidateA, durationMs: 2_000, usage: { cpuSeconds: 0.05, rssStartBytes: 12e6, rssPeakBytes: 22e6 } }),
    window({ side: 'legacy', pair: 1, latencies: legacyA, durationMs: 2_000, usage: { cpuSeconds: 0.2, rssStartBytes: 60e6, rssPeakBytes: 90e6 } }),
  ];
  const steps: FindMaxStep[] = [100, 200, 400].map((rate) => ({
    rate,
    sides: {
      legacy: { p99: ms(10), errors: 0, achievedRate: rate, held: rate <= 200, tried: rate <= 400 },
      candidate: { p99: ms(3), errors: 0, achievedRate: rate, held: true, tried: true },
    },
  }));
  const section = buildPerformanceSection({ settings: SETTINGS, windows, findMax: { sloP99Us: ms(50), steps, harnessLimit: null }, interrupted: false });
  const s = section.scorecard;

  test('latency percentiles of every window of a side merged, with their ratio', () => {
    const expected = (values: number[]) => {
      const h = new Histogram();
      for (const v of values) h.record(v);
      return h;
    };
    const l = expected([...legacyA, ...legacyA]);
    const c = expected([...candidateA, ...candidateA]);
    expect(s.latency.p50.legacy).toBe(l.percentile(50));
    expect(s.latency.p99.candidate).toBe(c.percentile(99));
    // The maximum is one request: its ratio, never an interval or a verdict (even where p50's has one).
    expect(s.latency.max).toEqual({ legacy: ms(50), candidate: ms(20), ratio: 0.4, interval: null, difference: null });
    expect(s.latency.p50.ratio).toBeCloseTo(0.5, 2);
    // Both pairs are the same: no spread, an interval of the ratio itself.
    expect(s.latency.p50.interval?.[0]).toBeCloseTo(s.latency.p50.ratio ?? NaN, 6);
  });

  test('rate, CPU per 1k, RSS peak and idle, errors, peak rate', () => {
    expect(s.rate).toMatchObject({ legacy: 50, candidate: 50, ratio: 1 });
    expect(s.cpuPer1k?.legacy).toBeCloseTo(2, 9);
    expect(s.cpuPer1k?.candidate).toBeCloseTo(0.5, 9);
    expect(s.cpuPer1k?.ratio).toBeCloseTo(0.25, 9);
    expect(s.rssPeakBytes).toMatchObject({ legacy: 90e6, candidate: 22e6 });
    // Idle: each side's first window's start, whichever order the sides ran in.
    expect(s.rssIdleBytes).toEqual({ legacy: 50e6, candidate: 10e6 });
    expect(s.errors).toEqual({ legacy: 2, candidate: 0 });
    expect(s.serverErrors).toEqual({ legacy: 0, candidate: 1 });
    expect(s.peakRate).toEqual({ legacy: 200, candidate: 400, ratio: 2, interval: null, difference: null });
  });

  test('merged histograms, timelines back to back, one summary per window', () => {
    expect(section.histograms.legacy.count).toBe(200);
    expect(section.timeline.candidate.map((p) => p.second)).toEqual([0, 1, 2, 3]);
    expect(section.windows).toHaveLength(4);
    expect(section.windows[0]).toMatchObject({ side: 'legacy', pair: 0, completed: 100, achievedRate: 50, errors: 2 });
    expect(section.windows[1]).toMatchObject({ side: 'candidate', errors: 1 });
    expect(section.findMax?.sloP99Us).toBe(ms(50));
    expect(section.trust.trusted).toBe(true);
  });

  test('a peak-rate search stopped by the harness makes the figures untrusted', () => {
    const limited = buildPerformanceSection({ settings: SETTINGS, windows, findMax: { sloP99Us: ms(50), steps, harnessLimit: 400 }, interrupted: false });
    expect(limited.trust.trusted).toBe(false);
    expect(limited.trust.reasons).toEqual([expect.stringMatching(/^The peak-rate search stopped at 400 req\/s because the harness could not send faster/)]);
  });

  test('no process known: no CPU, no RSS, and no peak rate without --find-max', () => {
    const bare = buildPerformanceSection({ settings: SETTINGS, windows: windows.map((w) => ({ ...w, usage: null })), findMax: null, interrupted: true });
    expect(bare.scorecard.cpuPer1k).toBeNull();
    expect(bare.scorecard.rssPeakBytes).toBeNull();
    expect(bare.scorecard.rssIdleBytes).toBeNull();
    expect(bare.scorecard.peakRate).toBeNull();
    expect(bare.interrupted).toBe(true);
  });

  test('a clearly faster candidate has an interval below 1× on every latency figure', () => {
    const faster = buildPerformanceSection({ settings: { ...SETTINGS, pairs: 6 }, windows: syntheticBench({ seed: 9, pairs: 6, perWindow: 1_000, candidateFactor: 0.5 }), findMax: null, interrupted: false });
    for (const key of ['p50', 'p90', 'p99'] as const) expect(faster.scorecard.latency[key].interval?.[1]).toBeLessThan(1);
  });
});
