import type { BenchReportV1 } from '../../src/bench/model.js';
import { buildPerformanceSection } from '../../src/bench/scorecard.js';
import { benchReport } from '../../src/report/bench-report.js';
import { SETTINGS, syntheticBench } from '../bench/synthetic-windows.js';

/**
 * A bench report from synthetic windows: six pairs of 5 s windows at 500 req/s, a candidate twice
 * as fast with a third of the CPU, processes known, a find-max ramp. Untrusted on request (a
 * window whose harness fell behind).
 */
export function sampleBenchReport(options: { readonly untrusted?: boolean; readonly perWindow?: number } = {}): BenchReportV1 {
  const windows = syntheticBench({ seed: 21, pairs: 6, perWindow: options.perWindow ?? 2_500, candidateFactor: 0.5, cpuFactor: 0.33, durationMs: 5_000 }).map((w, i) =>
    options.untrusted && i === 3 ? { ...w, load: { ...w.load, harness: { ...w.load.harness, lateShare: 0.08, maxLateUs: 48_000 } } } : w,
  );
  const steps = [250, 500, 1_000, 2_000].map((rate) => ({
    rate,
    sides: {
      legacy: { p99: rate <= 1_000 ? (rate <= 500 ? 9_000 : 80_000) : 0, errors: 0, achievedRate: rate <= 1_000 ? rate : 0, held: rate <= 500, tried: rate <= 1_000 },
      candidate: { p99: rate <= 1_000 ? 4_000 : 60_000, errors: 0, achievedRate: rate, held: rate <= 1_000, tried: true },
    },
  }));
  const performance = buildPerformanceSection({ settings: { ...SETTINGS, windowMs: 5_000, pairs: 6 }, windows, findMax: { sloP99Us: 50_000, steps, harnessLimit: null }, interrupted: false });
  return benchReport(performance, new Date('2026-11-29T20:00:00Z'));
}
