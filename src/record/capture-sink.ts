import { EventEmitter } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../util/module-worker.js';
import type { NewExchange } from '../core/exchange.js';
import type { RedactionOptions } from '../redact/redaction-rules.js';
import { BatchPacker } from './batch-codec.js';
import { FailureDigest } from './failure-digest.js';
import type { FromWorker, StoreWorkerData, ToWorker } from './sink-protocol.js';
import { StorePriority } from './store-priority.js';

/**
 * The store's promises, in one place (the README's Recording section states them):
 * - an exchange waits at most `batchIntervalMs` before it is sent to the writer;
 * - no exchange is queued behind one older than `maxLagMs`: past that the writer is behind, and
 *   new exchanges are dropped and counted until it catches up. With the writer at a normal
 *   priority when it lags (store-priority.ts), this is what bounds a kill -9's loss in time;
 * - a stop waits at most `drainTimeoutMs` for the queue; what is still queued then is dropped
 *   and counted, and the capture is closed.
 */
export const SINK_DEFAULTS = {
  batchIntervalMs: 100,
  maxBatch: 1_000,
  maxLagMs: 750,
  maxQueuedBytes: 64 * 1024 * 1024,
  maxQueued: 50_000,
  drainTimeoutMs: 2_000,
  /** Repeated store failures are told once per this interval, counted. */
  warningIntervalMs: 5_000,
} as const;

export interface CaptureSinkOptions {
  /** An existing, empty capture file (see createCapture). */
  readonly file: string;
  readonly redaction: RedactionOptions;
  readonly key: Uint8Array;
  /** Credentials are sealed under it (PARITY_SEAL_KEY); without it they are removed. */
  readonly sealKey?: Uint8Array | undefined;
  /** Truncated bodies arrive with a little more than this (see TRUNCATION_LOOKAHEAD) and are cut to it once cleaned. */
  readonly maxBodyBytes: number;
  /** How often a partial batch is sent to the writer. */
  readonly batchIntervalMs?: number;
  readonly maxBatch?: number;
  /** The age of the oldest exchange not yet written past which new ones are dropped. */
  readonly maxLagMs?: number;
  /** Captures waiting or being written, in body bytes, before new ones are dropped. */
  readonly maxQueuedBytes?: number;
  readonly maxQueued?: number;
  readonly drainTimeoutMs?: number;
  readonly warningIntervalMs?: number;
}

export interface SinkStats {
  /** Offered to the sink. */
  readonly offered: number;
  readonly written: number;
  /** Dropped because the store was slow, full, failing or lost: the proxied request was unaffected. */
  readonly dropped: number;
  /** Refused by redaction (track data, or redaction failing): never stored. */
  readonly refused: number;
  /** Bodies redaction could not decode to clean, so stored empty (the exchange is tagged). */
  readonly withheld: number;
  readonly storeErrors: number;
  /** Why the capture was lost mid-run (deleted, moved, unwritable, the writer crashed); absent while it is intact. */
  readonly lost?: string;
}

interface SinkEvents {
  /** A store failure; repeats within `warningIntervalMs` come as one counted message. */
  'store-error': [message: string];
}

interface Batch {
  readonly bytes: number;
  readonly count: number;
  /** When its oldest exchange was offered. */
  readonly since: number;
}

/**
 * The fail-open path from proxy to disk: `offer` never blocks and never throws; when the writer
 * falls behind, the queue bound is hit and captures are dropped and counted instead.
 */
