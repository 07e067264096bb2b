import type { BenchSettings, Comparison, Pace, PerformanceSection } from '../bench/model.js';
import { formatCount } from './format.js';

/** Which way is better for a figure: what the verdict word of its row says when its interval excludes 1×. */
type Better = 'lower-time' | 'higher-rate' | 'lower-resource';

const WORDS: Readonly<Record<Better, readonly [below: string, above: string]>> = {
  'lower-time': ['faster', 'slower'],
  'higher-rate': ['lower', 'higher'],
  'lower-resource': ['leaner', 'heavier'],
};

/** One row of the scorecard as every rendering prints it: figures already formatted. */
export interface PerformanceRow {
  readonly label: string;
  readonly legacy: string;
  readonly candidate: string;
  /** `0.523× [0.490–0.551]`, `0.523×` without an interval, `—` for counts. */
  readonly ratio: string;
  /** faster / slower, leaner / heavier, higher / lower when the interval excludes 1×; else `no difference` or `no interval`. */
  readonly verdict: string;
}

/**
 * A ratio with three significant digits, more when needed to tell it from 1: 1.105 must not print
 * as the limit 1.10 it exceeds, nor an interval's 1.0004 as a 1 it excludes.
 */
export function formatPerfRatio(ratio: number): string {
  return `${ratioDigits(ratio)}×`;
}

function ratioDigits(ratio: number): string {
  if (ratio >= 100) return formatCount(Math.round(ratio));
  let text = ratio.toPrecision(3);
  for (let digits = 4; digits <= 6 && ratio !== 1 && Number(text) === 1; digits++) text = ratio.toPrecision(digits);
  return text;
}

/** µs as ms with three significant digits: a 0.0523 ms p50 and a 212 ms max read alike. */
export function formatPerfMs(us: number): string {
  const ms = us / 1000;
  return ms >= 100 ? formatCount(Math.round(ms)) : ms === 0 ? '0' : ms.toPrecision(3);
}

function ratioText(c: Comparison): string {
  if (c.ratio === null) return 'n/a';
  return c.interval ? `${formatPerfRatio(c.ratio)} [${ratioDigits(c.interval[0])}–${ratioDigits(c.interval[1])}]` : formatPerfRatio(c.ratio);
}

function verdictWord(c: Comparison, better: Better): string {
  if (c.ratio === null) return '—';
  const [below, above] = WORDS[better];
  switch (c.difference) {
    case null:
      return 'no interval';
    case 'lower':
      return below;
    case 'higher':
      return above;
    case 'none':
      return 'no difference';
  }
}

function row(label: string, c: Comparison, format: (v: number) => string, better: Better): PerformanceRow {
  return { label, legacy: format(c.legacy), candidate: format(c.candidate), ratio: ratioText(c), verdict: verdictWord(c, better) };
}

const rate = (v: number) => (v >= 100 ? formatCount(Math.round(v)) : String(Number(v.toPrecision(3))));
const seconds = (v: number) => String(Number(v.toPrecision(3)));
const megabytes = (bytes: number) => String(Number((bytes / 1e6).toPrecision(3)));

/** The scorecard's rows, in the order write-ups publish them: latencies, rates, CPU, memory, errors. */
export function performanceRows(section: PerformanceSection): PerformanceRow[] {
  const s = section.scorecard;
  const rows = [
    row('p50 (ms)', s.latency.p50, formatPerfMs, 'lower-time'),
    row('p90 (ms)', s.latency.p90, formatPerfMs, 'lower-time'),
    row('p99 (ms)', s.latency.p99, formatPerfMs, 'lower-time'),
    row('p99.9 (ms)', s.latency.p999, formatPerfMs, 'lower-time'),
    row('max (ms)', s.latency.max, formatPerfMs, 'lower-time'),
    row('achieved rate (req/s)', s.rate, rate, 'higher-rate'),
  ];
  if (s.peakRate) rows.push(row('peak rate (req/s)', s.peakRate, rate, 'higher-rate'));
  if (s.cpuPer1k) rows.push(row('CPU per 1k requests (s)', s.cpuPer1k, seconds, 'lower-resource'));
  if (s.rssIdleBytes) {
    const { legacy, candidate } = s.rssIdleBytes;
    rows.push(row('RSS idle (MB)', { legacy, candidate, ratio: legacy > 0 && candidate > 0 ? candidate / legacy : null, interval: null, difference: null }, megabytes, 'lower-resource'));
  }
  if (s.rssPeakBytes) rows.push(row('RSS peak (MB)', s.rssPeakBytes, megabytes, 'lower-resource'));
  rows.push({ label: 'errors (transport, timeouts)', legacy: formatCount(s.errors.legacy), candidate: formatCount(s.errors.candidate), ratio: '—', verdict: '—' });
  rows.push({ label: '5xx answers', legacy: formatCount(s.serverErrors.legacy), candidate: formatCount(s.serverErrors.candidate), ratio: '—', verdict: '—' });
  return rows;
}

export function describePace(pace: Pace): string {
  if (pace.kind === 'rate') return `${formatCount(pace.perSecond)} req/s, open loop`;
  if (pace.kind === 'recorded') return `the recorded pace × ${pace.speed}, open loop`;
  return 'closed loop (each connection sends when answered)';
}

/** How the bench ran, in one sentence: enough to judge and repeat it. */
export function benchDescription(section: PerformanceSection): string {
  const s: BenchSettings = section.settings;
  const pairs = new Set(section.windows.map((w) => w.pair)).size;
  return (
    `${pairs} pair${pairs === 1 ? '' : 's'} of ${seconds(s.windowMs / 1000)} s windows per side, alternating, at ${describePace(s.pace)}; ` +
    `${formatCount(s.connections)} connections, warm-up ${seconds(s.warmupMs / 1000)} s${s.resetPath ? `, reset ${s.resetPath} before each window` : ''}; ` +
    `${formatCount(s.requests)} distinct requests; intervals: 95%, paired bootstrap over windows (seed ${s.seed}).`
  );
}

/** The sentence that tells a reader to read the figures as facts, or not. */
export function trustHeadline(section: PerformanceSection): string {
  const h = section.trust.harness;
  if (!section.trust.trusted) return 'UNTRUSTED: these figures may measure the load harness, not the services.';
  return `Trusted: the harness kept pace (worst window: ${Number((h.lateShare * 100).toPrecision(2))}% of sends late, event-loop p99 ${formatPerfMs(h.eventLoopDelayP99Us)} ms, ${Math.round(h.cpuShare * 100)}% of a core).`;
}

export const INTERRUPTED_NOTE = 'The bench was interrupted: the figures cover the windows measured before it stopped.';

/**
 * Under the replay's own latency table, in every rendering: a correctness replay sends both sides
 * each request at once at its concurrency and measures on one event loop, so its timings hold its
 * own queueing and say little about either service.
 */
export const REPLAY_TIMINGS_NOTE = "These are the correctness replay's own timings, its queueing included: not a latency verdict. `parity bench` measures performance.";
