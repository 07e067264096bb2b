import { randomBytes } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AGGREGATE_LIMITS, Aggregator } from '../compare/aggregate.js';
import { createComparator } from '../compare/classify.js';
import { buildNormaliser } from '../compare/normalise/registry.js';
import { resolveCompare, type CompareOptions, type ResolvedCompare } from '../compare/settings.js';
import { SideView } from '../compare/side.js';
import { RESPONSE_NOT_RECORDED } from '../core/exchange-tags.js';
import { ParityError } from '../core/errors.js';
import type { Exchange, HeaderList, Reply } from '../core/exchange.js';
import type { RedactionOptions } from '../redact/redaction-rules.js';
import { REDACTION_ENGINE } from '../redact/redactor.js';
import { reportFrom } from '../report/build.js';
import { redactReportText } from '../report/redact-text.js';
import type { ReportV1 } from '../report/model.js';
import type { ExchangeFilter } from '../store/index.js';
import { drainInLanes } from '../util/lanes.js';
import { RateLimiter } from '../util/rate-limiter.js';
import { openCaptureInput } from './capture-input.js';
import { createReportRedaction, type ReportRedaction } from './report-redaction.js';
import { createCredentialRestorer } from './credentials.js';
import { checkKeyCoverage, DEFAULT_MIN_KEY_COVERAGE, KEY_COVERAGE_SAMPLE, sampleKeyCoverage, type KeyCoverage } from './key-coverage.js';
import { laneKeyOf, type Ordering } from './ordering.js';
import { parsePartitionKey } from './partition.js';
import { shardOf } from './shard.js';
import { DEFAULT_MAX_BODY_BYTES, LiveTarget, recordedTarget, type Target } from './target.js';
import { DEFAULT_MAX_CONSECUTIVE_FAILURES, FailureStreaks, type Unreachable } from './unreachable.js';

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
  /**
   * Bytes of each live answer kept for comparing and quoting; past them the rest is hashed
   * (SHA-256) and counted, not kept, and the answer compares by whole length and hash. Default
   * 8 MiB (REPLAY_DEFAULTS.maxBodyBytes).
   */
  readonly maxBodyBytes?: number;
  /**
   * Transport failures in a row on one live side (refused, reset, timed out) that stop the run:
   * the report is then partial, `run.interrupted` and `run.unreachable` say why. 0 never stops;
   * default 50 (REPLAY_DEFAULTS.maxConsecutiveFailures).
   */
  readonly maxConsecutiveFailures?: number;
  /**
   * With `order: key`, the share (0–1) of the first exchanges that must hold the partition key, or
   * the replay is refused (PARTITION_KEY_SPARSE) before any request; 0 never refuses. Default 0.95
   * (REPLAY_DEFAULTS.minKeyCoverage).
   */
  readonly minKeyCoverage?: number;
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
  /** Something the user should know before trusting the report (a capture still being written), said once, as the run begins. */
  readonly onWarning?: (message: string) => void;
}

export interface ReplayProgress {
  readonly done: number;
  readonly total: number;
  readonly mismatches: number;
  readonly elapsedMs: number;
}

/**
 * Replays a capture against the candidate (and legacy, live or recorded), compares, and builds the
 * report. A run cut short resolves to the partial report with `run.interrupted`: by `signal`, or by
 * a live side failing `maxConsecutiveFailures` requests in a row (then `run.unreachable` names it).
 * A capture still being written is read from a snapshot (`run.capture.beingWritten`, `onWarning`).
 */