export class CaptureSink extends EventEmitter<SinkEvents> {
  readonly #worker: Worker;
  readonly #abandon: Int32Array;
  readonly #priority: StorePriority;
  readonly #digest: FailureDigest;
  readonly #options: Required<Omit<CaptureSinkOptions, 'file' | 'redaction' | 'key' | 'sealKey' | 'maxBodyBytes'>>;
  #pending = new BatchPacker();
  #pendingSince = 0;
  #queuedBytes = 0;
  #queued = 0;
  /** Batches sent and not yet acknowledged, oldest first (the worker acknowledges in order). */
  #inFlight = new Map<number, Batch>();
  /** When the oldest exchange of the oldest batch in flight was offered: read by every offer, so kept, not searched. */
  #inFlightSince: number | undefined;
  #nextId = 1;
  #timer: NodeJS.Timeout;
  #failed = false;
  #workerGone = false;
  #closing: Promise<SinkStats> | undefined;
  #drained: (() => void) | undefined;
  #stats: { offered: number; written: number; dropped: number; refused: number; withheld: number; storeErrors: number; lost?: string } = {
    offered: 0,
    written: 0,
    dropped: 0,
    refused: 0,
    withheld: 0,
    storeErrors: 0,
  };

  private constructor(worker: Worker, abandon: Int32Array, workerTid: number | undefined, options: CaptureSinkOptions) {
    super();
    this.#worker = worker;
    this.#abandon = abandon;
    this.#options = {
      batchIntervalMs: options.batchIntervalMs ?? SINK_DEFAULTS.batchIntervalMs,
      maxBatch: options.maxBatch ?? SINK_DEFAULTS.maxBatch,
      maxLagMs: options.maxLagMs ?? SINK_DEFAULTS.maxLagMs,
      maxQueuedBytes: options.maxQueuedBytes ?? SINK_DEFAULTS.maxQueuedBytes,
      maxQueued: options.maxQueued ?? SINK_DEFAULTS.maxQueued,
      drainTimeoutMs: options.drainTimeoutMs ?? SINK_DEFAULTS.drainTimeoutMs,
      warningIntervalMs: options.warningIntervalMs ?? SINK_DEFAULTS.warningIntervalMs,
    };
    this.#priority = new StorePriority(workerTid);
    this.#digest = new FailureDigest(this.#options.warningIntervalMs, (message) => this.emit('store-error', message));
    this.#timer = setInterval(() => this.#tick(), this.#options.batchIntervalMs);
    this.#timer.unref();
    worker.on('message', (message: FromWorker) => this.#onMessage(message));
    worker.on('error', (error) => this.#fail(`the store worker crashed: ${error.message}`));
    worker.once('exit', () => (this.#workerGone = true));
  }

  /** Starts the writer thread; resolves once it has the capture open. */
  static async start(options: CaptureSinkOptions): Promise<CaptureSink> {
    const abandon = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    const data: StoreWorkerData = { file: options.file, redaction: options.redaction, key: options.key, sealKey: options.sealKey, maxBodyBytes: options.maxBodyBytes, abandon };
    const worker = spawnStoreWorker(data);
    const tid = await new Promise<number | undefined>((resolve, reject) => {
      const onMessage = (m: FromWorker) => m.type === 'ready' && done(() => resolve(m.tid));
      const onError = (e: Error) => done(() => reject(e));
      const done = (then: () => void) => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        then();
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
    });
    return new CaptureSink(worker, abandon, tid, options);
  }

  get stats(): SinkStats {
    return { ...this.#stats };
  }

  offer(exchange: NewExchange): void {
    this.#stats.offered++;
    const bytes = sizeOf(exchange);
    const now = Date.now();
    if (
      this.#failed ||
      this.#closing ||
      this.#queued >= this.#options.maxQueued ||
      this.#queuedBytes + bytes > this.#options.maxQueuedBytes ||
      this.#lag(now) > this.#options.maxLagMs
    ) {
      this.#stats.dropped++;
      return;
    }
    if (this.#pending.count === 0) this.#pendingSince = now;
    this.#pending.add(exchange);
    this.#queued++;
    this.#queuedBytes += bytes;
    if (this.#pending.count >= this.#options.maxBatch) this.#flush();
  }

  /** Sends what is pending, waits (a bounded time) for every batch to be written, checkpoints and closes the file. */
  close(): Promise<SinkStats> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<SinkStats> {
    clearInterval(this.#timer);
    this.#flush();
    if (this.#inFlight.size > 0) {
      const drained = new Promise<void>((resolve) => (this.#drained = resolve));
      let timer: NodeJS.Timeout | undefined;
      const waited = await Promise.race([drained.then(() => true), new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), this.#options.drainTimeoutMs)))]);
      clearTimeout(timer);
      // The worker skips what is still queued for it (counted dropped) rather than keep the stop waiting.
      if (!waited) Atomics.store(this.#abandon, 0, 1);
      await drained;
    }
    if (!this.#workerGone) {
      const closed = new Promise<FromWorker>((resolve) => {
        this.#worker.on('message', (m: FromWorker) => m.type === 'closed' && resolve(m));
        this.#worker.once('exit', () => resolve({ type: 'closed', error: 'the store worker exited' }));
      });
      this.#post({ type: 'close' });
      const reply = await closed;
      if (reply.type === 'closed' && reply.lost !== undefined) this.#lose(reply.lost);
      else if (reply.type === 'closed' && reply.error !== undefined) this.#fail(`closing the capture failed: ${reply.error}`);
    }
    await this.#worker.terminate();
    this.#digest.close();
    return this.stats;
  }

  #tick(): void {
    this.#flush();
    const now = Date.now();
    this.#priority.update(this.#lag(now), now);
  }

  /** How long the oldest exchange not yet written has waited; 0 when none is. */
  #lag(now: number): number {
    return now - (this.#inFlightSince ?? (this.#pending.count > 0 ? this.#pendingSince : now));
  }

  #flush(): void {
    if (this.#pending.count === 0 || this.#failed) return;
    const count = this.#pending.count;
    const bytes = this.#pending.bodyBytes + count * EXCHANGE_OVERHEAD_BYTES;
    const packed = this.#pending.take();
    const id = this.#nextId++;
    this.#inFlightSince ??= this.#pendingSince;
    this.#inFlight.set(id, { bytes, count, since: this.#pendingSince });
    this.#post({ type: 'batch', id, ...packed }, [packed.bodies]);
  }

  #post(message: ToWorker, transfer: ArrayBuffer[] = []): void {
    this.#worker.postMessage(message, transfer);
  }

  #onMessage(message: FromWorker): void {
    if (message.type !== 'ack') return;
    const batch = this.#inFlight.get(message.id);
    if (!batch) return;
    this.#inFlight.delete(message.id);
    this.#inFlightSince = this.#inFlight.values().next().value?.since;
    this.#queued -= batch.count;
    this.#queuedBytes -= batch.bytes;
    this.#stats.written += message.written;
    this.#stats.withheld += message.withheld;
    const refused = Object.values(message.refused).reduce((sum, n) => sum + (n ?? 0), 0);
    this.#stats.refused += refused;
    this.#stats.dropped += batch.count - message.written - refused;
    if (message.lost && message.error !== undefined) this.#lose(message.error);
    else if (message.error !== undefined) {
      this.#stats.storeErrors++;
      this.#digest.add(message.error);
    }
    if (this.#inFlight.size === 0) this.#drained?.();
  }

  /** The capture is gone or unwritable: nothing more is sent, and the loss is told at once, not digested. */
  #lose(reason: string): void {
    if (this.#stats.lost !== undefined) return;
    this.#stats.lost = reason;
    this.#stop();
    this.#stats.storeErrors++;
    this.emit('store-error', `${reason}; nothing more is recorded`);
  }

  /** The writer itself failed (crashed, or could not close the file): what it had not written is dropped. */
  #fail(message: string): void {
    if (this.#failed) return;
    this.#stop();
    for (const batch of this.#inFlight.values()) this.#stats.dropped += batch.count;
    this.#inFlight.clear();
    this.#inFlightSince = undefined;
    this.#stats.storeErrors++;
    this.emit('store-error', message);
    this.#drained?.();
  }

  #stop(): void {
    this.#failed = true;
    this.#stats.dropped += this.#pending.count;
    this.#pending.take();
  }
}

/** What an exchange counts for against maxQueuedBytes besides its bodies (its head, its JSON). */
const EXCHANGE_OVERHEAD_BYTES = 512;

function sizeOf(e: NewExchange): number {
  return e.requestBody.byteLength + (e.response.kind === 'answer' ? e.response.body.byteLength : 0) + EXCHANGE_OVERHEAD_BYTES;
}

/**
 * The store worker's young generation, capped at half V8's default: it takes a steady stream of
 * short-lived batches, and left alone V8 grows the young generation to its maximum under
 * saturation, RSS that is never given back. Measured with bench:peers (2 rounds each, same tree):
 * 24 MB took the recorder's RSS peak from 181 to 169 MB at the same CPU per request (486 and 459
 * µs); 12 MB took off more but cost 14% more CPU in more scavenges (bench/README.md, Recording).
 */
const STORE_WORKER_LIMITS = { maxYoungGenerationSizeMb: 24 } as const;

function spawnStoreWorker(data: StoreWorkerData): Worker {
  return startModuleWorker(import.meta.url, 'store-worker', data, STORE_WORKER_LIMITS);
}
