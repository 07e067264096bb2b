import type { BenchSettings, BenchWindow, HarnessHealth, ProcessUsage, SideName, TimelinePoint } from '../../src/bench/model.js';
import { mulberry32 } from '../../src/bench/prng.js';
import { Histogram } from '../../src/util/histogram.js';

/** A bench's settings as run-bench would fill them. */
export const SETTINGS: BenchSettings = {
  capture: '/tmp/capture.db',
  requests: 120,
  sides: { legacy: { url: 'http://127.0.0.1:3001', pid: 101, command: null }, candidate: { url: 'http://127.0.0.1:3002', pid: 102, command: null } },
  pace: { kind: 'rate', perSecond: 500 },
  windowMs: 1_000,
  pairs: 2,
  warmupMs: 0,
  connections: 16,
  timeoutMs: 10_000,
  resetPath: null,
  seed: 1,
};

export const HEALTHY: HarnessHealth = { lateShare: 0.001, maxLateUs: 800, eventLoopDelayP99Us: 1_200, cpuShare: 0.35, raisedPriority: true };

/** A normal draw (Box-Muller) from a seeded uniform source. */
export function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export interface WindowSpec {
  readonly side: SideName;
  readonly pair: number;
  /** Latencies in µs. */
  readonly latencies: readonly number[];
  readonly durationMs?: number;
  readonly scheduled?: number;
  readonly sent?: number;
  readonly errors?: number;
  readonly serverErrors?: number;
  readonly usage?: ProcessUsage | null;
  readonly harness?: Partial<HarnessHealth>;
  readonly timeline?: readonly TimelinePoint[];
}

/** A window as the load engine would return it, from known latencies. */
export function window(spec: WindowSpec): BenchWindow {
  const h = new Histogram();
  for (const v of spec.latencies) h.record(v);
  const completed = spec.latencies.length;
  const durationMs = spec.durationMs ?? 1_000;
  return {
    side: spec.side,
    pair: spec.pair,
    load: {
      durationMs,
      scheduled: spec.scheduled ?? completed + (spec.errors ?? 0),
      sent: spec.sent ?? completed + (spec.errors ?? 0),
      completed,
      errors: spec.errors ?? 0,
      serverErrors: spec.serverErrors ?? 0,
      latency: h.toJSON(),
      timeline: spec.timeline ?? perSecond(spec.latencies, Math.max(1, Math.round(durationMs / 1000))),
      harness: { ...HEALTHY, ...spec.harness },
      next: 0,
    },
    usage: spec.usage ?? null,
  };
}

export interface BenchSpec {
  readonly seed: number;
  readonly pairs: number;
  readonly perWindow: number;
  /** Candidate's latencies are legacy's × this. */
  readonly candidateFactor?: number;
  /** Candidate's CPU per request is legacy's × this. */
  readonly cpuFactor?: number;
  readonly durationMs?: number;
}

/**
 * Windows of a bench against two services whose latencies are log-normal (median 2 ms), with a
 * machine drift shared by both windows of a pair and a little noise of each window's own: what
 * alternating windows on a shared machine look like.
 */
export function syntheticBench(spec: BenchSpec): BenchWindow[] {
  const random = mulberry32(spec.seed);
  const windows: BenchWindow[] = [];
  for (let pair = 0; pair < spec.pairs; pair++) {
    const drift = Math.exp(0.05 * gaussian(random));
    const order: SideName[] = pair % 2 === 0 ? ['legacy', 'candidate'] : ['candidate', 'legacy'];
    for (const side of order) {
      const factor = side === 'candidate' ? (spec.candidateFactor ?? 1) : 1;
      const own = Math.exp(0.03 * gaussian(random));
      const latencies = Array.from({ length: spec.perWindow }, () => 2_000 * factor * drift * own * Math.exp(0.5 * gaussian(random)));
      const cpuPerRequest = 0.0004 * (side === 'candidate' ? (spec.cpuFactor ?? 1) : 1) * drift * Math.exp(0.03 * gaussian(random));
      windows.push(
        window({
          side,
          pair,
          latencies,
          durationMs: spec.durationMs ?? 1_000,
          usage: { cpuSeconds: cpuPerRequest * spec.perWindow, rssStartBytes: 40e6, rssPeakBytes: 60e6 * Math.exp(0.02 * gaussian(random)) },
        }),
      );
    }
  }
  return windows;
}

/** The latencies split evenly over `seconds`, as the load engine's timeline would show them. */
function perSecond(latencies: readonly number[], seconds: number): TimelinePoint[] {
  const size = Math.ceil(latencies.length / seconds);
  return Array.from({ length: seconds }, (_, second) => {
    const h = new Histogram();
    for (const v of latencies.slice(second * size, (second + 1) * size)) h.record(v);
    return { second, completed: h.count, p50: h.percentile(50), p99: h.percentile(99), max: h.max };
  });
}