export async function replay(options: ReplayOptions): Promise<ReportV1> {
  const startedAt = new Date();
  const settings = resolveCompare(options.compare);
  const comparator = createComparator(settings, settings.normalise.map(buildNormaliser));
  const partitionOf = parsePartitionKey(options.partitionKey);
  const restore = createCredentialRestorer(options.sealKey);
  const credentials = { restored: 0, missing: 0 };
  const targetOptions = { connections: options.concurrency, timeoutMs: options.timeoutMs, headers: options.headers ?? [], maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES };
  const candidate = new LiveTarget(options.candidate, targetOptions);
  const legacy: Target = options.legacy === 'recorded' ? recordedTarget : new LiveTarget(options.legacy, targetOptions);
  const secondary = options.secondary ? new LiveTarget(options.secondary, targetOptions) : undefined;
  const skipped: Record<string, number> = {};
  const limiter = options.rate ? new RateLimiter(options.rate) : undefined;
  // A side giving up stops the run as Ctrl-C does: the same partial report, one path.
  const giveUp = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, giveUp.signal]) : giveUp.signal;
  const streaks = new FailureStreaks(options.maxConsecutiveFailures ?? DEFAULT_MAX_CONSECUTIVE_FAILURES, () => giveUp.abort());
  const input = openCaptureInput(options.capture);
  const reader = input.reader;
  let redaction: ReportRedaction;
  try {
    redaction = createReportRedaction(options.redaction ?? {}, options.redactKey ?? randomBytes(32), reader.meta.redaction === REDACTION_ENGINE);
  } catch (error) {
    // Closing removes the snapshot of a capture being written: a copy of customer traffic.
    input.close();
    throw error;
  }
  const aggregator = new Aggregator(AGGREGATE_LIMITS, redaction);
  let captureSha256: string;
  // Whether every selected exchange was replayed: a stop after the last one leaves a complete run.
  const source = { yielded: 0, exhausted: false };
  let done = 0;
  let keyCoverage: KeyCoverage | undefined;
  try {
    const filter = options.filter ?? {};
    const total = Math.min(reader.count(filter), options.limit ?? Infinity);
    if (input.beingWritten) {
      options.onWarning?.(
        `${options.capture} is still being written (a parity record is running into it, or one stopped without closing it): replaying a snapshot of the ${reader.count()} exchanges stored so far; exchanges recorded later are not replayed`,
      );
    }
    // Read off the front of the capture, whatever the shard: every shard then reports the same share.
    keyCoverage = options.order === 'key' ? sampleKeyCoverage(reader.exchanges(filter), partitionOf, Math.min(KEY_COVERAGE_SAMPLE, options.limit ?? Infinity)) : undefined;
    if (keyCoverage) checkKeyCoverage(keyCoverage, options.partitionKey, options.minKeyCoverage ?? DEFAULT_MIN_KEY_COVERAGE, options.capture);
    if (options.resetPath) await resetAll([legacy, candidate, secondary], options.resetPath);
    let lastProgress = 0;
    const began = performance.now();
    // One live side against the recorded answers (the CI case) awaits its one request alone: no
    // Promise.all over three, no promise for the recorded answer, per exchange.
    const oneLive = legacy === recordedTarget && secondary === undefined;
    const work = async (exchange: Exchange) => {
      if (limiter) await limiter.take();
      if (signal.aborted) return;
      const { exchange: outgoing, state } = restore(exchange);
      if (state !== 'none') credentials[state]++;
      let l: Reply, c: Reply, s: Reply | undefined;
      if (oneLive) {
        c = await candidate.send(outgoing);
        l = outgoing.response;
      } else {
        [l, c, s] = await Promise.all([legacy.send(outgoing), candidate.send(outgoing), secondary?.send(outgoing)]);
        if (legacy instanceof LiveTarget) streaks.observe('legacy', legacy.name, l);
      }
      streaks.observe('candidate', candidate.name, c);
      if (s && secondary) streaks.observe('secondary', secondary.name, s);
      // Answers that arrive together are compared back to back: before a large body's compare
      // (milliseconds), a turn of the event loop lets other requests' timers and sockets run. Small
      // ones (the usual API call) go straight on: a turn per exchange costs the loop throughput.
      if (bodyBytes(l) + bodyBytes(c) > YIELD_ABOVE_BYTES) await nextTurn();
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
    signal.addEventListener('abort', release, { once: true });
    await drainInLanes(selected(reader.exchanges(filter), options, partitionOf, skipped, source), laneKeyOf(options.order, partitionOf), options.order === 'global' ? 1 : options.concurrency, work, signal);
    signal.removeEventListener('abort', release);
    options.onProgress?.({ done, total, mismatches: aggregator.compared - aggregator.categories.match, elapsedMs: performance.now() - began });
    captureSha256 = await input.sha256();
  } finally {
    try {
      input.close();
    } finally {
      await Promise.all([legacy.close(), candidate.close(), secondary?.close()]);
    }
  }
  const finishedAt = new Date();
  const capture = { path: options.capture, sha256: captureSha256, beingWritten: input.beingWritten };
  const interrupted = signal.aborted && !(source.exhausted && done === source.yielded);
  const report = buildReport(options, aggregator, settings, skipped, credentials, startedAt, finishedAt, capture, interrupted, interrupted ? streaks.stopped : undefined, keyCoverage);
  return redactReportText(report, redaction.text);
}

