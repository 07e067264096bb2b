/** One part of a multipart body, as the editor sees it. */
export interface MultipartPart {
  /** The part's header block as it was (decoded as UTF-8), without the blank line that ends it. */
  readonly headers: string;
  /** Content-Disposition `name`. */
  readonly name: string | undefined;
  /** Content-Disposition `filename*` (RFC 5987) or `filename`. */
  readonly filename: string | undefined;
  /** The part's Content-Type header value. */
  readonly contentType: string | undefined;
  /** A copy of the part's body bytes. */
  readonly body: Buffer;
}

const CR = 0x0d;
const LF = 0x0a;

/** The boundary parameter of a multipart/* Content-Type (quoted or not), or undefined. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const semi = contentType.indexOf(';');
  const mediaType = (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  if (!mediaType.startsWith('multipart/') || semi === -1) return undefined;
  const boundary = parseParameters(contentType.slice(semi + 1)).get('boundary');
  if (boundary === undefined || boundary === '' || /[\r\n]/.test(boundary)) return undefined;
  return boundary;
}

/**
 * Rewrites each part's body: `edit(part)` returns new body bytes, or undefined (or the same bytes)
 * to keep the part's bytes. The preamble, epilogue, boundaries, line endings and part headers stay
 * byte-exact. Returns undefined when `bytes` is not well-formed multipart with that boundary (so
 * the caller can fail closed; a body with no part is not well-formed), and `bytes` itself when
 * nothing changed. Works on bytes throughout (binary parts are safe). Bare-LF line endings are
 * accepted. `partial: true` accepts a body truncated at any point after its first delimiter line
 * (or inside that line when there is no preamble): the last part runs to the end of the bytes,
 * less a trailing start of its next delimiter (a part cut inside its headers is kept as it is).
 * A cut before the end of a non-empty preamble's first delimiter still returns undefined, as such
 * bytes cannot be told apart from a body that is not multipart at all.
 */
export function rewriteMultipart(
  bytes: Uint8Array,
  boundary: string,
  edit: (part: MultipartPart) => Uint8Array | undefined,
  options: { partial?: boolean } = {},
): Buffer | Uint8Array | undefined {
  const partial = options.partial ?? false;
  if (boundary === '' || /[\r\n]/.test(boundary)) return undefined;
  const buf = toBuffer(bytes);
  const dash = Buffer.from(`--${boundary}`, 'utf8');
  const scanner = new DelimiterScanner(buf, dash);

  let first: Delimiter | undefined;
  if (startsWith(buf, 0, dash)) {
    const shape = scanner.shapeAt(0);
    if (shape !== undefined) first = { lineStart: 0, dashStart: 0, ...shape };
  }
  first ??= scanner.find(0);
  // Truncated before the first delimiter: only a cut inside it (no preamble) can be told apart from a body that is not multipart.
  if (first === undefined) return partial && startsWith(dash, 0, buf) ? bytes : undefined;
  if (first.kind === 'truncated') return partial ? bytes : undefined;
  // RFC 2046 §5.1.1: at least one body part.
  if (first.kind === 'close') return undefined;

  const chunks: Uint8Array[] = [];
  let copied = 0;
  let changed = false;
  let delimiter: Delimiter = first;
  while (delimiter.kind === 'next') {
    const partStart = delimiter.end;
    const next = scanner.find(partStart);
    const limit = next === undefined ? buf.length : next.dashStart;
    const head = headerBlock(buf, partStart, limit);
    if (head === undefined) {
      if (next === undefined && partial) break;
      return undefined;
    }
    if (next?.kind === 'truncated' && !partial) return undefined;
    let bodyEnd: number;
    if (next !== undefined) bodyEnd = Math.max(head.bodyStart, next.lineStart);
    else if (partial) bodyEnd = Math.max(head.bodyStart, buf.length - scanner.trailingPrefix(head.bodyStart));
    else return undefined;

    const body = buf.subarray(head.bodyStart, bodyEnd);
    const headers = buf.subarray(partStart, head.headerEnd).toString('utf8');
    const replacement = edit({ headers, ...describePart(headers), body: Buffer.from(body) });
    if (replacement !== undefined && !toBuffer(replacement).equals(body)) {
      chunks.push(buf.subarray(copied, head.bodyStart), replacement);
      // A sloppy part whose blank line doubles as the delimiter's line break needs its own break once it has a body.
      if (next !== undefined && next.lineStart < head.bodyStart && replacement.length > 0) {
        chunks.push(Buffer.from(buf[next.dashStart - 2] === CR ? '\r\n' : '\n'));
      }
      copied = bodyEnd;
      changed = true;
    }
    if (next === undefined) break;
    delimiter = next;
  }
  if (!changed) return bytes;
  chunks.push(buf.subarray(copied));
  return Buffer.concat(chunks);
}

interface DelimiterShape {
  /** 'next' opens another part, 'close' ends the body, 'truncated' is cut off inside its line. */
  readonly kind: 'next' | 'close' | 'truncated';
  /** Index just after the delimiter line (after "--" for 'close'). */
  readonly end: number;
}

interface Delimiter extends DelimiterShape {
  /** Index of the line break (CRLF or LF) that belongs to the delimiter. */
  readonly lineStart: number;
  /** Index of "--boundary". */
  readonly dashStart: number;
}

class DelimiterScanner {
  private readonly lfDash: Buffer;

  constructor(
    private readonly buf: Buffer,
    private readonly dash: Buffer,
  ) {
    this.lfDash = Buffer.concat([Buffer.from([LF]), dash]);
  }

