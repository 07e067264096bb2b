import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { NewExchange } from '../core/exchange.js';
import type { RedactionOptions } from '../redact/redaction-rules.js';
import type { FromWorker, StoreWorkerData, ToWorker } from './sink-protocol.js';

export interface CaptureSinkOptions {
  /** An existing, empty capture file (see createCapture). */
  readonly file: string;
  readonly redaction: RedactionOptions;
  readonly key: Uint8Array;
  /** Credentials are sealed under it (PARITY_SEAL_KEY); without it they are removed. */
  readonly sealKey?: Uint8Array | undefined;
  /** Truncated bodies arrive with a little more than this (see TRUNCATION_LOOKAHEAD) and are cut to it once cleaned. */
  readonly maxBodyBytes: number;
  /** How often a partial batch is sent to the writer: the most a crash can lose. */
  readonly batchIntervalMs?: number;
  readonly maxBatch?: number;
  /** Captures waiting or being written, in body bytes, before new ones are dropped. */
  readonly maxQueuedBytes?: number;
  readonly maxQueued?: number;
}

export interface SinkStats {
  /** Offered to the sink. */
  readonly offered: number;
  readonly written: number;
  /** Dropped because the store was slow, full or failing: the proxied request was unaffected. */
  readonly dropped: number;
  /** Refused by redaction (track data, or redaction failing): never stored. */
  readonly refused: number;
  /** Bodies redaction could not decode to clean, so stored empty (the exchange is tagged). */
  readonly withheld: number;
  readonly storeErrors: number;
}

interface SinkEvents {
  'store-error': [message: string];
}

/**
 * The fail-open path from proxy to disk: `offer` never blocks and never throws; when the writer
 * falls behind, the queue bound is hit and captures are dropped and counted instead.
 */
export class CaptureSink extends EventEmitter<SinkEvents> {
  readonly #worker: Worker;
  readonly #intervalMs: number;
  readonly #maxBatch: number;
  readonly #maxQueuedBytes: number;
  readonly #maxQueued: number;
  #pending: NewExchange[] = [];
  #queuedBytes = 0;
  #queued = 0;
  #inFlight = new Map<number, { bytes: number; count: number }>();
  #nextId = 1;
  #timer: NodeJS.Timeout;
  #failed = false;
  #closing: Promise<SinkStats> | undefined;
  #drained: (() => void) | undefined;
  #stats = { offered: 0, written: 0, dropped: 0, refused: 0, withheld: 0, storeErrors: 0 };

