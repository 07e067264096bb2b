import { INSERT_EXCHANGE, type NewExchangeRow } from '../store/rows.js';

/**
 * Rows for the import's writer thread, packed per batch into one buffer handed over without a
 * copy (a transferred ArrayBuffer) and one string. Structured cloning an array of row objects
 * would serialize and rebuild every field on both threads; here the numbers and bodies are
 * copied once into the buffer (bodies bound from views of it), and the strings of the whole
 * batch are joined into one, cloned as one and cut back apart by length: no UTF-8 encoding and
 * decoding per string on either thread (the writer thread is the import's bound). The fields
 * are exactly toRow's.
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
  /** The batch's strings so far, in order; their lengths (UTF-16 units) are in the buffer. */
  #texts: string[] = [];

  get count(): number {
    return this.#count;
  }

  add(row: NewExchangeRow): void {
    this.#reserve(FIXED + row.request_body.byteLength + (row.response_body?.byteLength ?? 0));
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
    const packed = { buffer: this.#buffer.buffer, byteOffset: this.#buffer.byteOffset, byteLength: this.#at, count: this.#count, text: this.#texts.join('') };
    this.#texts = [];
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
    this.#at = this.#buffer.writeUInt32LE(value === null ? NULL_LENGTH : value.length, this.#at);
    // A lone surrogate has no UTF-8 form: stored as U+FFFD, as when strings crossed as UTF-8 (SQLite would be handed invalid UTF-8 otherwise).
    if (value !== null) this.#texts.push(isWellFormed(value) ? value : toWellFormed(value));
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

/** ES2024's String.prototype.isWellFormed and toWellFormed (Node 20), not yet in TypeScript's ES2023 lib. */
type WellFormedString = string & { isWellFormed(): boolean; toWellFormed(): string };
const isWellFormed = (text: string) => (text as WellFormedString).isWellFormed();
const toWellFormed = (text: string) => (text as WellFormedString).toWellFormed();

/** What `RowPacker.take` hands over: `buffer` is meant to be transferred, not copied. */
export interface PackedRows {
  readonly buffer: ArrayBufferLike;
  readonly byteOffset: number;
  readonly byteLength: number;
  readonly count: number;
  /** The batch's strings, one after the other. */
  readonly text: string;
}

/** The fields of a row in the order they are packed: the numbers, the strings, the two bodies. */
const FIELDS = ['seq', 'recorded_at', 'latency_us', 'status', 'request_full_length', 'response_full_length', 'request_truncated', 'response_truncated', ...STRINGS, 'request_body', 'response_body'] as const;
const BLOBS = 2;

/** A value of a row as SQLite binds it. */
export type RowValue = number | string | Buffer | null;

/**
 * The INSERT the writer thread runs: INSERT_EXCHANGE itself, its named parameters made
 * positional. Binding by name looks every parameter up in a row object, and such an object must
 * first be made for each row; positional values come straight off the packed buffer.
 */
export const INSERT_PACKED_ROW = INSERT_EXCHANGE.replace(/@\w+/g, '?');
/** The columns of INSERT_PACKED_ROW's parameters, in order: the names of forEachPackedRow's values. */
export const INSERT_COLUMNS: readonly string[] = [...INSERT_EXCHANGE.matchAll(/@(\w+)/g)].map((m) => m[1] as string);
/** Where each packed field goes among INSERT_PACKED_ROW's parameters. */
const PARAMETER_OF = parametersOf(FIELDS);

function parametersOf(fields: readonly string[]): readonly number[] {
  const at = fields.map((name) => INSERT_COLUMNS.indexOf(name));
  // A column added to the store and not here would be inserted as NULL without a word.
  if (INSERT_COLUMNS.length !== fields.length || at.includes(-1)) throw new Error(`packed rows hold ${fields.join(', ')}; INSERT_EXCHANGE binds ${INSERT_COLUMNS.join(', ')}`);
  return at;
}

/**
 * Calls `each` with the values of every row of a packed batch, as toRow made them, in
 * INSERT_PACKED_ROW's parameter order; blobs are views of the batch's buffer. The array is
 * the same one each time (bind it, do not keep it).
 */
export function forEachPackedRow(packed: PackedRows, each: (values: RowValue[]) => void): void {
  const buffer = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  const { text } = packed;
  const values: RowValue[] = new Array<RowValue>(FIELDS.length).fill(null);
  let at = 0;
  let textAt = 0;
  for (let row = 0; row < packed.count; row++) {
    let field = 0;
    for (; field < NUMBERS; field++) {
      const value = buffer.readDoubleLE(at);
      at += 8;
      values[PARAMETER_OF[field] as number] = Number.isNaN(value) ? null : value;
    }
    for (; field < FIELDS.length - BLOBS; field++) {
      const length = buffer.readUInt32LE(at);
      at += 4;
      let value: string | null = null;
      if (length !== NULL_LENGTH) {
        value = text.slice(textAt, textAt + length);
        textAt += length;
      }
      values[PARAMETER_OF[field] as number] = value;
    }
    for (; field < FIELDS.length; field++) {
      const bytes = buffer.readUInt32LE(at);
      at += 4;
      let value: Buffer | null = null;
      if (bytes !== NULL_LENGTH) {
        value = buffer.subarray(at, at + bytes);
        at += bytes;
      }
      values[PARAMETER_OF[field] as number] = value;
    }
    each(values);
  }
}
