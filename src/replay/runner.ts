import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Aggregator, NO_DECISION } from '../compare/aggregate.js';
import { createComparator, severityOf } from '../compare/classify.js';
import { buildNormaliser } from '../compare/normalise/registry.js';
import { resolveCompare, type CompareOptions, type ResolvedCompare } from '../compare/settings.js';
import { SideView } from '../compare/side.js';
import type { Exchange, HeaderList } from '../core/exchange.js';
import { REPORT_VERSION, type LatencySummary, type ReportV1 } from '../report/model.js';
import { openCaptureReader, type ExchangeFilter } from '../store/index.js';
import type { Histogram } from '../util/histogram.js';
import { drainInLanes } from '../util/lanes.js';
import { RateLimiter } from '../util/rate-limiter.js';
import { VERSION } from '../version.js';
import { laneKeyOf, type Ordering } from './ordering.js';
import { parsePartitionKey } from './partition.js';
import { shardOf } from './shard.js';
import { LiveTarget, recordedTarget, type Target } from './target.js';

export interface ReplayOptions {
  readonly capture: string;
  readonly candidate: URL;
  readonly legacy: URL | 'recorded';
  readonly secondary?: URL;
  readonly compare?: CompareOptions;
  readonly order: Ordering;
  readonly partitionKey: string;
  readonly concurrency: number;
  readonly rate?: number;
  readonly timeoutMs: number;
  readonly limit?: number;
  readonly filter?: ExchangeFilter;
  readonly shard?: { readonly index: number; readonly count: number };
  /** A path POSTed on every live side before the run (the validator's `/admin/reset`). */
  readonly resetPath?: string;
  readonly headers?: HeaderList;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ReplayProgress) => void;
}

