import * as zlib from 'node:zlib';
import { describe, expect, test } from 'vitest';
import {
  ContentDecodeError,
  decodeContent,
  encodeContent,
  parseContentEncoding,
  type ContentCoding,
} from '../../../src/util/content-encoding.js';

/** Text that compresses only moderately, so a truncated stream still holds a useful prefix. */
function sampleText(words = 4000): Buffer {
  let seed = 7;
  const parts: string[] = [];
  for (let i = 0; i < words; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    parts.push(`w${seed.toString(36)}`);
  }
  return Buffer.from(`{"card":"4111111111111111","text":"${parts.join(' ')}"}`);
}

const content = sampleText();
const zstdAvailable = typeof (zlib as unknown as { zstdDecompressSync?: unknown }).zstdDecompressSync === 'function';

const encoders: Record<string, (b: Buffer) => Buffer> = {
  gzip: (b) => zlib.gzipSync(b),
  'deflate (zlib)': (b) => zlib.deflateSync(b),
  'deflate (raw)': (b) => zlib.deflateRawSync(b),
  br: (b) => zlib.brotliCompressSync(b),
};
const codingOf: Record<string, ContentCoding> = { gzip: 'gzip', 'deflate (zlib)': 'deflate', 'deflate (raw)': 'deflate', br: 'br' };

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('parseContentEncoding', () => {
  test('lists codings in the order they were applied', () => {
    expect(parseContentEncoding('gzip, br')).toEqual({ codings: ['gzip', 'br'] });
    expect(parseContentEncoding('deflate')).toEqual({ codings: ['deflate'] });
    expect(parseContentEncoding('zstd')).toEqual({ codings: ['zstd'] });
  });

  test('drops identity and empty items, is case-insensitive, reads x-gzip as gzip', () => {
    expect(parseContentEncoding(undefined)).toEqual({ codings: [] });
    expect(parseContentEncoding('')).toEqual({ codings: [] });
    expect(parseContentEncoding(' identity ')).toEqual({ codings: [] });
    expect(parseContentEncoding('X-GZIP,,  identity , BR')).toEqual({ codings: ['gzip', 'br'] });
  });

  test('reports the first unknown coding', () => {
    expect(parseContentEncoding('gzip, compress')).toEqual({ unknown: 'compress' });
    expect(parseContentEncoding('snappy')).toEqual({ unknown: 'snappy' });
  });
});

