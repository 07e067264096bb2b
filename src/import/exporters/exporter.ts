import type { Exchange } from '../../core/exchange.js';

/** Where an export writes text; `write` returns a promise when the caller must wait (backpressure). */
export interface TextSink {
  write(text: string): void | Promise<void>;
}

export interface ExportContext {
  /** The Parity version, for file headers that name their creator. */
  readonly version: string;
}

/** Writes exchanges in one file format, streaming: never more than one exchange in memory. */
export interface Exporter {
  readonly format: string;
  readonly description: string;
  /** Writes every exchange; returns how many. */
  write(exchanges: Iterable<Exchange>, sink: TextSink, context: ExportContext): Promise<number>;
}
