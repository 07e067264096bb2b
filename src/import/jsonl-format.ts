/**
 * The JSON Lines exchange format, both ways. One exchange per line:
 *
 * ```json
 * {"recorded_at":"2026-11-23T10:00:00.000Z","method":"POST","path":"/v1/x","query":"a=1",
 *  "request":{"headers":[["content-type","application/json"]],"body":"{}","body_encoding":"utf8","truncated":false},
 *  "response":{"status":200,"headers":[],"body":"…","body_encoding":"base64","truncated":false},
 *  "latency_us":850,"tags":[]}
 * ```
 * An upstream error is `"response":{"error":"ECONNRESET"}`. Bodies are `utf8` text when the bytes
 * are valid UTF-8, else `base64`. A body cut at the cap (`"truncated":true`) adds the whole body's
 * `body_full_length` and `body_sha256` when known, so a re-imported cut body still compares. Lenient where nothing is lost (missing `query`, `request`,
 * `headers`, `body`, `truncated`, `latency_us`, `tags` take empty defaults), strict where meaning
 * would be (method, path, time, response, status, encodings).
 */
import type { Exchange, HeaderList, NewExchange, Reply } from '../core/exchange.js';
import { parseTimestamp } from '../util/timestamp.js';
import { decodeBody, encodeBody } from './body-encoding.js';
import { isDuration, isHeaderPairs, isObject, isStatus, isStringArray, isToken } from './fields.js';
import { skip, type ImportRecord } from './import-record.js';
import { byteCountOf, sha256Of, wholeFields, type WholeBody } from './whole-body.js';

/** One exchange as one line of JSON, fields in the documented order, without the newline. */
export function toJsonlLine(e: Exchange | NewExchange): string {
  const r = e.response;
  return JSON.stringify({
    recorded_at: new Date(e.recordedAt).toISOString(),
    method: e.method,
    path: e.path,
    query: e.query,
    request: side(e.requestHeaders, e.requestBody, e.requestTruncated, { fullLength: e.requestFullLength, sha256: e.requestSha256 }),
    response: r.kind === 'answer' ? { status: r.status, ...side(r.headers, r.body, r.truncated, r) } : { error: r.error },
    latency_us: r.latencyUs,
    tags: e.tags,
  });
}

function side(headers: HeaderList, body: Uint8Array, truncated: boolean, whole: WholeBody) {
  const { text, encoding } = encodeBody(body);
  const { fullLength, sha256 } = truncated ? wholeFields(whole) : {};
  return { headers, body: text, body_encoding: encoding, truncated, ...(fullLength !== undefined ? { body_full_length: fullLength } : {}), ...(sha256 !== undefined ? { body_sha256: sha256 } : {}) };
}

/** A parsed JSONL line as an exchange, or the first thing wrong with it. */
export function fromJsonl(value: unknown, location: string, alreadyRedacted: boolean): ImportRecord {
  const exchange = exchangeOf(value);
  return typeof exchange === 'string' ? skip(exchange, location) : { ok: true, location, alreadyRedacted, exchange };
}

/** The exchange a parsed line holds, or the first thing wrong with it. */
function exchangeOf(value: unknown): NewExchange | string {
  if (!isObject(value)) return 'not a JSON object';
  const { method, path, query = '', recorded_at: recordedAt, request = {}, response, latency_us: latency = 0, tags = [] } = value;
  if (method === undefined) return 'method: missing';
  if (!isToken(method)) return 'method: expected an HTTP method such as "POST"';
  if (path === undefined) return 'path: missing';
  if (typeof path !== 'string' || !(path.startsWith('/') || path === '*')) return 'path: expected a string starting with "/"';
  if (typeof query !== 'string') return 'query: expected a string';
  const epochMs = typeof recordedAt === 'string' ? epochMsOf(recordedAt) : undefined;
  if (epochMs === undefined) return recordedAt === undefined ? 'recorded_at: missing' : 'recorded_at: expected an ISO 8601 time with an offset';
  if (!isObject(request)) return 'request: expected an object';
  const req = sideOf(request, 'request');
  if (typeof req === 'string') return req;
  if (!isDuration(latency)) return 'latency_us: expected a number of microseconds, 0 or more';
  if (!isStringArray(tags)) return 'tags: expected an array of strings';
  const res = responseOf(response, Math.round(latency));
  if (typeof res === 'string') return res;
  return {
    recordedAt: epochMs,
    method,
    path,
    query,
    requestHeaders: req.headers,
    requestBody: req.body,
    requestTruncated: req.truncated,
    ...(req.whole.fullLength !== undefined ? { requestFullLength: req.whole.fullLength } : {}),
    ...(req.whole.sha256 !== undefined ? { requestSha256: req.whole.sha256 } : {}),
    response: res,
    tags,
  };
}

