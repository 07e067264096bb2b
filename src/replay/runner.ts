import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { AGGREGATE_LIMITS, Aggregator } from '../compare/aggregate.js';
import { createComparator } from '../compare/classify.js';
import { buildNormaliser } from '../compare/normalise/registry.js';
import { resolveCompare, type CompareOptions, type ResolvedCompare } from '../compare/settings.js';
import { SideView } from '../compare/side.js';
import { ParityError } from '../core/errors.js';
import type { Exchange, HeaderList } from '../core/exchange.js';
import type { RedactionOptions } from '../redact/redaction-rules.js';
import { REDACTION_ENGINE } from '../redact/redactor.js';
import { reportFrom } from '../report/build.js';
import { redactReportText } from '../report/redact-text.js';
import type { ReportV1 } from '../report/model.js';
import { openCaptureReader, type ExchangeFilter } from '../store/index.js';
import { drainInLanes } from '../util/lanes.js';
import { RateLimiter } from '../util/rate-limiter.js';
import { createReportRedaction } from './report-redaction.js';
import { createCredentialRestorer } from './credentials.js';
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
  /** Redaction of what the report quotes (live answers): the rules and card-surrogate key of the capture. */
  readonly redaction?: RedactionOptions;
  /** PARITY_REDACT_KEY; without it a random key serves this run (surrogates then differ from the capture's). */
  readonly redactKey?: Uint8Array;
  /** PARITY_SEAL_KEY: sealed credentials in the capture are opened and sent. */
  readonly sealKey?: Uint8Array;
  /** The config file the options came from, recorded in the report by content. */
  readonly configFile?: { readonly path: string; readonly sha256: string };
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
  const reader = openCaptureReader(options.capture);
  const redaction = createReportRedaction(options.redaction ?? {}, options.redactKey ?? randomBytes(32), reader.meta.redaction === REDACTION_ENGINE);
  const aggregator = new Aggregator(AGGREGATE_LIMITS, redaction);
  const restore = createCredentialRestorer(options.sealKey);
  const credentials = { restored: 0, missing: 0 };
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
      const { exchange: outgoing, state } = restore(exchange);
      if (state !== 'none') credentials[state]++;
      const [l, c, s] = await Promise.all([legacy.send(outgoing), candidate.send(outgoing), secondary?.send(outgoing)]);
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
    try {
      reader.close();
    } finally {
      await Promise.all([legacy.close(), candidate.close(), secondary?.close()]);
    }
  }
  const finishedAt = new Date();
  const report = buildReport(options, aggregator, settings, skipped, credentials, startedAt, finishedAt, await sha256(options.capture));
  return redactReportText(report, redaction.text);
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
    if (!result.ok) throw new ParityError('RESET_FAILED', `reset failed: POST ${target.name.replace(/\/$/, '')}${path} → ${result.detail}`, { hint: 'is the service up, and does it have that reset path? (--reset; replay.resetPath in the config)' });
  }
}

function buildReport(
  options: ReplayOptions,
  a: Aggregator,
  settings: ResolvedCompare,
  skipped: Record<string, number>,
  credentials: { readonly restored: number; readonly missing: number },
  startedAt: Date,
  finishedAt: Date,
  captureSha256: string,
): ReportV1 {
  return reportFrom(a, settings, {
    run: {
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      interrupted: options.signal?.aborted ?? false,
      capture: { path: options.capture, sha256: captureSha256 },
      config: options.configFile ?? null,
      legacy: options.legacy === 'recorded' ? 'recorded' : options.legacy.href,
      candidate: options.candidate.href,
      secondary: options.secondary?.href ?? null,
      order: options.order,
      partitionKey: options.order === 'key' ? options.partitionKey : null,
      concurrency: options.concurrency,
      shard: options.shard ?? null,
      mergedShards: null,
    },
    skipped,
    credentials,
    legacySource: options.legacy === 'recorded' ? 'recorded' : 'live',
    settings: { compare: options.compare ?? {}, timeoutMs: options.timeoutMs, rate: options.rate ?? null, limit: options.limit ?? null, filter: options.filter ?? {}, resetPath: options.resetPath ?? null },
  });
}

function sha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path).on('data', (d) => hash.update(d)).on('error', reject).on('end', () => resolve(hash.digest('hex')));
  });
}
