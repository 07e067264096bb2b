import type { NewExchangeRow } from '../store/rows.js';

/**
 * Rows for the import's writer thread, packed into one buffer per batch that is handed over
 * without a copy (a transferred ArrayBuffer). Structured cloning an array of row objects would
 * serialize and rebuild every field on both threads; here each string is encoded once and read
 * once, and a body is copied once and bound from a view. The fields are exactly toRow's.
 */

/** A null string or blob; no field of a row comes near 4 GiB. */
const NULL_LENGTH = 0xffff_ffff;
/** The numbers of a row (seq, recorded_at, latency_us, status, the two full lengths, the two truncation flags): 8 bytes each. */
const NUMBERS = 8;
const STRINGS = ['method', 'path', 'query', 'request_headers', 'response_headers', 'upstream_error', 'tags', 'request_sha256', 'response_sha256'] as const;
const FIXED = NUMBERS * 8 + (STRINGS.length + 2) * 4;

export class RowPacker {
  #buffer = Buffer.allocUnsafe(1 << 20);
  #at = 0;
  #count = 0;

  get count(): number {
    return this.#count;
  }

  add(row: NewExchangeRow): void {
    this.#reserve(FIXED + bound(row));
    this.#number(row.seq);
    this.#number(row.recorded_at);
    this.#number(row.latency_us);
    this.#number(row.status);
    this.#number(row.request_full_length ?? null);
    this.#number(row.response_full_length ?? null);
    this.#number(row.request_truncated);
    this.#number(row.response_truncated);
    for (const name of STRINGS) this.#string(row[name] ?? null);
    this.#bytes(row.request_body);
    this.#bytes(row.response_body);
    this.#count++;
  }

  /** The packed batch, its buffer handed over (the packer starts a new one). */
  take(): PackedRows {
    const packed = { buffer: this.#buffer.buffer, byteOffset: this.#buffer.byteOffset, byteLength: this.#at, count: this.#count };
    this.#buffer = Buffer.allocUnsafe(Math.max(1 << 20, this.#at));
    this.#at = 0;
    this.#count = 0;
    return packed;
  }

  #reserve(bytes: number): void {
    if (this.#at + bytes <= this.#buffer.length) return;
    const larger = Buffer.allocUnsafe(Math.max(this.#buffer.length * 2, this.#at + bytes));
    this.#buffer.copy(larger, 0, 0, this.#at);
    this.#buffer = larger;
  }

  #number(value: number | null): void {
    this.#at = this.#buffer.writeDoubleLE(value ?? Number.NaN, this.#at);
  }

  #string(value: string | null): void {
    if (value === null) {
      this.#at = this.#buffer.writeUInt32LE(NULL_LENGTH, this.#at);
      return;
    }
    const written = this.#buffer.write(value, this.#at + 4, 'utf8');
    this.#buffer.writeUInt32LE(written, this.#at);
    this.#at += 4 + written;
  }

  #bytes(value: Buffer | null): void {
    if (value === null) {
      this.#at = this.#buffer.writeUInt32LE(NULL_LENGTH, this.#at);
      return;
    }
    this.#buffer.writeUInt32LE(value.byteLength, this.#at);
    this.#buffer.set(value, this.#at + 4);
    this.#at += 4 + value.byteLength;
  }
}

/** What `RowPacker.take` hands over: `buffer` is meant to be transferred, not copied. */
export interface PackedRows {
  readonly buffer: ArrayBufferLike;
  readonly byteOffset: number;
  readonly byteLength: number;
  readonly count: number;
}

/** The rows of a packed batch, as toRow made them; blobs are views of the batch's buffer. */
export function unpackRows(packed: PackedRows): NewExchangeRow[] {
  const buffer = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  const rows: NewExchangeRow[] = [];
  let at = 0;
  const number = () => {
    const value = buffer.readDoubleLE(at);
    at += 8;
    return Number.isNaN(value) ? null : value;
  };
  const length = () => {
    const value = buffer.readUInt32LE(at);
    at += 4;
    return value;
  };
  const string = () => {
    const bytes = length();
    if (bytes === NULL_LENGTH) return null;
    at += bytes;
    return buffer.toString('utf8', at - bytes, at);
  };
  const blob = () => {
    const bytes = length();
    if (bytes === NULL_LENGTH) return null;
    at += bytes;
    return buffer.subarray(at - bytes, at);
  };
  for (let i = 0; i < packed.count; i++) {
    const seq = number();
    const recordedAt = number() as number;
    const latencyUs = number() as number;
    const status = number();
    const requestFullLength = number();
    const responseFullLength = number();
    const requestTruncated = number() as number;
    const responseTruncated = number() as number;
    const method = string() as string;
    const path = string() as string;
    const query = string() as string;
    const requestHeaders = string() as string;
    const responseHeaders = string();
    const upstreamError = string();
    const tags = string() as string;
    const requestSha256 = string();
    const responseSha256 = string();
    const requestBody = blob() as Buffer;
    const responseBody = blob();
    rows.push({
      seq,
      recorded_at: recordedAt,
      method,
      path,
      query,
      request_headers: requestHeaders,
      request_body: requestBody,
      request_truncated: requestTruncated,
      status,
      response_headers: responseHeaders,
      response_body: responseBody,
      response_truncated: responseTruncated,
      upstream_error: upstreamError,
      latency_us: latencyUs,
      tags,
      request_full_length: requestFullLength,
      request_sha256: requestSha256,
      response_full_length: responseFullLength,
      response_sha256: responseSha256,
    });
  }
  return rows;
}

/** At most the bytes a row's strings and blobs take (UTF-8 takes up to 3 bytes per UTF-16 unit). */
function bound(row: NewExchangeRow): number {
  let bytes = row.request_body.byteLength + (row.response_body?.byteLength ?? 0);
  for (const name of STRINGS) bytes += 3 * (row[name]?.length ?? 0);
  return bytes;
}
