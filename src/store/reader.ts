import type { Exchange } from '../core/exchange.js';
import type { CaptureDb, CaptureMeta } from './capture-file.js';
import { whereClause, type ExchangeFilter } from './filter.js';
import { fromRow, type ExchangeRow } from './rows.js';
import { summarize, type CaptureSummary } from './summary.js';

/** Reads a capture in sequence order without loading it: rows stream from SQLite one at a time. */
export class CaptureReader {
  readonly #db: CaptureDb;
  readonly meta: CaptureMeta;

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
    for (const row of rows) yield fromRow(row);
  }

  /** Counts, time span, endpoint and status mix; `classify` buckets response bodies (e.g. by decision). */
  summary(classify?: (responseBody: Buffer) => string | undefined): CaptureSummary {
    return summarize(this.#db, classify);
  }

  close(): void {
    this.#db.close();
  }
}
