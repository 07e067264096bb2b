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
    // Raw arrays: better-sqlite3 builds a row object key by key in native code, which cost more
    // per exchange than the one object literal rowOf builds from the array.
    const statement = this.#db.prepare(`SELECT * FROM exchanges ${sql} ORDER BY seq`).raw();
    const rowOf = rowReader(statement.columns().map((c) => c.name));
    const rows = statement.iterate(...params) as IterableIterator<unknown[]>;
    this.#open.add(rows);
    try {
      for (const row of rows) yield fromRow(rowOf(row));
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

/**
 * Maps raw row arrays to rows by column position, found once per statement from its column names
 * (a v1 capture has no v2 columns: they read as undefined, as in the row object SQLite would give).
 */
function rowReader(columns: readonly string[]): (raw: readonly unknown[]) => ExchangeRow {
  const at = (name: keyof ExchangeRow): number => columns.indexOf(name);
  const [seq, recordedAt, method, path, query, requestHeaders, requestBody, requestTruncated, status, responseHeaders, responseBody, responseTruncated, upstreamError, latencyUs, tags] = (
    ['seq', 'recorded_at', 'method', 'path', 'query', 'request_headers', 'request_body', 'request_truncated', 'status', 'response_headers', 'response_body', 'response_truncated', 'upstream_error', 'latency_us', 'tags'] as const
  ).map(at) as [number, number, number, number, number, number, number, number, number, number, number, number, number, number, number];
  const [requestFullLength, requestSha256, responseFullLength, responseSha256] = (['request_full_length', 'request_sha256', 'response_full_length', 'response_sha256'] as const).map(at) as [number, number, number, number];
  // Written out field by field so every row object has one shape (one hidden class for fromRow).
  return (r) =>
    ({
      seq: r[seq],
      recorded_at: r[recordedAt],
      method: r[method],
      path: r[path],
      query: r[query],
      request_headers: r[requestHeaders],
      request_body: r[requestBody],
      request_truncated: r[requestTruncated],
      status: r[status],
      response_headers: r[responseHeaders],
      response_body: r[responseBody],
      response_truncated: r[responseTruncated],
      upstream_error: r[upstreamError],
      latency_us: r[latencyUs],
      tags: r[tags],
      request_full_length: requestFullLength === -1 ? undefined : r[requestFullLength],
      request_sha256: requestSha256 === -1 ? undefined : r[requestSha256],
      response_full_length: responseFullLength === -1 ? undefined : r[responseFullLength],
      response_sha256: responseSha256 === -1 ? undefined : r[responseSha256],
    }) as ExchangeRow;
}
