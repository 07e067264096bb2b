import type { SerialisedHistogram } from '../util/histogram.js';

/** The two services a bench measures, one at a time. */
export type SideName = 'legacy' | 'candidate';

/**
 * How fast requests are sent, open loop: each request has an intended send time fixed before
 * the run, whatever the service answers.
 */
export type Pace =
  /** A fixed rate, requests evenly spaced. */
  | { readonly kind: 'rate'; readonly perSecond: number }
  /** The capture's own gaps between requests, divided by `speed` (2 = twice as fast). */
  | { readonly kind: 'recorded'; readonly speed: number }
  /** Closed loop: each connection sends its next request when the last one is answered (capacity, not latency). */
  | { readonly kind: 'saturate' };

/** One request of the load, taken from a captured exchange. */
export interface LoadRequest {
  readonly method: string;
  /** Path and query, as recorded. */
  readonly path: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Uint8Array | undefined;
  /** Milliseconds after the capture's first request (used by the `recorded` pace). */
  readonly offsetMs: number;
}

/** What the load engine is asked to do in one window. */
export interface LoadPlan {
  readonly target: URL;
  /** Sent in order, from `start`, wrapping around when the window outlasts them. */
  readonly requests: readonly LoadRequest[];
  readonly start: number;
  readonly pace: Pace;
  readonly durationMs: number;
  /** Connections kept open to the target; a send with none free waits (and counts as late). */
  readonly connections: number;
  readonly timeoutMs: number;
  /** Lets Ctrl-C end a window early: what was measured so far is returned. */
  readonly signal?: AbortSignal;
}