export interface ReplayProgress {
  readonly done: number;
  readonly total: number;
  readonly mismatches: number;
  readonly elapsedMs: number;
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Replays a capture against the candidate (and legacy, live or recorded), compares, and builds the report. */
export async function replay(options: ReplayOptions): Promise<ReportV1> {
  const startedAt = new Date();
  const settings = resolveCompare(options.compare);
  const comparator = createComparator(settings, settings.normalise.map(buildNormaliser));
  const partitionOf = parsePartitionKey(options.partitionKey);
  const aggregator = new Aggregator({ examplesPerGroup: 3, maxGroups: 500, maxExampleBodyChars: 2_000 });
  const reader = openCaptureReader(options.capture);
  const targetOptions = { connections: options.concurrency, timeoutMs: options.timeoutMs, headers: options.headers ?? [], maxBodyBytes: MAX_BODY_BYTES };
  const candidate = new LiveTarget(options.candidate, targetOptions);
  const legacy: Target = options.legacy === 'recorded' ? recordedTarget : new LiveTarget(options.legacy, targetOptions);
  const secondary = options.secondary ? new LiveTarget(options.secondary, targetOptions) : undefined;
  const skipped: Record<string, number> = {};
  const limiter = options.rate ? new RateLimiter(options.rate) : undefined;
  try {
    if (options.resetPath) await resetAll([legacy, candidate, secondary], options.resetPath);
    const filter = options.filter ?? {};
    const total = Math.min(reader.count(filter), options.limit ?? Infinity);
    let done = 0;
    let lastProgress = 0;
    const began = performance.now();
    const work = async (exchange: Exchange) => {
      await limiter?.take();
      if (options.signal?.aborted) return;
      const [l, c, s] = await Promise.all([legacy.send(exchange), candidate.send(exchange), secondary?.send(exchange)]);
      const legacyView = new SideView(l);
      const candidateView = new SideView(c);
      const verdict = comparator.compare(legacyView, candidateView, s ? new SideView(s) : undefined);
      aggregator.add(exchange, legacyView, candidateView, verdict, comparator.normalised);
      done++;
      if (options.onProgress && performance.now() - lastProgress > 250) {
        lastProgress = performance.now();
        options.onProgress({ done, total, mismatches: aggregator.compared - aggregator.categories.match, elapsedMs: performance.now() - began });
      }
    };
    const release = () => limiter?.release();
    options.signal?.addEventListener('abort', release, { once: true });
    await drainInLanes(selected(reader.exchanges(filter), options, partitionOf, skipped), laneKeyOf(options.order, partitionOf), options.order === 'global' ? 1 : options.concurrency, work, options.signal);
    options.signal?.removeEventListener('abort', release);
    options.onProgress?.({ done, total, mismatches: aggregator.compared - aggregator.categories.match, elapsedMs: performance.now() - began });
  } finally {
    reader.close();
    await Promise.all([legacy.close(), candidate.close(), secondary?.close()]);
  }
  const finishedAt = new Date();
  return buildReport(options, aggregator, settings, skipped, startedAt, finishedAt, await sha256(options.capture));
}

/** Applies limit, shard and skip rules lazily over the capture's stream. */
function* selected(exchanges: Iterable<Exchange>, options: ReplayOptions, partitionOf: (e: Exchange) => string | undefined, skipped: Record<string, number>): Generator<Exchange> {
  let taken = 0;
  for (const exchange of exchanges) {
    if (options.limit !== undefined && taken >= options.limit) return;
    if (options.shard && shardOf(partitionOf(exchange) ?? `#${exchange.seq}`, options.shard.count) !== options.shard.index) continue;
    taken++;
    if (exchange.requestTruncated) {
      skipped['request body truncated at record time'] = (skipped['request body truncated at record time'] ?? 0) + 1;
      continue;
    }
    yield exchange;
  }
}

async function resetAll(targets: readonly (Target | undefined)[], path: string): Promise<void> {
  for (const target of targets) {
    if (!(target instanceof LiveTarget)) continue;
    const result = await target.reset(path);
    if (!result.ok) throw new Error(`reset ${path} on ${target.name} failed: ${result.detail}`);
  }
}

function buildReport(
  options: ReplayOptions,
  a: Aggregator,
  settings: ResolvedCompare,
  skipped: Record<string, number>,
  startedAt: Date,
  finishedAt: Date,
  captureSha256: string,
): ReportV1 {
  const excluded = a.excludeNoise(settings.noiseThreshold);
  const matched = a.categories.match;
  const percent = (m: number, t: number) => (t === 0 ? 100 : Math.floor((m / t) * 10_000) / 100);
  const durationMs = finishedAt.getTime() - startedAt.getTime();
  const legacyLatency = summarise(a.latency.legacy);
  const candidateLatency = summarise(a.latency.candidate);
  const ratio = (x: number, y: number) => (x > 0 && y > 0 ? Math.round((y / x) * 1000) / 1000 : null);
  return {
    reportVersion: REPORT_VERSION,
    tool: { name: 'parity', version: VERSION },
    run: {
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs,
      interrupted: options.signal?.aborted ?? false,
      capture: { path: options.capture, sha256: captureSha256 },
      legacy: options.legacy === 'recorded' ? 'recorded' : options.legacy.href,
      candidate: options.candidate.href,
      secondary: options.secondary?.href ?? null,
      order: options.order,
      partitionKey: options.order === 'key' ? options.partitionKey : null,
      concurrency: options.concurrency,
      shard: options.shard ?? null,
    },
    totals: { exchanges: a.compared + Object.values(skipped).reduce((x, y) => x + y, 0), compared: a.compared, matched, mismatched: a.compared - matched, parityPercent: percent(matched, a.compared), skipped },
    categories: { ...a.categories },
    endpoints: [...a.endpoints].map(([endpoint, s]) => ({ endpoint, total: s.total, matched: s.matched, parityPercent: percent(s.matched, s.total) })).sort((x, y) => y.total - x.total),
    decisions: [...a.decisions].map(([cell, count]) => {
      const [legacy = '', candidate = ''] = cell.split('\u0000');
      // A '(none)' cell is a side that did not answer: that is transport, not a decision severity.
      const decided = legacy !== candidate && legacy !== NO_DECISION && candidate !== NO_DECISION;
      return { legacy, candidate, count, severity: decided ? (severityOf('decision', legacy, candidate, settings.approvals) ?? null) : null };
    }).sort((x, y) => y.count - x.count),
    groups: a.sortedGroups().map((g) => ({ ...g, examples: [...g.examples] })),
    ungroupedMismatches: a.overflowGroups,
    noise: [...a.noise].flatMap(([endpoint, n]) =>
      [...n.paths].map(([path, count]) => ({ endpoint, path, exchanges: count, share: Math.round((count / n.exchanges) * 1000) / 1000, excluded: excluded.get(endpoint)?.has(path) ?? false })),
    ).sort((x, y) => y.exchanges - x.exchanges),
    latency: {
      legacy: legacyLatency,
      candidate: candidateLatency,
      ratio: { p50: ratio(legacyLatency.p50, candidateLatency.p50), p99: ratio(legacyLatency.p99, candidateLatency.p99) },
      throughput: durationMs > 0 ? Math.round((a.compared / durationMs) * 1000 * 10) / 10 : 0,
      histograms: { legacy: a.latency.legacy.toJSON(), candidate: a.latency.candidate.toJSON() },
      legacySource: options.legacy === 'recorded' ? 'recorded' : 'live',
    },
    settings: { compare: options.compare ?? {}, timeoutMs: options.timeoutMs, rate: options.rate ?? null, limit: options.limit ?? null, filter: options.filter ?? {}, resetPath: options.resetPath ?? null },
  };
}

function summarise(h: Histogram): LatencySummary {
  return { count: h.count, p50: h.percentile(50), p90: h.percentile(90), p99: h.percentile(99), p999: h.percentile(99.9), max: h.max, mean: h.mean };
}

function sha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path).on('data', (d) => hash.update(d)).on('error', reject).on('end', () => resolve(hash.digest('hex')));
  });
}