  private constructor(worker: Worker, options: CaptureSinkOptions) {
    super();
    this.#worker = worker;
    this.#intervalMs = options.batchIntervalMs ?? 100;
    this.#maxBatch = options.maxBatch ?? 1_000;
    this.#maxQueuedBytes = options.maxQueuedBytes ?? 64 * 1024 * 1024;
    this.#maxQueued = options.maxQueued ?? 50_000;
    this.#timer = setInterval(() => this.#flush(), this.#intervalMs);
    this.#timer.unref();
    worker.on('message', (message: FromWorker) => this.#onMessage(message));
    worker.on('error', (error) => this.#fail(`store worker crashed: ${error.message}`));
  }

  /** Starts the writer thread; resolves once it has the capture open. */
  static async start(options: CaptureSinkOptions): Promise<CaptureSink> {
    const data: StoreWorkerData = { file: options.file, redaction: options.redaction, key: options.key, sealKey: options.sealKey, maxBodyBytes: options.maxBodyBytes };
    const worker = spawnStoreWorker(data);
    await new Promise<void>((resolve, reject) => {
      const onMessage = (m: FromWorker) => m.type === 'ready' && done(resolve);
      const onError = (e: Error) => done(() => reject(e));
      const done = (then: () => void) => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        then();
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
    });
    return new CaptureSink(worker, options);
  }

  get stats(): SinkStats {
    return { ...this.#stats };
  }

  offer(exchange: NewExchange): void {
    this.#stats.offered++;
    const bytes = sizeOf(exchange);
    if (this.#failed || this.#closing || this.#queued >= this.#maxQueued || this.#queuedBytes + bytes > this.#maxQueuedBytes) {
      this.#stats.dropped++;
      return;
    }
    this.#pending.push(exchange);
    this.#queued++;
    this.#queuedBytes += bytes;
    if (this.#pending.length >= this.#maxBatch) this.#flush();
  }

  /** Sends what is pending, waits for every batch to be written, checkpoints and closes the file. */
  close(): Promise<SinkStats> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<SinkStats> {
    clearInterval(this.#timer);
    this.#flush();
    if (this.#inFlight.size > 0 && !this.#failed) await new Promise<void>((resolve) => (this.#drained = resolve));
    if (!this.#failed) {
      const closed = new Promise<FromWorker>((resolve) => {
        this.#worker.on('message', (m: FromWorker) => m.type === 'closed' && resolve(m));
        this.#worker.once('exit', () => resolve({ type: 'closed', error: 'the store worker exited' }));
      });
      this.#post({ type: 'close' });
      const reply = await closed;
      if (reply.type === 'closed' && reply.error) this.#fail(`closing the capture failed: ${reply.error}`);
    }
    await this.#worker.terminate();
    return this.stats;
  }

  #flush(): void {
    if (this.#pending.length === 0 || this.#failed) return;
    const batch = this.#pending;
    this.#pending = [];
    const id = this.#nextId++;
    this.#inFlight.set(id, { bytes: batch.reduce((sum, e) => sum + sizeOf(e), 0), count: batch.length });
    const { exchanges, arena } = packBodies(batch);
    this.#post({ type: 'batch', id, exchanges }, [arena]);
  }

  #post(message: ToWorker, transfer: ArrayBuffer[] = []): void {
    this.#worker.postMessage(message, transfer);
  }

  #onMessage(message: FromWorker): void {
    if (message.type !== 'ack') return;
    const batch = this.#inFlight.get(message.id);
    if (!batch) return;
    this.#inFlight.delete(message.id);
    this.#queued -= batch.count;
    this.#queuedBytes -= batch.bytes;
    this.#stats.written += message.written;
    this.#stats.withheld += message.withheld;
    const refused = Object.values(message.refused).reduce((sum, n) => sum + (n ?? 0), 0);
    this.#stats.refused += refused;
    if (message.error) {
      this.#stats.storeErrors++;
      this.#stats.dropped += batch.count - refused;
      this.emit('store-error', message.error);
    }
    if (this.#inFlight.size === 0) this.#drained?.();
  }

  #fail(message: string): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#stats.storeErrors++;
    for (const batch of this.#inFlight.values()) this.#stats.dropped += batch.count;
    this.#stats.dropped += this.#pending.length;
    this.#inFlight.clear();
    this.#pending = [];
    this.emit('store-error', message);
    this.#drained?.();
  }
}

/**
 * Copies every body of a batch into one buffer that is then moved to the worker, not cloned.
 * A body is usually a view into a larger buffer (the socket's read buffer, Node's 8 KiB pool), and
 * cloning a view clones its whole buffer: that made each exchange cost tens of kilobytes of copying.
 */
function packBodies(batch: readonly NewExchange[]): { exchanges: NewExchange[]; arena: ArrayBuffer } {
  let total = 0;
  for (const e of batch) total += e.requestBody.byteLength + (e.response.kind === 'answer' ? e.response.body.byteLength : 0);
  const arena = new Uint8Array(total);
  let at = 0;
  const place = (body: Uint8Array): Uint8Array => {
    arena.set(body, at);
    at += body.byteLength;
    return arena.subarray(at - body.byteLength, at);
  };
  const exchanges = batch.map((e): NewExchange => {
    const requestBody = place(e.requestBody);
    return { ...e, requestBody, response: e.response.kind === 'answer' ? { ...e.response, body: place(e.response.body) } : e.response };
  });
  return { exchanges, arena: arena.buffer };
}

function sizeOf(e: NewExchange): number {
  return e.requestBody.byteLength + (e.response.kind === 'answer' ? e.response.body.byteLength : 0) + 512;
}

/** From dist/ the worker is plain JS; from src/ (tests, tsx) it is TypeScript, loaded through tsx. */
function spawnStoreWorker(data: StoreWorkerData): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const script = new URL(fromSource ? './store-worker.ts' : './store-worker.js', import.meta.url);
  if (!fromSource) return new Worker(script, { workerData: data });
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(script.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: data });
}