/** One second of a window, for the latency-over-time chart. */
export interface TimelinePoint {
  /** Seconds since the window started. */
  readonly second: number;
  readonly completed: number;
  /** µs, from intended send time. */
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** How well the harness itself kept up: when it did not, the figures measure it, not the service. */
export interface HarnessHealth {
  /** Sends that went out more than 1 ms after their intended time, over sends. */
  readonly lateShare: number;
  /** µs; the worst lateness of a send. */
  readonly maxLateUs: number;
  /** The harness's own event-loop delay, µs. */
  readonly eventLoopDelayP99Us: number;
  /** CPU seconds the harness process used over the window's wall seconds (1 = one core busy). */
  readonly cpuShare: number;
  /** Whether the harness's threads ran ahead of the services (harness-priority.ts): false without the right to. */
  readonly raisedPriority: boolean;
}

/** What the load engine measured in one window against one target. */
export interface LoadResult {
  readonly durationMs: number;
  /** Requests whose intended send time fell inside the window. */
  readonly scheduled: number;
  readonly sent: number;
  readonly completed: number;
  /** Transport failures and timeouts. */
  readonly errors: number;
  /** Answers with a 5xx status. */
  readonly serverErrors: number;
  /** µs from each request's intended send time to the end of its answer (no coordinated omission). */
  readonly latency: SerialisedHistogram;
  readonly timeline: readonly TimelinePoint[];
  readonly harness: HarnessHealth;
  /** Where the next window continues in the plan's requests. */
  readonly next: number;
}

/** CPU and memory of a side's process tree over one window, read from the operating system. */
export interface ProcessUsage {
  /** User + system CPU seconds used during the window, by the process and its descendants. */
  readonly cpuSeconds: number;
  /** Resident set size at the window's start and its highest sample during it, bytes. */
  readonly rssStartBytes: number;
  readonly rssPeakBytes: number;
}

/** One measured window: one side alone under load. */
export interface BenchWindow {
  readonly side: SideName;
  /** Windows of both sides alternate: pair `pair` is legacy's then candidate's (or the reverse). */
  readonly pair: number;
  readonly load: LoadResult;
  /** Present when the side's process is known (a PID given, or a process Parity started). */
  readonly usage: ProcessUsage | null;
}

/** A figure of both sides and candidate / legacy with its confidence interval. */
export interface Comparison {
  readonly legacy: number;
  readonly candidate: number;
  /** candidate / legacy; null when legacy is 0 or either side was not measured. */
  readonly ratio: number | null;
  /** 95% bootstrap interval of the ratio over paired windows; null with fewer than 2 pairs. */
  readonly interval: readonly [number, number] | null;
  /**
   * Whether the candidate's figure is lower or higher than legacy's: only when the whole interval
   * lies beyond the equivalence margin (see scorecard.ts); `none` otherwise; null without an interval.
   */
  readonly difference: 'lower' | 'higher' | 'none' | null;
}

/** The table rewrite write-ups publish, from one bench. Latencies in µs. */
export interface Scorecard {
  readonly latency: {
    readonly p50: Comparison;
    readonly p90: Comparison;
    readonly p99: Comparison;
    readonly p999: Comparison;
    readonly max: Comparison;
  };
  /** Answers per second each side achieved at the offered pace. */
  readonly rate: Comparison;
  /** Transport errors and timeouts, and 5xx answers, per side (counts). */
  readonly errors: { readonly legacy: number; readonly candidate: number };
  readonly serverErrors: { readonly legacy: number; readonly candidate: number };
  /** Null when neither side's process was known. */
  readonly cpuPer1k: Comparison | null;
  readonly rssPeakBytes: Comparison | null;
  readonly rssIdleBytes: { readonly legacy: number; readonly candidate: number } | null;
  /** From `--find-max`: each side's highest rate holding the SLO without errors. */
  readonly peakRate: Comparison | null;
}

/** Whether the figures can be believed, and why not when they cannot. */
export interface Trust {
  readonly trusted: boolean;
  /** One sentence per reason the harness, not the service, may have set the figures. */
  readonly reasons: readonly string[];
  /** The worst window of each measure. */
  readonly harness: HarnessHealth;
}

/** How a bench was run: enough to run it again and to judge its figures. */
export interface BenchSettings {
  readonly capture: string;
  /** Distinct requests the load cycles through. */
  readonly requests: number;
  readonly sides: Readonly<Record<SideName, { readonly url: string; readonly pid: number | null; readonly command: string | null }>>;
  readonly pace: Pace;
  readonly windowMs: number;
  readonly pairs: number;
  readonly warmupMs: number;
  readonly connections: number;
  readonly timeoutMs: number;
  /** POSTed to each side's URL before each of its windows, when set. */
  readonly resetPath: string | null;
  /** Seeds the bootstrap: the same windows give the same intervals. */
  readonly seed: number;
}

/** One rate tried by `--find-max`, on both sides. */
export interface FindMaxStep {
  readonly rate: number;
  /** `tried` false: the side had already failed a lower rate and was not loaded again. */
  readonly sides: Readonly<Record<SideName, { readonly p99: number; readonly errors: number; readonly achievedRate: number; readonly held: boolean; readonly tried: boolean }>>;
}

/** The performance of both sides from one bench: the report section every rendering reads. */
export interface PerformanceSection {
  readonly settings: BenchSettings;
  readonly scorecard: Scorecard;
  readonly trust: Trust;
  /** Every window of a side merged: the latency distribution (CDF) chart. */
  readonly histograms: Readonly<Record<SideName, SerialisedHistogram>>;
  /** Each side's windows one after the other, seconds renumbered from 0: the latency-over-time chart. */
  readonly timeline: Readonly<Record<SideName, readonly TimelinePoint[]>>;
  readonly windows: readonly BenchWindowSummary[];
  /** Null without `--find-max`. */
  readonly findMax: { readonly sloP99Us: number; readonly steps: readonly FindMaxStep[]; readonly harnessLimit: number | null } | null;
  /** True when Ctrl-C ended the bench early: the figures cover the windows measured. */
  readonly interrupted: boolean;
}

/** A window as the report keeps it (its timeline is in the section's). */
export interface BenchWindowSummary {
  readonly side: SideName;
  readonly pair: number;
  readonly completed: number;
  readonly achievedRate: number;
  readonly p50: number;
  readonly p99: number;
  /** Transport failures, timeouts and 5xx answers. */
  readonly errors: number;
  readonly usage: ProcessUsage | null;
  readonly harness: HarnessHealth;
}

export const BENCH_REPORT_VERSION = 1;

/** What `parity bench` writes (bench.json): read by `parity report` and `parity gate` like a replay report. */
export interface BenchReportV1 {
  readonly reportKind: 'bench';
  readonly reportVersion: typeof BENCH_REPORT_VERSION;
  readonly tool: { readonly name: 'parity'; readonly version: string };
  readonly startedAt: string;
  readonly performance: PerformanceSection;
}
