import type { Exchange } from '../core/exchange.js';
import type { CaptureDb, CaptureMeta } from './capture-file.js';
import { whereClause, type ExchangeFilter } from './filter.js';
import { fromRow, type ExchangeRow } from './rows.js';
import { summarize, type CaptureSummary } from './summary.js';

/** Reads a capture in sequence order without loading it: rows stream from SQLite one at a time. */
export class CaptureReader {
  readonly #db: CaptureDb;
  readonly meta: CaptureMeta;
  /** Row iterators still stepping: an iteration given up part way (a replay stopped by Ctrl-C). */
  readonly #open = new Set<Iterator<unknown>>();

  constructor(db: CaptureDb, meta: CaptureMeta) {
    this.#db = db;
    this.meta = meta;
  }

  count(filter: ExchangeFilter = {}): number {
    const { sql, params } = whereClause(filter);
    return (this.#db.prepare(`SELECT count(*) AS n FROM exchanges ${sql}`).get(...params) as { n: number }).n;
  }

  *exchanges(filter: ExchangeFilter = {}): IterableIterator<Exchange> {
    const { sql, params } = whereClause(filter);
    const rows = this.#db.prepare(`SELECT * FROM exchanges ${sql} ORDER BY seq`).iterate(...params) as IterableIterator<ExchangeRow>;
    this.#open.add(rows);
    try {
      for (const row of rows) yield fromRow(row);
    } finally {
      this.#open.delete(rows);
    }
  }

  /**
   * Every exchange in recorded-time order (ties in sequence order), for merging captures. Only the
   * keys are sorted (SQLite's sorter spills to a temporary file past its memory budget); each row
   * is then read by its sequence number, so bodies are never held beyond the one yielded.
   */
  *inRecordedOrder(): IterableIterator<Exchange> {
    const row = this.#db.prepare('SELECT * FROM exchanges WHERE seq = ?');
    const seqs = this.#db.prepare('SELECT seq FROM exchanges ORDER BY recorded_at, seq').pluck().iterate() as IterableIterator<number>;
    this.#open.add(seqs);
    try {
      for (const seq of seqs) yield fromRow(row.get(seq) as ExchangeRow);
    } finally {
      this.#open.delete(seqs);
    }
  }

  /** Counts, time span, endpoint and status mix; `classify` buckets response bodies (e.g. by decision). */
  summary(classify?: (responseBody: Buffer) => string | undefined): CaptureSummary {
    return summarize(this.#db, classify);
  }

  /** Closes the file, ending any iteration left part way: SQLite will not close a connection with a statement still stepping. */
  close(): void {
    for (const rows of this.#open) rows.return?.();
    this.#open.clear();
    this.#db.close();
  }
}