  /** The first delimiter line ("\n--boundary" plus a valid ending) at or after `from`. */
  find(from: number): Delimiter | undefined {
    for (let at = this.buf.indexOf(this.lfDash, from); at !== -1; at = this.buf.indexOf(this.lfDash, at + 1)) {
      const shape = this.shapeAt(at + 1);
      if (shape === undefined) continue;
      const lineStart = at > from && this.buf[at - 1] === CR ? at - 1 : at;
      return { lineStart, dashStart: at + 1, ...shape };
    }
    return undefined;
  }

  /** What follows "--boundary" at `dashStart`: "--", or transport padding and a line break. */
  shapeAt(dashStart: number): DelimiterShape | undefined {
    const { buf } = this;
    const after = dashStart + this.dash.length;
    if (after >= buf.length) return { kind: 'truncated', end: buf.length };
    if (buf[after] === 0x2d) {
      if (after + 1 >= buf.length) return { kind: 'truncated', end: buf.length };
      return buf[after + 1] === 0x2d ? { kind: 'close', end: after + 2 } : undefined;
    }
    let at = after;
    while (at < buf.length && (buf[at] === 0x20 || buf[at] === 0x09)) at++;
    if (at >= buf.length) return { kind: 'truncated', end: buf.length };
    if (buf[at] === LF) return { kind: 'next', end: at + 1 };
    if (buf[at] !== CR) return undefined;
    if (at + 1 >= buf.length) return { kind: 'truncated', end: buf.length };
    return buf[at + 1] === LF ? { kind: 'next', end: at + 2 } : undefined;
  }

  /** Length of the longest tail of the bytes (not before `from`) that is a proper start of "\r\n--boundary" or "\n--boundary". */
  trailingPrefix(from: number): number {
    const crlfDash = Buffer.concat([Buffer.from([CR]), this.lfDash]);
    for (const needle of [crlfDash, this.lfDash]) {
      for (let length = Math.min(needle.length, this.buf.length - from); length > 0; length--) {
        if (startsWith(needle, 0, this.buf.subarray(this.buf.length - length))) return length;
      }
    }
    return 0;
  }
}

/** The header block of a part starting at `start`: where it ends (before its last line break) and where the body starts. */
function headerBlock(buf: Buffer, start: number, limit: number): { headerEnd: number; bodyStart: number } | undefined {
  if (buf[start] === LF) return { headerEnd: start, bodyStart: start + 1 };
  if (buf[start] === CR && buf[start + 1] === LF) return { headerEnd: start, bodyStart: start + 2 };
  for (let lf = buf.indexOf(LF, start); lf !== -1 && lf < limit; lf = buf.indexOf(LF, lf + 1)) {
    let bodyStart: number | undefined;
    if (buf[lf + 1] === LF) bodyStart = lf + 2;
    else if (buf[lf + 1] === CR && buf[lf + 2] === LF) bodyStart = lf + 3;
    if (bodyStart === undefined) continue;
    if (bodyStart > limit) return undefined;
    return { headerEnd: buf[lf - 1] === CR ? lf - 1 : lf, bodyStart };
  }
  return undefined;
}

function describePart(headers: string): Pick<MultipartPart, 'name' | 'filename' | 'contentType'> {
  const fields = new Map<string, string>();
  for (const line of headers.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    if (!fields.has(key)) fields.set(key, line.slice(colon + 1).trim());
  }
  const disposition = fields.get('content-disposition');
  const semi = disposition?.indexOf(';') ?? -1;
  const params = disposition === undefined || semi === -1 ? new Map<string, string>() : parseParameters(disposition.slice(semi + 1));
  const extended = params.get('filename*');
  return {
    name: params.get('name'),
    filename: (extended === undefined ? undefined : decodeExtendedValue(extended)) ?? params.get('filename'),
    contentType: fields.get('content-type'),
  };
}

/**
 * `key=value` parameters after a header's first ';' (keys lower-cased, first one wins). Values are
 * tokens or quoted strings in which `\"` and `\\` are escapes (other backslashes are literal, as
 * in Windows paths some clients send).
 */
function parseParameters(text: string): Map<string, string> {
  const params = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    while (i < text.length && (text[i] === ';' || /\s/.test(text[i] ?? ''))) i++;
    const keyStart = i;
    while (i < text.length && text[i] !== '=' && text[i] !== ';') i++;
    const key = text.slice(keyStart, i).trim().toLowerCase();
    if (text[i] !== '=') continue;
    i++;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    let value = '';
    if (text[i] === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) i++;
        value += text[i];
        i++;
      }
      while (i < text.length && text[i] !== ';') i++;
    } else {
      const start = i;
      while (i < text.length && text[i] !== ';') i++;
      value = text.slice(start, i).trim();
    }
    if (key !== '' && !params.has(key)) params.set(key, value);
  }
  return params;
}

/** RFC 5987 `charset'lang'pct-encoded` (UTF-8 or ISO-8859-1), or undefined when malformed. */
function decodeExtendedValue(value: string): string | undefined {
  const match = /^([^']*)'[^']*'(.*)$/.exec(value);
  if (match === null) return undefined;
  const charset = (match[1] ?? '').toLowerCase();
  const encoding = charset === 'utf-8' ? 'utf8' : charset === 'iso-8859-1' ? 'latin1' : undefined;
  if (encoding === undefined) return undefined;
  const bytes: number[] = [];
  const text = match[2] ?? '';
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i] ?? '', 'utf8'));
  }
  return Buffer.from(bytes).toString(encoding);
}

function startsWith(haystack: Uint8Array, at: number, needle: Uint8Array): boolean {
  if (haystack.length - at < needle.length) return false;
  for (let i = 0; i < needle.length; i++) if (haystack[at + i] !== needle[i]) return false;
  return true;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
