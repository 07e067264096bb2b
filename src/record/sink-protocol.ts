import type { RedactionOptions } from '../redact/redaction-rules.js';
import type { RedactionRefusal } from '../redact/redactor.js';
import type { PackedBatch } from './batch-codec.js';

/** What the store worker is started with. The key travels in memory only, never to disk. */
export interface StoreWorkerData {
  readonly file: string;
  readonly redaction: RedactionOptions;
  readonly key: Uint8Array;
  readonly sealKey?: Uint8Array | undefined;
  /** Truncated bodies are cut to this after they are cleaned. */
  readonly maxBodyBytes: number;
  /**
   * Shared with the sink: set to 1 when a stop has waited long enough, and the worker then skips
   * the batches still queued for it. A message would wait behind those very batches.
   */
  readonly abandon: Int32Array;
}

/** A batch travels packed (see batch-codec.ts). */
export type ToWorker = ({ readonly type: 'batch'; readonly id: number } & PackedBatch) | { readonly type: 'close' };

/**
 * `ack.lost`: the capture is gone (deleted, moved, replaced) or cannot be written (disk full, I/O
 * error, read-only); the worker has closed it and writes nothing more. Every exchange of a batch
 * neither written nor refused was dropped.
 */
export type FromWorker =
  | { readonly type: 'ready'; readonly tid: number | undefined }
  | { readonly type: 'ack'; readonly id: number; readonly written: number; readonly refused: Partial<Record<RedactionRefusal, number>>; readonly withheld: number; readonly error?: string; readonly lost?: boolean }
  | { readonly type: 'closed'; readonly error?: string; readonly lost?: string };
