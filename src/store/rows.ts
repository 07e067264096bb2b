import type { Exchange, HeaderList, NewExchange } from '../core/exchange.js';

/** An `exchanges` row as SQLite returns it. */
export interface ExchangeRow {
  readonly seq: number;
  readonly recorded_at: number;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly request_headers: string;
  readonly request_body: Buffer;
  readonly request_truncated: number;
  readonly status: number | null;
  readonly response_headers: string | null;
  readonly response_body: Buffer | null;
  readonly response_truncated: number;
  readonly upstream_error: string | null;
  readonly latency_us: number;
  readonly tags: string;
  /** Added in capture format v2: undefined in a v1 file read as it is, null for a body kept whole. */
  readonly request_full_length?: number | null;
  readonly request_sha256?: string | null;
  readonly response_full_length?: number | null;
  readonly response_sha256?: string | null;
}

export const INSERT_EXCHANGE = `
  INSERT INTO exchanges (seq, recorded_at, method, path, query, request_headers, request_body, request_truncated,
    status, response_headers, response_body, response_truncated, upstream_error, latency_us, tags,
    request_full_length, request_sha256, response_full_length, response_sha256)
  VALUES (@seq, @recorded_at, @method, @path, @query, @request_headers, @request_body, @request_truncated,
    @status, @response_headers, @response_body, @response_truncated, @upstream_error, @latency_us, @tags,
    @request_full_length, @request_sha256, @response_full_length, @response_sha256)`;

/** A row to insert: `seq` null lets SQLite number it. */
export type NewExchangeRow = Omit<ExchangeRow, 'seq'> & { seq: number | null };

export function toRow(e: NewExchange): NewExchangeRow {
  const r = e.response;
  const answer = r.kind === 'answer' ? r : undefined;
  return {
    seq: e.seq ?? null,
    recorded_at: e.recordedAt,
    method: e.method,
    path: e.path,
    query: e.query,
    request_headers: JSON.stringify(e.requestHeaders),
    request_body: toBuffer(e.requestBody),
    request_truncated: e.requestTruncated ? 1 : 0,
    status: answer?.status ?? null,
    response_headers: answer ? JSON.stringify(answer.headers) : null,
    response_body: answer ? toBuffer(answer.body) : null,
    response_truncated: answer?.truncated ? 1 : 0,
    upstream_error: r.kind === 'no-answer' ? r.error : null,
    latency_us: Math.round(r.latencyUs),
    tags: JSON.stringify(e.tags),
    request_full_length: e.requestFullLength ?? null,
    request_sha256: e.requestSha256 ?? null,
    response_full_length: answer?.fullLength ?? null,
    response_sha256: answer?.sha256 ?? null,
  };
}

export function fromRow(row: ExchangeRow): Exchange {
  return {
    seq: row.seq,
    recordedAt: row.recorded_at,
    method: row.method,
    path: row.path,
    query: row.query,
    requestHeaders: JSON.parse(row.request_headers) as HeaderList,
    requestBody: row.request_body,
    requestTruncated: row.request_truncated === 1,
    ...(row.request_full_length != null ? { requestFullLength: row.request_full_length } : {}),
    ...(row.request_sha256 != null ? { requestSha256: row.request_sha256 } : {}),
    response:
      row.status === null
        ? { kind: 'no-answer', error: row.upstream_error ?? 'no response', latencyUs: row.latency_us }
        : {
            kind: 'answer',
            status: row.status,
            headers: JSON.parse(row.response_headers ?? '[]') as HeaderList,
            body: row.response_body ?? Buffer.alloc(0),
            truncated: row.response_truncated === 1,
            ...(row.response_full_length != null ? { fullLength: row.response_full_length } : {}),
            ...(row.response_sha256 != null ? { sha256: row.response_sha256 } : {}),
            latencyUs: row.latency_us,
          },
    tags: JSON.parse(row.tags) as string[],
  };
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
