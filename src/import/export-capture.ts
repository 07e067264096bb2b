import { randomBytes } from 'node:crypto';
import { closeSync, createWriteStream, openSync, rmSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { ParityError } from '../core/errors.js';
import type { Exchange } from '../core/exchange.js';
import { resolveRedaction, type RedactionOptions } from '../redact/redaction-rules.js';
import { createRedactor, REDACTION_ENGINE } from '../redact/redactor.js';
import { openCaptureReader } from '../store/index.js';
import { EXPORTERS, type ExportFormat, type TextSink } from './exporters/index.js';

/** A stream-like text target such as `process.stdout`: `write` returning false means "wait for drain". */
export interface TextTarget {
  write(text: string): unknown;
  once?(event: 'drain', listener: () => void): unknown;
}

export interface ExportOptions {
  readonly capture: string;
  readonly format: ExportFormat;
  /** A file to create (mode 0600, never overwritten), or a stream such as stdout. */
  readonly out: string | TextTarget;
  readonly version: string;
  /**
   * Keys for a capture written without Parity's redaction engine (an older Parity's, a tool's):
   * its exchanges are redacted on their way out. Without them a random card-surrogate key is used.
   */
  readonly redaction?: { readonly key: Uint8Array; readonly sealKey?: Uint8Array | undefined; readonly rules?: RedactionOptions };
  /** Called before the first exchange, every 500 read from the capture, and after the last. */
  readonly onProgress?: (progress: ExportProgress) => void;
}

export interface ExportProgress {
  /** Exchanges read from the capture so far (written, or refused by redaction). */
  readonly done: number;
  /** Exchanges in the capture. */
  readonly total: number;
}

export interface ExportResult {
  readonly capture: string;
  readonly format: ExportFormat;
  /** The file written, or undefined for a stream. */
  readonly out: string | undefined;
  readonly exchanges: number;
  /** The capture predates the redaction engine: every exchange was redacted on export. */
  readonly redactedOnExport: boolean;
  /** Exchanges redaction refused (track data): not exported. */
  readonly refused: number;
  readonly bytes: number;
  readonly elapsedMs: number;
}

/** Flush to the target in blocks of this many characters: one write per exchange is slow. */
const BLOCK = 64 * 1024;

/**
 * Streams a capture out in a file format: rows come from the reader one at a time and go out in
 * blocks, waiting whenever the target asks for it, so memory stays flat whatever the capture size.
 */
export async function exportCapture(options: ExportOptions): Promise<ExportResult> {
  const started = performance.now();
  const reader = openCaptureReader(options.capture);
  let file: WriteStream | undefined;
  try {
    file = typeof options.out === 'string' ? createExportFile(options.out) : undefined;
    const target = file ?? (options.out as TextTarget);
    const sink = new BlockSink(target);
    const redactedOnExport = reader.meta.redaction !== REDACTION_ENGINE;
    const refused = { count: 0 };
    const rows = options.onProgress ? counted(reader.exchanges(), reader.count(), options.onProgress) : reader.exchanges();
    const source = redactedOnExport ? redacted(rows, options.redaction, refused) : rows;
    const exchanges = await EXPORTERS[options.format].write(source, sink, { version: options.version });
    await sink.flush();
    if (file) await closeStream(file);
    return { capture: options.capture, format: options.format, out: typeof options.out === 'string' ? options.out : undefined, exchanges, redactedOnExport, refused: refused.count, bytes: sink.bytes, elapsedMs: performance.now() - started };
  } catch (error) {
    if (file) {
      file.destroy();
      rmSync(options.out as string, { force: true });
    }
    throw error;
  } finally {
    reader.close();
  }
}

const PROGRESS_EVERY = 500;

function* counted(exchanges: Iterable<Exchange>, total: number, onProgress: (progress: ExportProgress) => void): Generator<Exchange> {
  let done = 0;
  onProgress({ done, total });
  for (const exchange of exchanges) {
    yield exchange;
    if (++done % PROGRESS_EVERY === 0) onProgress({ done, total });
  }
  onProgress({ done, total });
}

/** Every path to a file goes through the redaction engine: a capture it never saw goes through it here. */
function* redacted(exchanges: Iterable<Exchange>, keys: ExportOptions['redaction'], refused: { count: number }): Generator<Exchange> {
  const redact = createRedactor(resolveRedaction(keys?.rules), { key: keys?.key ?? randomBytes(32), sealKey: keys?.sealKey });
  for (const exchange of exchanges) {
    const result = redact(exchange);
    if (result.ok) yield result.exchange as Exchange;
    else refused.count++;
  }
}

function createExportFile(path: string): WriteStream {
  let fd: number;
  try {
    // Exports hold the same customer traffic as captures: 0600, and never clobber a file.
    fd = openSync(path, 'wx', 0o600);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new ParityError('EXPORT_EXISTS', `export file already exists: ${path}`, { hint: 'choose another --out path; exports never overwrite', cause });
    const reason = code === 'ENOENT' ? `directory ${dirname(path)} does not exist` : code === 'EACCES' || code === 'EROFS' ? `directory ${dirname(path)} is not writable` : String(code ?? cause);
    throw new ParityError('EXPORT_UNWRITABLE', `cannot create ${path}: ${reason}`, { hint: code === 'ENOENT' ? `mkdir -p ${dirname(path)}` : 'pick a directory you can write to', cause });
  }
  try {
    return createWriteStream('', { fd });
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

function closeStream(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => resolve());
  });
}

/** Gathers small writes into blocks and honours the target's backpressure and errors. */
class BlockSink implements TextSink {
  readonly #target: TextTarget;
  #parts: string[] = [];
  #size = 0;
  #error: unknown;
  #wake: (() => void) | undefined;
  bytes = 0;

  constructor(target: TextTarget) {
    this.#target = target;
    const emitter = target as Partial<WriteStream>;
    if (typeof emitter.on === 'function') emitter.on('error', (error: unknown) => {
        this.#error ??= error;
        this.#wake?.(); // a target that failed will never drain
      });
  }

  write(text: string): void | Promise<void> {
    this.#parts.push(text);
    this.#size += text.length;
    if (this.#size >= BLOCK) return this.flush();
  }

  async flush(): Promise<void> {
    if (this.#error) throw this.#error;
    if (this.#size === 0) return;
    const block = this.#parts.join('');
    this.#parts = [];
    this.#size = 0;
    this.bytes += Buffer.byteLength(block);
    const ok = this.#target.write(block);
    if (ok === false && typeof this.#target.once === 'function') {
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        this.#target.once?.('drain', resolve);
      });
      this.#wake = undefined;
    }
    if (this.#error) throw this.#error;
  }
}
