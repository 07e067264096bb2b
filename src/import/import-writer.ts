import { Worker } from 'node:worker_threads';
import { ParityError } from '../core/errors.js';
import type { NewExchange } from '../core/exchange.js';
import { toRow } from '../store/rows.js';
import { startModuleWorker } from '../util/module-worker.js';
import { RowPacker, type PackedRows } from './packed-rows.js';

export interface ImportWorkerData {
  readonly file: string;
}
export type ToImportWorker = { readonly type: 'rows'; readonly rows: PackedRows } | { readonly type: 'close' };
export type FromImportWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'written'; readonly count: number }
  | { readonly type: 'failed'; readonly message: string; readonly code?: string; readonly unwritable?: true }
  | { readonly type: 'closed'; readonly error?: string };

/**
 * Batches sent and not yet written past which the reader waits: two keep both threads busy
 * whichever is slower for a while; more would only hold memory (about 1.5 MB a batch of 1,000).
 */
const MAX_IN_FLIGHT = 3;

/**
 * Writes an import's exchanges into its capture from a second thread, one transaction per batch
 * as before: SQLite's inserts cost about as much CPU as reading and parsing the file, and on one
 * thread the two add up. Rows are made here (toRow) and handed over packed (packed-rows.ts).
 */
export class ImportWriter {
  readonly #worker: Worker;
  readonly #file: string;
  readonly #packer = new RowPacker();
  /** One callback per batch sent and not yet written, oldest first (the worker writes in order). */
  readonly #inFlight: (() => void)[] = [];
  readonly #closed: Promise<string | undefined>;
  #failure: Error | undefined;
  #closing = false;
  #wake: (() => void) | undefined;

  private constructor(worker: Worker, file: string) {
    this.#worker = worker;
    this.#file = file;
    this.#closed = new Promise((resolve) => {
      worker.on('message', (message: FromImportWorker) => {
        if (message.type === 'written') this.#inFlight.shift()?.();
        else if (message.type === 'failed') this.#failure ??= this.#failureOf(message);
        else if (message.type === 'closed') resolve(message.error);
        this.#wake?.();
      });
      worker.on('error', (error) => {
        this.#failure ??= new Error(`the import's writer thread crashed: ${error.message}`, { cause: error });
        this.#wake?.();
      });
      worker.once('exit', () => {
        if (!this.#closing) this.#failure ??= new Error("the import's writer thread exited before the import was written");
        resolve(undefined);
        this.#wake?.();
      });
    });
  }

  /**
   * Starts the writer thread on `file` (an empty capture createCapture made, closed) without
   * waiting for it: the reader parses the first batches while the thread loads and opens the
   * file (tens of milliseconds from dist/, hundreds through tsx). Batches sent before it is
   * ready wait in its port; a failure to open surfaces at the next flush or at finish.
   */
  static start(file: string): ImportWriter {
    const data: ImportWorkerData = { file };
    return new ImportWriter(startModuleWorker(import.meta.url, 'import-store-worker', data), file);
  }

  /** Exchanges added and not yet sent. */
  get pending(): number {
    return this.#packer.count;
  }

  add(exchange: NewExchange): void {
    this.#packer.add(toRow(exchange));
  }

  /**
   * Sends what was added as one transaction; `onWritten` is called once it is committed. Waits
   * while enough batches are in flight, so a fast reader never holds the whole file in memory.
   */
  async flush(onWritten: () => void): Promise<void> {
    this.#throwIfFailed();
    if (this.#packer.count === 0) return;
    const rows = this.#packer.take();
    this.#inFlight.push(onWritten);
    this.#worker.postMessage({ type: 'rows', rows } satisfies ToImportWorker, [rows.buffer as ArrayBuffer]);
    await this.#until(() => this.#inFlight.length < MAX_IN_FLIGHT);
  }

  /** Waits for every batch to be written, then closes the capture (checkpointed, one file). */
  async finish(): Promise<void> {
    await this.#until(() => this.#inFlight.length === 0);
    this.#close();
    const error = await this.#closed;
    this.#throwIfFailed();
    if (error !== undefined) throw new Error(`closing ${this.#file}: ${error}`);
  }

  /** Closes the capture without waiting on anything but the batches already sent; for an import that will not complete. */
  async abandon(): Promise<void> {
    this.#close();
    await this.#closed;
  }

  #close(): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#worker.postMessage({ type: 'close' } satisfies ToImportWorker);
  }

  async #until(done: () => boolean): Promise<void> {
    while (!done()) {
      this.#throwIfFailed();
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
    this.#wake = undefined;
    this.#throwIfFailed();
  }

  #throwIfFailed(): void {
    if (this.#failure) throw this.#failure;
  }

  #failureOf(message: Extract<FromImportWorker, { type: 'failed' }>): Error {
    if (message.unwritable) {
      return new ParityError('CAPTURE_UNWRITABLE', `cannot write capture ${this.#file}: ${message.code ?? 'error'}: ${message.message}`, {
        hint: 'free disk space or pick a directory you can write to; the partial capture was removed',
      });
    }
    return Object.assign(new Error(`writing ${this.#file}: ${message.message}`), message.code !== undefined ? { code: message.code } : {});
  }
}
