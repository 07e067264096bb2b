import type { HeaderList } from '../core/exchange.js';
import { isToken } from './fields.js';

/** A raw HTTP/1.x message read from bytes, body de-framed (Content-Length or chunked). */
export interface RawMessage {
  /** Request: method, target, version. Response: version, status, reason. */
  readonly startLine: readonly [string, string, string];
  readonly headers: HeaderList;
  readonly body: Buffer;
  /** The bytes ended before the body did (a capped capture): `body` holds what there was. */
  readonly truncated: boolean;
}

const REQUEST_LINE = /^(\S+) (\S+) (HTTP\/\d\.\d)$/;
const STATUS_LINE = /^(HTTP\/\d\.\d) (\d{3})(?: (.*))?$/;

/** Parses a raw request; returns the problem as a string when the bytes are not one. */
export function parseRequest(bytes: Buffer): RawMessage | string {
  const head = splitHead(bytes);
  if (typeof head === 'string') return head;
  const m = REQUEST_LINE.exec(head.startLine);
  if (!m || !isToken(m[1])) return 'malformed request line';
  const framed = frameBody(head.headers, head.rest, { request: true, noBody: false });
  return typeof framed === 'string' ? framed : { startLine: [m[1], m[2] ?? '', m[3] ?? ''], headers: head.headers, ...framed };
}

/** Parses a raw response to a request with `method` (a HEAD response has no body whatever it says). */
export function parseResponse(bytes: Buffer, method: string): RawMessage | string {
  const head = splitHead(bytes);
  if (typeof head === 'string') return head;
  const m = STATUS_LINE.exec(head.startLine);
  if (!m) return 'malformed status line';
  const status = Number(m[2]);
  // RFC 9112 §6.3: these responses never carry a body.
  const noBody = method === 'HEAD' || status < 200 || status === 204 || status === 304;
  const framed = frameBody(head.headers, head.rest, { request: false, noBody });
  return typeof framed === 'string' ? framed : { startLine: [m[1] ?? '', m[2] ?? '', m[3] ?? ''], headers: head.headers, ...framed };
}

/**
 * The bytes of the final response after any interim ones (`100 Continue`, `103 Early Hints`: RFC
 * 9110 §15.2) that a capture of the wire holds before it; `101` is final (the protocol switches).
 * `interimOnly` says the bytes held nothing else.
 */
export function afterInterimResponses(bytes: Buffer): { readonly rest: Buffer; readonly interimOnly: boolean } {
  let rest = bytes;
  for (;;) {
    const head = splitHead(rest);
    if (typeof head === 'string') return { rest, interimOnly: false };
    const status = Number(STATUS_LINE.exec(head.startLine)?.[2]);
    if (!(status >= 100 && status < 200 && status !== 101)) return { rest, interimOnly: false };
    if (head.rest.every((b) => b === 0x0d || b === 0x0a)) return { rest, interimOnly: true };
    rest = head.rest;
  }
}

function splitHead(bytes: Buffer): { startLine: string; headers: HeaderList; rest: Buffer } | string {
  const crlf = bytes.indexOf('\r\n\r\n');
  const lf = bytes.indexOf('\n\n');
  const [end, gap] = crlf >= 0 && (lf < 0 || crlf < lf) ? [crlf, 4] : [lf, 2];
  if (end < 0) return 'headers not terminated by a blank line';
  // Header bytes are opaque octets (RFC 9110 §5.5); latin1 keeps each one, as Node's parser does.
  const lines = bytes.toString('latin1', 0, end).split(/\r?\n/);
  const startLine = lines.shift() ?? '';
  const headers: [string, string][] = [];
  for (const line of lines) {
    const last = headers[headers.length - 1];
    if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
      last[1] = `${last[1]} ${line.trim()}`; // obsolete line folding (RFC 9112 §5.2)
      continue;
    }
    const colon = line.indexOf(':');
    const name = line.slice(0, Math.max(colon, 0));
    if (!isToken(name)) return 'malformed header line';
    headers.push([name, line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '')]);
  }
  return { startLine, headers, rest: bytes.subarray(end + gap) };
}

function frameBody(headers: HeaderList, rest: Buffer, { request, noBody }: { request: boolean; noBody: boolean }): { body: Buffer; truncated: boolean } | string {
  if (noBody) return { body: Buffer.alloc(0), truncated: false };
  const values = (name: string) => headers.filter(([n]) => n.toLowerCase() === name).flatMap(([, v]) => v.split(',').map((s) => s.trim().toLowerCase()));
  const codings = values('transfer-encoding').filter((c) => c !== '');
  if (codings.length > 0) {
    if (codings[codings.length - 1] === 'chunked') return dechunk(rest);
    // RFC 9112 §6.3: a request must end in chunked; a response is then read to its end.
    return request ? 'Transfer-Encoding without chunked' : { body: rest, truncated: false };
  }
  const lengths = new Set(values('content-length'));
  if (lengths.size > 1) return 'conflicting Content-Length headers';
  const [length] = lengths;
  if (length !== undefined) {
    if (!/^\d+$/.test(length) || !Number.isSafeInteger(Number(length))) return 'invalid Content-Length';
    const n = Number(length);
    return rest.length >= n ? { body: rest.subarray(0, n), truncated: false } : { body: rest, truncated: true };
  }
  return request ? { body: Buffer.alloc(0), truncated: false } : { body: rest, truncated: false };
}

/** Decodes a chunked body (RFC 9112 §7.1); trailers are dropped. Bytes ending early give what there was. */
function dechunk(data: Buffer): { body: Buffer; truncated: boolean } | string {
  const parts: Buffer[] = [];
  const done = (truncated: boolean) => ({ body: Buffer.concat(parts), truncated });
  let pos = 0;
  for (;;) {
    const eol = data.indexOf('\n', pos);
    if (eol < 0) return done(true);
    const m = /^([0-9A-Fa-f]{1,12})[ \t]*(?:;.*)?\r?$/.exec(data.toString('latin1', pos, eol));
    if (!m) return 'malformed chunked body';
    const size = parseInt(m[1] ?? '', 16);
    pos = eol + 1;
    if (size === 0) return done(false);
    if (pos + size > data.length) {
      parts.push(data.subarray(pos));
      return done(true);
    }
    parts.push(data.subarray(pos, pos + size));
    pos += size;
    if (data[pos] === 0x0d && data[pos + 1] === 0x0a) pos += 2;
    else if (data[pos] === 0x0a) pos += 1;
    else if (pos >= data.length - 1) return done(true);
    else return 'malformed chunked body';
  }
}
