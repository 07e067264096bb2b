import { EventEmitter } from 'node:events';
import { createCapture, removeCapture } from '../store/index.js';
import { CaptureSink, type SinkStats } from './capture-sink.js';
import { RecordingProxy, type ProxyOptions, type ProxyStats } from './proxy.js';
import { RECORD_DEFAULTS } from './record-defaults.js';
import type { RedactionOptions } from '../redact/redaction-rules.js';
import { REDACTION_ENGINE } from '../redact/redactor.js';

export interface RecordOptions extends ProxyOptions {
  readonly out: string;
  readonly redaction: RedactionOptions;
  /** The card-surrogate key (from PARITY_REDACT_KEY); kept in memory only. */
  readonly key: Uint8Array;
  /** Credentials are sealed under it (from PARITY_SEAL_KEY), in memory only; without it they are removed. */
  readonly sealKey?: Uint8Array | undefined;
  /** Stop by itself after this long. */
  readonly durationMs?: number;
  readonly createdBy: string;
  readonly batchIntervalMs?: number;
}

/**
 * A recording of everything, through a proxy on 127.0.0.1 with an ephemeral port: for loops run
 * in one process (the demo, tests).
 */
export function localRecordOptions(target: URL, out: string, key: Uint8Array, createdBy: string): RecordOptions {
  return { ...RECORD_DEFAULTS, target, port: 0, include: [], exclude: [], out, redaction: {}, key, createdBy };
}

export interface RecordSummary {
  readonly proxy: ProxyStats;
  readonly capture: SinkStats;
  readonly elapsedMs: number;
  readonly stoppedBy: StopReason;
}

export type StopReason = 'limit' | 'duration' | 'signal';

interface RecordingEvents {
  /** The recording wants to end by itself (limit or duration reached); call `stop`. */
  done: [reason: StopReason];
  'store-error': [message: string];
}

/** A running recording: the proxy in front of the target, feeding the capture file through the sink. */
export class Recording extends EventEmitter<RecordingEvents> {
  readonly #proxy: RecordingProxy;
  readonly #sink: CaptureSink;
  readonly #started = Date.now();
  readonly #timer: NodeJS.Timeout | undefined;
  #stopping: Promise<RecordSummary> | undefined;

  private constructor(proxy: RecordingProxy, sink: CaptureSink, durationMs: number | undefined) {
    super();
    this.#proxy = proxy;
    this.#sink = sink;
    proxy.on('exchange', (exchange) => sink.offer(exchange));
    proxy.once('limit', () => this.emit('done', 'limit'));
    sink.on('store-error', (message) => this.emit('store-error', message));
    if (durationMs !== undefined) this.#timer = setTimeout(() => this.emit('done', 'duration'), durationMs);
  }

  /** Creates the capture file (refusing an existing one), starts the writer, then the proxy. */
  static async start(options: RecordOptions): Promise<Recording> {
    createCapture(options.out, { createdBy: options.createdBy, source: 'record', redaction: REDACTION_ENGINE, redactionKey: options.key }).close();
    let sink: CaptureSink | undefined;
    try {
      sink = await CaptureSink.start({ file: options.out, redaction: options.redaction, key: options.key, sealKey: options.sealKey, maxBodyBytes: options.maxBodyBytes, ...(options.batchIntervalMs ? { batchIntervalMs: options.batchIntervalMs } : {}) });
      return new Recording(await RecordingProxy.start(options), sink, options.durationMs);
    } catch (error) {
      await sink?.close();
      // Nothing was recorded into the file made a moment ago: leaving it would make the retry
      // (say, on a free port) fail with CAPTURE_EXISTS.
      removeCapture(options.out);
      throw error;
    }
  }

  get url(): string {
    return this.#proxy.url;
  }

  get stats(): { readonly proxy: ProxyStats; readonly capture: SinkStats } {
    return { proxy: this.#proxy.stats, capture: this.#sink.stats };
  }

  /** Stops accepting, finishes in-flight exchanges, flushes and closes the capture. */
  stop(reason: StopReason): Promise<RecordSummary> {
    this.#stopping ??= (async () => {
      clearTimeout(this.#timer);
      await this.#proxy.stop();
      const capture = await this.#sink.close();
      return { proxy: this.#proxy.stats, capture, elapsedMs: Date.now() - this.#started, stoppedBy: reason };
    })();
    return this.#stopping;
  }
}
