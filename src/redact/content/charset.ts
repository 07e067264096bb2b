/** How a body's text is encoded. */
export type TextEncodingKind = 'utf8' | 'utf16le' | 'utf16be';

/** A text encoding and whether the body starts with its byte order mark. */
export interface TextEncoding {
  readonly kind: TextEncodingKind;
  readonly bom: boolean;
}

const BOMS: Record<TextEncodingKind, Buffer> = {
  utf8: Buffer.from([0xef, 0xbb, 0xbf]),
  utf16le: Buffer.from([0xff, 0xfe]),
  utf16be: Buffer.from([0xfe, 0xff]),
};

/** Charset labels (lower case) that name UTF-16: a fixed byte order, or undefined when the bytes must tell. */
const UTF16_LABELS: ReadonlyMap<string, { order: 'utf16le' | 'utf16be' | undefined; fallback: 'utf16le' | 'utf16be' }> = new Map([
  ['utf-16le', { order: 'utf16le', fallback: 'utf16le' }],
  ['utf-16be', { order: 'utf16be', fallback: 'utf16be' }],
  ['unicodefffe', { order: 'utf16be', fallback: 'utf16be' }],
  // RFC 2781 §4.3: unlabelled UTF-16 without a BOM is big-endian.
  ['utf-16', { order: undefined, fallback: 'utf16be' }],
  // Windows-born aliases (WHATWG Encoding) are little-endian unless the bytes say otherwise.
  ['ucs-2', { order: undefined, fallback: 'utf16le' }],
  ['iso-10646-ucs-2', { order: undefined, fallback: 'utf16le' }],
  ['csunicode', { order: undefined, fallback: 'utf16le' }],
  ['unicode', { order: undefined, fallback: 'utf16le' }],
  ['unicodefeff', { order: undefined, fallback: 'utf16le' }],
]);

/**
 * Decides how a body's text is encoded. A BOM wins (UTF-8 EF BB BF, UTF-16 FF FE / FE FF, as in
 * the WHATWG decode algorithm); then a UTF-16 charset parameter of `contentType` (for plain
 * "utf-16", the byte order comes from the zero-byte pattern, else big-endian per RFC 2781); then
 * the UTF-16 signature of mostly-ASCII text (in the first 256 bytes of an even-length body, at
 * least 40% of the high bytes are 0x00 and at most 10% of the low bytes are). Otherwise UTF-8.
 */
export function detectTextEncoding(bytes: Uint8Array, contentType: string | undefined): TextEncoding {
  for (const kind of ['utf8', 'utf16le', 'utf16be'] as const) {
    if (startsWith(bytes, BOMS[kind])) return { kind, bom: true };
  }
  const label = charsetOf(contentType);
  const utf16 = label === undefined ? undefined : UTF16_LABELS.get(label);
  if (utf16 !== undefined) return { kind: utf16.order ?? zeroPattern(bytes) ?? utf16.fallback, bom: false };
  return { kind: zeroPattern(bytes) ?? 'utf8', bom: false };
}

/** The text of `bytes`; a leading BOM is stripped when `enc.bom`. Malformed sequences (and an odd trailing byte) become U+FFFD. */
export function decodeText(bytes: Uint8Array, enc: TextEncoding): string {
  let body = toBuffer(bytes);
  if (enc.bom && startsWith(body, BOMS[enc.kind])) body = body.subarray(BOMS[enc.kind].length);
  if (enc.kind === 'utf8') return body.toString('utf8');
  const even = body.length - (body.length % 2);
  let units = body.subarray(0, even);
  if (enc.kind === 'utf16be') units = Buffer.from(units).swap16();
  // utf16le decoding keeps lone surrogates, so well-aligned UTF-16 round-trips exactly.
  return units.toString('utf16le') + (even < body.length ? '\ufffd' : '');
}

/** `text` in `enc`, with the BOM restored when `enc.bom`. */
export function encodeText(text: string, enc: TextEncoding): Buffer {
  let body: Buffer;
  if (enc.kind === 'utf8') body = Buffer.from(text, 'utf8');
  else {
    body = Buffer.from(text, 'utf16le');
    if (enc.kind === 'utf16be') body.swap16();
  }
  return enc.bom ? Buffer.concat([BOMS[enc.kind], body]) : body;
}

function charsetOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  if (match === null) return undefined;
  return (match[1] ?? match[2] ?? '').trim().toLowerCase();
}

/** The byte order of mostly-ASCII UTF-16 (one byte of each pair mostly 0x00, the other mostly not). */
function zeroPattern(bytes: Uint8Array): 'utf16le' | 'utf16be' | undefined {
  if (bytes.length < 2 || bytes.length % 2 !== 0) return undefined;
  const sample = Math.min(bytes.length, 256);
  const pairs = sample / 2;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const mostly = (zeros: number): boolean => zeros >= 0.4 * pairs;
  const rarely = (zeros: number): boolean => zeros <= 0.1 * pairs;
  if (mostly(oddZeros) && rarely(evenZeros)) return 'utf16le';
  if (mostly(evenZeros) && rarely(oddZeros)) return 'utf16be';
  return undefined;
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
