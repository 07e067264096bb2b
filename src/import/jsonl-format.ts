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
 * are valid UTF-8, else `base64`. Lenient where nothing is lost (missing `query`, `request`,
 * `headers`, `body`, `truncated`, `latency_us`, `tags` take empty defaults), strict where meaning
 * would be (method, path, time, response, status, encodings).
 */
import type { Exchange, HeaderList, NewExchange, Reply } from '../core/exchange.js';
import { parseTimestamp } from '../util/timestamp.js';
import { decodeBody, encodeBody } from './body-encoding.js';
import { isDuration, isHeaderPairs, isObject, isStatus, isStringArray, isToken } from './fields.js';
import { skip, type ImportRecord } from './import-record.js';

/** One exchange as one line of JSON, fields in the documented order, without the newline. */
export function toJsonlLine(e: Exchange | NewExchange): string {
  const r = e.response;
  return JSON.stringify({
    recorded_at: new Date(e.recordedAt).toISOString(),
    method: e.method,
    path: e.path,
    query: e.query,
    request: side(e.requestHeaders, e.requestBody, e.requestTruncated),
    response: r.kind === 'answer' ? { status: r.status, ...side(r.headers, r.body, r.truncated) } : { error: r.error },
    latency_us: r.latencyUs,
    tags: e.tags,
  });
}

function side(headers: HeaderList, body: Uint8Array, truncated: boolean) {
  const { text, encoding } = encodeBody(body);
  return { headers, body: text, body_encoding: encoding, truncated };
}

/** A parsed JSONL line as an exchange, or the first thing wrong with it. */
export function fromJsonl(value: unknown, location: string, alreadyRedacted: boolean): ImportRecord {
  const fail = (reason: string) => skip(reason, location);
  if (!isObject(value)) return fail('not a JSON object');
  const { method, path, query = '', recorded_at: recordedAt, request = {}, response, latency_us: latency = 0, tags = [] } = value;
  if (method === undefined) return fail('method: missing');
  if (!isToken(method)) return fail('method: expected an HTTP method such as "POST"');
  if (path === undefined) return fail('path: missing');
  if (typeof path !== 'string' || !(path.startsWith('/') || path === '*')) return fail('path: expected a string starting with "/"');
  if (typeof query !== 'string') return fail('query: expected a string');
  const time = typeof recordedAt === 'string' ? parseTimestamp(recordedAt) : undefined;
  if (!time) return fail(recordedAt === undefined ? 'recorded_at: missing' : 'recorded_at: expected an ISO 8601 time with an offset');
  if (!isObject(request)) return fail('request: expected an object');
  const req = sideOf(request, 'request');
  if (typeof req === 'string') return fail(req);
  if (!isDuration(latency)) return fail('latency_us: expected a number of microseconds, 0 or more');
  if (!isStringArray(tags)) return fail('tags: expected an array of strings');
  const res = responseOf(response, Math.round(latency));
  if (typeof res === 'string') return fail(res);
  return {
    ok: true,
    location,
    alreadyRedacted,
    exchange: { recordedAt: time.epochMs, method, path, query, requestHeaders: req.headers, requestBody: req.body, requestTruncated: req.truncated, response: res, tags },
  };
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
  return { kind: 'answer', status: response['status'], headers: side.headers, body: side.body, truncated: side.truncated, latencyUs };
}

function sideOf(side: Record<string, unknown>, name: string): { headers: HeaderList; body: Buffer; truncated: boolean } | string {
  const { headers = [], body = '', body_encoding: encoding = 'utf8', truncated = false } = side;
  if (!isHeaderPairs(headers)) return `${name}.headers: expected [name, value] string pairs`;
  if (typeof body !== 'string') return `${name}.body: expected a string`;
  if (typeof encoding !== 'string' || (encoding !== 'utf8' && encoding !== 'base64')) return `${name}.body_encoding: expected "utf8" or "base64"`;
  const bytes = decodeBody(body, encoding);
  if (typeof bytes === 'string') return `${name}.body: ${bytes}`;
  if (typeof truncated !== 'boolean') return `${name}.truncated: expected true or false`;
  return { headers, body: bytes, truncated };
}
