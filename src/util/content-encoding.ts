import * as zlib from 'node:zlib';

/** A Content-Encoding coding that Parity can undo and redo. */
export type ContentCoding = 'gzip' | 'deflate' | 'br' | 'zstd';

/** Why a body could not be decoded: corrupt or unsupported data, or more output than allowed. */
export type ContentDecodeFailure = 'corrupt' | 'too-large' | 'unsupported';

/** A body that cannot be turned into content (the caller fails closed). */
export class ContentDecodeError extends Error {
  override readonly name = 'ContentDecodeError';
  readonly reason: ContentDecodeFailure;

  constructor(message: string, options: { reason?: ContentDecodeFailure; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = options.reason ?? 'corrupt';
  }
}

const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/**
 * The codings of a Content-Encoding header value, in the order they were applied
 * ("gzip, br" → ['gzip','br']); 'identity' and empty are dropped; `x-gzip` is gzip.
 * Unknown coding → { unknown: name }.
 */
export function parseContentEncoding(value: string | undefined): { codings: ContentCoding[] } | { unknown: string } {
  const codings: ContentCoding[] = [];
  if (value === undefined) return { codings };
  for (const item of value.split(',')) {
    const name = item.trim().toLowerCase();
    switch (name) {
      case '':
      case 'identity':
        break;
      case 'gzip':
      case 'x-gzip':
        codings.push('gzip');
        break;
      case 'deflate':
        codings.push('deflate');
        break;
      case 'br':
        codings.push('br');
        break;
      case 'zstd':
        codings.push('zstd');
        break;
      default:
        return { unknown: item.trim() };
    }
  }
  return { codings };
}

/**
 * Decodes bytes encoded with `codings` (undone in reverse order). `partial: true` accepts a
 * truncated stream and returns what could be decoded. Throws a ContentDecodeError on corrupt
 * data, on an unsupported coding, or when any stage's output would exceed `maxOutputBytes`
 * (default 64 MiB). An empty body decodes to an empty body whatever the codings (HEAD, 204, 304).
 */
export function decodeContent(
  bytes: Uint8Array,
  codings: readonly ContentCoding[],
  options: { partial?: boolean; maxOutputBytes?: number } = {},
): Buffer {
  const partial = options.partial ?? false;
  const max = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  if (!Number.isSafeInteger(max) || max < 0) throw new RangeError(`maxOutputBytes must be a non-negative integer, got ${max}`);
  let current = toBuffer(bytes);
  for (let i = codings.length - 1; i >= 0; i--) {
    if (current.length === 0) return current;
    const coding = codings[i] as ContentCoding;
    current = decodeOne(current, coding, partial, max);
    if (current.length > max) throw tooLarge(coding, max);
  }
  return current;
}

/** Re-encodes with the same codings (applied in order). `deflate` is written zlib-wrapped (RFC 9110 §8.4.1.2). */
export function encodeContent(bytes: Uint8Array, codings: readonly ContentCoding[]): Buffer {
  let current = toBuffer(bytes);
  for (const coding of codings) {
    switch (coding) {
      case 'gzip':
        current = zlib.gzipSync(current);
        break;
      case 'deflate':
        current = zlib.deflateSync(current);
        break;
      case 'br':
        current = zlib.brotliCompressSync(current);
        break;
      case 'zstd':
        current = zstd().compress(current);
        break;
    }
  }
  return current;
}

function decodeOne(input: Buffer, coding: ContentCoding, partial: boolean, max: number): Buffer {
  // zlib needs a positive cap; an exact check against `max` follows in decodeContent.
  const maxOutputLength = Math.max(1, max);
  const zlibOptions: zlib.ZlibOptions = { maxOutputLength, ...(partial ? { finishFlush: zlib.constants.Z_SYNC_FLUSH } : {}) };
  try {
    switch (coding) {
      case 'gzip':
        return zlib.gunzipSync(input, zlibOptions);
      case 'deflate':
        try {
          return zlib.inflateSync(input, zlibOptions);
        } catch (error) {
          if (isTooLarge(error)) throw error;
          // Some servers send raw deflate (no zlib header) as `deflate`.
          return zlib.inflateRawSync(input, zlibOptions);
        }
      case 'br':
        return zlib.brotliDecompressSync(input, {
          maxOutputLength,
          ...(partial ? { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH } : {}),
        });
      case 'zstd':
        return zstd().decompress(input, partial, maxOutputLength);
    }
  } catch (error) {
    if (error instanceof ContentDecodeError) throw error;
    if (isTooLarge(error)) throw tooLarge(coding, max, error);
    throw new ContentDecodeError(`cannot decode ${coding} content: ${error instanceof Error ? error.message : String(error)}`, {
      reason: 'corrupt',
      cause: error,
    });
  }
}

interface ZstdCodec {
  compress(input: Buffer): Buffer;
  decompress(input: Buffer, partial: boolean, maxOutputLength: number): Buffer;
}

/** zlib's zstd functions exist from Node 22.15 / 23.8; @types/node 20 does not declare them. */
function zstd(): ZstdCodec {
  const z = zlib as unknown as {
    zstdCompressSync?: (input: Buffer) => Buffer;
    zstdDecompressSync?: (input: Buffer, options: { maxOutputLength: number; finishFlush?: number }) => Buffer;
    constants: Record<string, number | undefined>;
  };
  const compressSync = z.zstdCompressSync;
  const decompressSync = z.zstdDecompressSync;
  if (typeof compressSync !== 'function' || typeof decompressSync !== 'function') {
    throw new ContentDecodeError('zstd is not supported by this Node.js', { reason: 'unsupported' });
  }
  const flush = z.constants['ZSTD_e_flush'];
  return {
    compress: (input) => compressSync(input),
    decompress: (input, partial, maxOutputLength) =>
      decompressSync(input, { maxOutputLength, ...(partial && flush !== undefined ? { finishFlush: flush } : {}) }),
  };
}

function isTooLarge(error: unknown): boolean {
  return error instanceof RangeError && (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
}

function tooLarge(coding: ContentCoding, max: number, cause?: unknown): ContentDecodeError {
  return new ContentDecodeError(`decoded ${coding} content exceeds ${max} bytes`, { reason: 'too-large', cause });
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
