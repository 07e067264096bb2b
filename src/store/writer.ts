import type { NewExchange } from '../core/exchange.js';
import type { CaptureDb } from './capture-file.js';
import { INSERT_EXCHANGE, toRow } from './rows.js';

/** Appends exchanges to a capture, one transaction per batch (a batch is all or nothing on disk). */
export class CaptureWriter {
  readonly #db: CaptureDb;
  readonly #insertBatch: (batch: readonly NewExchange[]) => void;

  constructor(db: CaptureDb) {
    this.#db = db;
    const insert = db.prepare(INSERT_EXCHANGE);
    this.#insertBatch = db.transaction((batch: readonly NewExchange[]) => {
      for (const exchange of batch) insert.run(toRow(exchange));
    });
  }

  append(batch: readonly NewExchange[]): void {
    if (batch.length > 0) this.#insertBatch(batch);
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