/** Bodies together above this size get a turn of the event loop before their compare. */
const YIELD_ABOVE_BYTES = 64 * 1024;
const bodyBytes = (reply: Reply): number => (reply.kind === 'answer' ? reply.body.byteLength : 0);

const NO_RECORDED_ANSWER = 'no recorded answer (a request-only import): replay with --legacy URL';

/** Applies limit, shard and skip rules lazily over the capture's stream. */
function* selected(
  exchanges: Iterable<Exchange>,
  options: ReplayOptions,
  partitionOf: (e: Exchange) => string | undefined,
  skipped: Record<string, number>,
  source: { yielded: number; exhausted: boolean },
): Generator<Exchange> {
  let taken = 0;
  for (const exchange of exchanges) {
    if (options.limit !== undefined && taken >= options.limit) break;
    if (options.shard && shardOf(partitionOf(exchange) ?? `#${exchange.seq}`, options.shard.count) !== options.shard.index) continue;
    taken++;
    const skip = exchange.requestTruncated ? 'request body truncated at record time' : options.legacy === 'recorded' && exchange.tags.includes(RESPONSE_NOT_RECORDED) ? NO_RECORDED_ANSWER : undefined;
    if (skip) {
      skipped[skip] = (skipped[skip] ?? 0) + 1;
      continue;
    }
    source.yielded++;
    yield exchange;
  }
  source.exhausted = true;
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
  capture: ReportV1['run']['capture'],
  interrupted: boolean,
  unreachable: Unreachable | undefined,
  keyCoverage: KeyCoverage | undefined,
): ReportV1 {
  return reportFrom(a, settings, {
    run: {
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      interrupted,
      capture,
      config: options.configFile ?? null,
      legacy: options.legacy === 'recorded' ? 'recorded' : options.legacy.href,
      candidate: options.candidate.href,
      secondary: options.secondary?.href ?? null,
      order: options.order,
      partitionKey: options.order === 'key' ? options.partitionKey : null,
      ...(keyCoverage ? { partitionKeyCoverage: keyCoverage } : {}),
      concurrency: options.concurrency,
      shard: options.shard ?? null,
      mergedShards: null,
      ...(unreachable ? { unreachable } : {}),
    },
    skipped,
    credentials,
    legacySource: options.legacy === 'recorded' ? 'recorded' : 'live',
    settings: { compare: options.compare ?? {}, timeoutMs: options.timeoutMs, maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, maxConsecutiveFailures: options.maxConsecutiveFailures ?? DEFAULT_MAX_CONSECUTIVE_FAILURES, minKeyCoverage: options.minKeyCoverage ?? DEFAULT_MIN_KEY_COVERAGE, rate: options.rate ?? null, limit: options.limit ?? null, filter: options.filter ?? {}, resetPath: options.resetPath ?? null },
  });
}
