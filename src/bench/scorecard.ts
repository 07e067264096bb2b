import { Histogram, type SerialisedHistogram } from '../util/histogram.js';
import { bootstrapIntervals, type Intervals } from './bootstrap.js';
import type { BenchSettings, BenchWindow, BenchWindowSummary, Comparison, FindMaxStep, PerformanceSection, Scorecard, SideName, TimelinePoint } from './model.js';
import { SideSample, type FigureName, type SideFigures } from './side-figures.js';
import { judgeTrust } from './trust.js';

export interface PerformanceInput {
  readonly settings: BenchSettings;
  /** Every measured window, in the order measured. */
  readonly windows: readonly BenchWindow[];
  readonly findMax: PerformanceSection['findMax'];
  readonly interrupted: boolean;
}

/** The Performance section of a bench: the scorecard with its intervals, whether to trust it, and what its charts draw. */
export function buildPerformanceSection(input: PerformanceInput): PerformanceSection {
  const { settings, windows, findMax, interrupted } = input;
  const of = (side: SideName) => windows.filter((w) => w.side === side);
  return {
    settings,
    scorecard: buildScorecard(windows, settings.seed, findMax?.steps ?? null),
    trust: judgeTrust(windows, settings, findMax),
    histograms: { legacy: mergedHistogram(of('legacy')), candidate: mergedHistogram(of('candidate')) },
    timeline: { legacy: joinedTimeline(of('legacy')), candidate: joinedTimeline(of('candidate')) },
    windows: windows.map(summarise),
    findMax,
    interrupted,
  };
}

/**
 * Point estimates use every window of a side (a pair cut short by Ctrl-C still counts); intervals
 * come from the complete pairs only, the ones that can be resampled together.
 */
export function buildScorecard(windows: readonly BenchWindow[], seed: number, findMaxSteps: readonly FindMaxStep[] | null): Scorecard {
  const legacyWindows = windows.filter((w) => w.side === 'legacy');
  const candidateWindows = windows.filter((w) => w.side === 'candidate');
  const legacy = new SideSample(legacyWindows).all();
  const candidate = new SideSample(candidateWindows).all();
  const intervals = bootstrapIntervals(windows, seed);
  const compare = (name: FigureName) => comparison(legacy, candidate, intervals, name);
  const total = (side: readonly BenchWindow[], pick: (w: BenchWindow) => number) => side.reduce((sum, w) => sum + pick(w), 0);
  const idle = (side: readonly BenchWindow[]) => side.find((w) => w.usage)?.usage?.rssStartBytes ?? null;
  const legacyIdle = idle(legacyWindows);
  const candidateIdle = idle(candidateWindows);
  return {
    latency: { p50: compare('p50'), p90: compare('p90'), p99: compare('p99'), p999: compare('p999'), max: withoutInterval(compare('max')) },
    rate: compare('rate'),
    errors: { legacy: total(legacyWindows, (w) => w.load.errors), candidate: total(candidateWindows, (w) => w.load.errors) },
    serverErrors: { legacy: total(legacyWindows, (w) => w.load.serverErrors), candidate: total(candidateWindows, (w) => w.load.serverErrors) },
    cpuPer1k: legacy.cpuPer1k === null && candidate.cpuPer1k === null ? null : compare('cpuPer1k'),
    rssPeakBytes: legacy.rssPeakBytes === null && candidate.rssPeakBytes === null ? null : compare('rssPeakBytes'),
    // The first window's start is the side before any measured load (after the warmup, which a
    // process started cold needs anyway): as near to idle as a bench sees it.
    rssIdleBytes: legacyIdle === null && candidateIdle === null ? null : { legacy: legacyIdle ?? 0, candidate: candidateIdle ?? 0 },
    peakRate: findMaxSteps ? peakRates(findMaxSteps) : null,
  };
}

/**
 * Two runs of one build on one machine never measure exactly alike: the sides are two processes,
 * placed differently in memory and caches. A difference is reported only when the whole interval
 * lies more than this far from 1× (below 1/1.1 or above 1.1), so that an identical candidate reads
 * "no difference" run after run (bench/README.md: 20 benches of legacy against itself), while the
 * rewrites this tool vouches for (2× to 10×) and the validator's performance mutations stand out.
 */
export const EQUIVALENCE_MARGIN = 0.1;

export function differenceOf(interval: Comparison['interval']): Comparison['difference'] {
  if (!interval) return null;
  if (interval[1] < 1 / (1 + EQUIVALENCE_MARGIN)) return 'lower';
  if (interval[0] > 1 + EQUIVALENCE_MARGIN) return 'higher';
  return 'none';
}

function comparison(legacy: SideFigures, candidate: SideFigures, intervals: Intervals, name: FigureName): Comparison {
  const l = legacy[name];
  const c = candidate[name];
  const ratio = l !== null && c !== null && l > 0 ? c / l : null;
  const interval = ratio === null ? null : intervals[name];
  return { legacy: l ?? 0, candidate: c ?? 0, ratio, interval, difference: differenceOf(interval) };
}

/**
 * The maximum is one request's latency: a bootstrap cannot give it an interval that means anything
 * (a resample's maximum is never above the sample's, so the resamples understate how far it can
 * move), and a single stall of the machine sets it. Shown with its ratio, never as a verdict.
 */
function withoutInterval(c: Comparison): Comparison {
  return { ...c, interval: null, difference: null };
}

/** Each side's highest rate that held (0: none did); one ramp per side, so no interval. */
function peakRates(steps: readonly FindMaxStep[]): Comparison {
  const peak = (side: SideName) => steps.reduce((max, s) => (s.sides[side].held ? Math.max(max, s.rate) : max), 0);
  const legacy = peak('legacy');
  const candidate = peak('candidate');
  return { legacy, candidate, ratio: legacy > 0 ? candidate / legacy : null, interval: null, difference: null };
}

function mergedHistogram(windows: readonly BenchWindow[]): SerialisedHistogram {
  const merged = new Histogram();
  for (const w of windows) merged.merge(w.load.latency);
  return merged.toJSON();
}

/** A side's windows one after the other, each starting where the last one's wall time ended. */
function joinedTimeline(windows: readonly BenchWindow[]): TimelinePoint[] {
  const points: TimelinePoint[] = [];
  let offset = 0;
  for (const w of windows) {
    const last = w.load.timeline.reduce((max, p) => Math.max(max, p.second), -1);
    for (const p of w.load.timeline) points.push({ ...p, second: p.second + offset });
    offset += Math.max(Math.ceil(w.load.durationMs / 1000), last + 1);
  }
  return points;
}

function summarise(w: BenchWindow): BenchWindowSummary {
  const h = Histogram.from(w.load.latency);
  return {
    side: w.side,
    pair: w.pair,
    completed: w.load.completed,
    achievedRate: w.load.durationMs > 0 ? (w.load.completed / w.load.durationMs) * 1000 : 0,
    p50: h.percentile(50),
    p99: h.percentile(99),
    errors: w.load.errors + w.load.serverErrors,
    usage: w.usage,
    harness: w.load.harness,
  };
}
