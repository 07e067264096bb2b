import type { NewExchange } from '../core/exchange.js';
import type { RedactionOptions } from '../redact/redaction-rules.js';
import type { RedactionRefusal } from '../redact/redactor.js';

/** What the store worker is started with. The key travels in memory only, never to disk. */
export interface StoreWorkerData {
  readonly file: string;
  readonly redaction: RedactionOptions;
  readonly key: Uint8Array;
  readonly sealKey?: Uint8Array | undefined;
  /** Truncated bodies are cut to this after they are cleaned. */
  readonly maxBodyBytes: number;
}

export type ToWorker = { readonly type: 'batch'; readonly id: number; readonly exchanges: readonly NewExchange[] } | { readonly type: 'close' };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'ack'; readonly id: number; readonly written: number; readonly refused: Partial<Record<RedactionRefusal, number>>; readonly withheld: number; readonly error?: string }
  | { readonly type: 'closed'; readonly error?: string };