/**
 * The instant `recorded_at` names. Exports write it as `toISOString` does
 * (`2026-11-23T10:00:00.000Z`, 24 characters): that form is read here by position, at a tenth of
 * parseTimestamp's cost per line; any other text, or one this does not accept, goes through
 * parseTimestamp's full check (which also decides what is refused).
 */
function epochMsOf(text: string): number | undefined {
  return exportTimeOf(text) ?? parseTimestamp(text)?.epochMs;
}

/** `YYYY-MM-DDTHH:MM:SS.sssZ` as epoch milliseconds, or undefined for any other text or an impossible date. */
function exportTimeOf(text: string): number | undefined {
  if (text.length !== 24 || text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':' || text[19] !== '.' || text[23] !== 'Z') return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  const ms = digitsAt(text, 20, 3);
  // Years below 100 are left to parseTimestamp: Date.UTC reads them as 1900-1999.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/** The number the `count` decimal digits at `at` write, or -1 if one is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Days in `month` (1-12) of `year`, proleptic Gregorian as Date counts them. */
function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number);
}

function responseOf(response: unknown, latencyUs: number): Reply | string {
  if (response === undefined) return 'response: missing';
  if (!isObject(response)) return 'response: expected an object';
  if ('error' in response) {
    if ('status' in response) return 'response: has both "status" and "error"';
    if (typeof response['error'] !== 'string') return 'response.error: expected a string';
    return { kind: 'no-answer', error: response['error'], latencyUs };
  }
  if (response['status'] === undefined) return 'response: expected "status" (an answer) or "error" (no answer)';
  if (!isStatus(response['status'])) return 'response.status: expected an integer from 100 to 999';
  const side = sideOf(response, 'response');
  if (typeof side === 'string') return side;
  return { kind: 'answer', status: response['status'], headers: side.headers, body: side.body, truncated: side.truncated, ...side.whole, latencyUs };
}

function sideOf(side: Record<string, unknown>, name: string): { headers: HeaderList; body: Buffer; truncated: boolean; whole: WholeBody } | string {
  const { headers = [], body = '', body_encoding: encoding = 'utf8', truncated = false } = side;
  if (!isHeaderPairs(headers)) return `${name}.headers: expected [name, value] string pairs`;
  if (typeof body !== 'string') return `${name}.body: expected a string`;
  if (typeof encoding !== 'string' || (encoding !== 'utf8' && encoding !== 'base64')) return `${name}.body_encoding: expected "utf8" or "base64"`;
  const bytes = decodeBody(body, encoding);
  if (typeof bytes === 'string') return `${name}.body: ${bytes}`;
  if (typeof truncated !== 'boolean') return `${name}.truncated: expected true or false`;
  const whole = wholeOf(side, name, truncated, bytes.byteLength);
  if (typeof whole === 'string') return whole;
  return { headers, body: bytes, truncated, whole };
}

/** `body_full_length` and `body_sha256`: only on a truncated body, the length no less than what is kept, a hash only with its length. */
function wholeOf(side: Record<string, unknown>, name: string, truncated: boolean, kept: number): WholeBody | string {
  const length = byteCountOf(side['body_full_length'], `${name}.body_full_length`);
  if (typeof length === 'string') return length;
  const hash = sha256Of(side['body_sha256'], `${name}.body_sha256`);
  if (typeof hash === 'string') return hash;
  if (length.bytes === undefined && hash.sha256 === undefined) return {};
  if (!truncated) return `${name}.${length.bytes === undefined ? 'body_sha256' : 'body_full_length'}: only for a truncated body ("truncated": true)`;
  if (length.bytes === undefined) return `${name}.body_sha256: needs body_full_length (the whole body's length)`;
  if (length.bytes < kept) return `${name}.body_full_length: ${length.bytes} is less than the ${kept} bytes of body the line holds`;
  return wholeFields({ fullLength: length.bytes, sha256: hash.sha256 });
}
