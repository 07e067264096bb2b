import { statSync } from 'node:fs';
import type { NewExchange } from '../core/exchange.js';
import type { CaptureDb } from './capture-file.js';
import { INSERT_EXCHANGE, toRow, type NewExchangeRow } from './rows.js';

/**
 * SQLite's answers that mean the file cannot take more writes, as opposed to a lock held for a
 * moment (SQLITE_BUSY) that the next batch may not meet.
 */
const UNWRITABLE = /^SQLITE_(FULL|IOERR|READONLY|CORRUPT|NOTADB|CANTOPEN|PERM)/;

/** Appends exchanges to a capture, one transaction per batch (a batch is all or nothing on disk). */
export class CaptureWriter {
  readonly #db: CaptureDb;
  readonly #insertBatch: (batch: readonly NewExchange[]) => void;
  readonly #insertRows: (rows: readonly NewExchangeRow[]) => void;
  /** The file the capture was opened as (none for an in-memory database). */
  readonly #identity: { readonly dev: number; readonly ino: number } | undefined;

  constructor(db: CaptureDb) {
    this.#db = db;
    const insert = db.prepare(INSERT_EXCHANGE);
    this.#insertBatch = db.transaction((batch: readonly NewExchange[]) => {
      for (const exchange of batch) insert.run(toRow(exchange));
    });
    this.#insertRows = db.transaction((rows: readonly NewExchangeRow[]) => {
      for (const row of rows) insert.run(row);
    });
    const opened = db.memory ? undefined : statSync(db.name, { throwIfNoEntry: false });
    this.#identity = opened && { dev: opened.dev, ino: opened.ino };
  }

  append(batch: readonly NewExchange[]): void {
    if (batch.length > 0) this.#insertBatch(batch);
  }

  /** The same, for rows toRow already made (on another thread: see import/import-writer.ts). */
  appendRows(rows: readonly NewExchangeRow[]): void {
    if (rows.length > 0) this.#insertRows(rows);
  }

  /**
   * Why the capture is no longer the file at its path, or undefined while it is. SQLite keeps
   * writing into a deleted file's inode without a word, and a run that then reports what it
   * "recorded" into a path holding nothing is the failure this catches.
   */
  missing(): string | undefined {
    if (!this.#identity) return undefined;
    const now = statSync(this.#db.name, { throwIfNoEntry: false });
    if (!now) return `${this.#db.name} was deleted or moved while recording`;
    if (now.dev !== this.#identity.dev || now.ino !== this.#identity.ino) return `${this.#db.name} was replaced by another file while recording`;
    return undefined;
  }

  /** Why a failed write means the capture cannot be written at all (disk full, I/O error, read-only), or undefined. */
  unwritable(error: unknown): string | undefined {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code !== 'string' || !UNWRITABLE.test(code)) return undefined;
    return `${this.#db.name} cannot be written (${code}: ${error instanceof Error ? error.message : String(error)})`;
  }

  /**
   * Checkpoints the WAL into the main file and closes; the capture is then one self-contained
   * file. Leaving WAL mode as well means a reader later opens it without creating -wal and -shm
   * files beside it (a read-only connection cannot remove them). Writing again turns WAL back on.
   */
  close(): void {
    try {
      this.#db.pragma('wal_checkpoint(TRUNCATE)');
      // Needs the file to itself: with a reader still open it stays WAL, which is only untidy.
      this.#db.pragma('journal_mode = DELETE');
    } catch {
      // The data is committed either way; closing is what matters.
    } finally {
      this.#db.close();
    }
  }
}