describe('decodeContent / encodeContent', () => {
  test.each(Object.keys(encoders))('%s decodes to the content', (name) => {
    const encoded = encoders[name]!(content);
    expect(decodeContent(encoded, [codingOf[name]!]).equals(content)).toBe(true);
  });

  test.each(['gzip', 'deflate', 'br'] as const)('%s round-trips through encode and decode', (coding) => {
    const encoded = encodeContent(content, [coding]);
    expect(encoded.equals(content)).toBe(false);
    expect(decodeContent(encoded, [coding]).equals(content)).toBe(true);
  });

  test('deflate is re-encoded zlib-wrapped, as HTTP deflate means', () => {
    const encoded = encodeContent(content, ['deflate']);
    expect(zlib.inflateSync(encoded).equals(content)).toBe(true);
  });

  test('multiple codings are undone in reverse order and redone in order', () => {
    const encoded = zlib.brotliCompressSync(zlib.gzipSync(content));
    expect(decodeContent(encoded, ['gzip', 'br']).equals(content)).toBe(true);
    expect(() => decodeContent(encoded, ['br', 'gzip'])).toThrow(ContentDecodeError);
    const again = encodeContent(content, ['deflate', 'gzip']);
    expect(zlib.inflateSync(zlib.gunzipSync(again)).equals(content)).toBe(true);
    expect(decodeContent(again, ['deflate', 'gzip']).equals(content)).toBe(true);
  });

  test('no codings returns the bytes as they are', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect([...decodeContent(bytes, [])]).toEqual([1, 2, 3]);
    expect([...encodeContent(bytes, [])]).toEqual([1, 2, 3]);
  });

  test('an empty body decodes to an empty body (HEAD, 204, 304)', () => {
    expect(decodeContent(Buffer.alloc(0), ['gzip']).length).toBe(0);
    expect(decodeContent(Buffer.alloc(0), ['br', 'deflate']).length).toBe(0);
  });

  test.each(Object.keys(encoders))('%s: a truncated stream throws unless partial, which returns a prefix', (name) => {
    const encoded = encoders[name]!(content);
    const truncated = encoded.subarray(0, Math.floor(encoded.length * 0.6));
    const coding = codingOf[name]!;
    const error = caught(() => decodeContent(truncated, [coding]));
    expect(error).toBeInstanceOf(ContentDecodeError);
    expect((error as ContentDecodeError).reason).toBe('corrupt');
    const prefix = decodeContent(truncated, [coding], { partial: true });
    expect(prefix.length).toBeGreaterThan(100);
    expect(prefix.length).toBeLessThan(content.length);
    expect(prefix.equals(content.subarray(0, prefix.length))).toBe(true);
  });

  test('partial mode also decodes a complete stream entirely', () => {
    expect(decodeContent(zlib.gzipSync(content), ['gzip'], { partial: true }).equals(content)).toBe(true);
  });

  test('partial mode through two codings', () => {
    const encoded = zlib.gzipSync(zlib.brotliCompressSync(content));
    const prefix = decodeContent(encoded.subarray(0, encoded.length - 200), ['br', 'gzip'], { partial: true });
    expect(prefix.length).toBeGreaterThan(0);
    expect(prefix.equals(content.subarray(0, prefix.length))).toBe(true);
  });

  test.each(Object.keys(encoders))('%s: a corrupt stream throws ContentDecodeError, also when partial', (name) => {
    const corrupt = Buffer.from(encoders[name]!(content));
    for (let i = 10; i < 40; i++) corrupt[i] = (corrupt[i]! * 31 + 17) & 0xff;
    expect(() => decodeContent(corrupt, [codingOf[name]!])).toThrow(ContentDecodeError);
    expect(() => decodeContent(corrupt, [codingOf[name]!], { partial: true })).toThrow(ContentDecodeError);
  });

  test('bytes that are not compressed at all throw', () => {
    const plain = Buffer.from('{"not":"compressed at all"}');
    for (const coding of ['gzip', 'deflate', 'br'] as const) {
      expect(() => decodeContent(plain, [coding])).toThrow(ContentDecodeError);
    }
  });

  test.each(Object.keys(encoders))('%s: output beyond maxOutputBytes throws, partial or not', (name) => {
    const encoded = encoders[name]!(content);
    const coding = codingOf[name]!;
    const error = caught(() => decodeContent(encoded, [coding], { maxOutputBytes: 1000 }));
    expect(error).toBeInstanceOf(ContentDecodeError);
    expect((error as ContentDecodeError).reason).toBe('too-large');
    expect(() => decodeContent(encoded, [coding], { maxOutputBytes: 1000, partial: true })).toThrow(/exceeds 1000 bytes/);
    expect(decodeContent(encoded, [coding], { maxOutputBytes: content.length }).length).toBe(content.length);
    expect(() => decodeContent(encoded, [coding], { maxOutputBytes: content.length - 1 })).toThrow(ContentDecodeError);
  });

  test('the cap applies to every stage, and a zip bomb stops at the cap', () => {
    const bomb = zlib.gzipSync(Buffer.alloc(50 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100 * 1024);
    expect(() => decodeContent(bomb, ['gzip'], { maxOutputBytes: 1024 * 1024 })).toThrow(ContentDecodeError);
    expect(() => decodeContent(zlib.brotliCompressSync(bomb), ['gzip', 'br'], { maxOutputBytes: 64 * 1024 })).toThrow(
      /exceeds 65536 bytes/,
    );
  });

  test('maxOutputBytes 0 accepts only empty output', () => {
    expect(decodeContent(zlib.gzipSync(Buffer.alloc(0)), ['gzip'], { maxOutputBytes: 0 }).length).toBe(0);
    expect(() => decodeContent(zlib.gzipSync('x'), ['gzip'], { maxOutputBytes: 0 })).toThrow(ContentDecodeError);
  });

  test.skipIf(zstdAvailable)('zstd on a Node.js without it throws ContentDecodeError', () => {
    const error = caught(() => decodeContent(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0]), ['zstd']));
    expect(error).toBeInstanceOf(ContentDecodeError);
    expect((error as Error).message).toBe('zstd is not supported by this Node.js');
    expect((error as ContentDecodeError).reason).toBe('unsupported');
    expect(() => encodeContent(content, ['zstd'])).toThrow(ContentDecodeError);
  });

  test.runIf(zstdAvailable)('zstd round-trips on a Node.js that has it', () => {
    const encoded = encodeContent(content, ['zstd']);
    expect(decodeContent(encoded, ['zstd']).equals(content)).toBe(true);
    expect(() => decodeContent(encoded, ['zstd'], { maxOutputBytes: 100 })).toThrow(ContentDecodeError);
  });

  test('accepts a Uint8Array view at an offset', () => {
    const encoded = zlib.gzipSync(content);
    const backing = new Uint8Array(encoded.length + 10);
    backing.set(encoded, 5);
    expect(decodeContent(backing.subarray(5, 5 + encoded.length), ['gzip']).equals(content)).toBe(true);
  });

  test('ContentDecodeError is an Error with its own name', () => {
    const error = new ContentDecodeError('zstd is not supported by this Node.js');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ContentDecodeError');
    expect(error.reason).toBe('corrupt');
  });
});
