import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { headerValue, type HeaderList, type Reply } from '../core/exchange.js';
import { encodeContent, parseContentEncoding } from '../util/content-encoding.js';
import { parseTimestamp } from '../util/timestamp.js';
import { isParityHarLog } from './export-marker.js';
import { isDuration, isObject, isStatus, isStringArray, isToken } from './fields.js';
import { decodedBodyHeaders, foreignHeaders } from './foreign-headers.js';
import { skip, type ImportRecord } from './import-record.js';
import type { Importer } from './importer.js';
import { contentBytes, type EntryContext } from './har-content.js';
import { requestBodyOf, withBodyHeaders, type SentBody } from './har-request-body.js';
import { IMPORT_TAGS, schemeTag } from './import-tags.js';
import { splitTarget, type RequestTarget } from './request-target.js';
import { byteCountOf, sha256Of, wholeFields, type WholeBody } from './whole-body.js';

/**
 * HAR 1.2 (browser devtools, Playwright `recordHar`). A HAR file is one JSON document, so it is
 * read whole; its entries are then turned into exchanges one by one.
 */
export const har = {
  format: 'har',
  description: 'HAR 1.2 from browser devtools or Playwright recordHar (read whole: one JSON document)',
  async *records(path: string): AsyncIterable<ImportRecord> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ERR_STRING_TOO_LONG') throw error;
      yield skip('too large to read as one JSON document (over 512 MiB); export it in parts', 'document');
      return;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
    } catch (error) {
      yield skip(jsonProblem(text, error as Error), 'document');
      return;
    }
    const log = isObject(doc) ? doc['log'] : undefined;
    if (!isObject(log) || !Array.isArray(log['entries'])) {
      yield skip('not a HAR file: no log.entries array', 'document');
      return;
    }
    // A Parity export is taken as written: no header clean-up, fragments are path bytes.
    const exact = isParityHarLog(log);
    const context: EntryContext = { exact, dir: dirname(path) };
    for (const [i, entry] of (log['entries'] as unknown[]).entries()) yield await fromEntry(entry, `entries[${i}]`, context);
  },
} satisfies Importer;

/** A file cut short (a browser closed mid-write) says so, rather than naming a character. */
function jsonProblem(text: string, error: Error): string {
  const position = /position (\d+)/.exec(error.message)?.[1];
  const cutShort = /end of JSON input/i.test(error.message) || (position !== undefined && Number(position) >= text.trimEnd().length);
  return cutShort ? 'not valid JSON: the document ends early (file cut short?)' : `not valid JSON: ${error.message}`;
}

async function fromEntry(entry: unknown, location: string, context: EntryContext): Promise<ImportRecord> {
  const fail = (reason: string) => skip(reason, location);
  if (!isObject(entry)) return fail('not an object');
  const { request, response, startedDateTime, time = 0 } = entry;
  const extra = isObject(entry['_parity']) ? entry['_parity'] : {};
  if (!isObject(request)) return fail('request: missing');
  if (!isToken(request['method'])) return fail('request.method: expected an HTTP method such as "POST"');
  const target = typeof request['url'] === 'string' ? splitTarget(request['url'], { keepFragment: context.exact }) : undefined;
  if (!target) return fail('request.url: expected an absolute URL');
  const started = typeof startedDateTime === 'string' ? parseTimestamp(startedDateTime) : undefined;
  if (!started) return fail('startedDateTime: expected an ISO 8601 time with an offset');
  const sentHeaders = headerPairs(request['headers']);
  if (!sentHeaders) return fail('request.headers: expected {name, value} string objects');
  const sent = await requestBodyOf(request['postData'], sentHeaders, context);
  if (typeof sent === 'string') return fail(sent);
  const requestTruncated = extra['request_truncated'] === true || sent.truncated;
  const requestWhole = requestWholeOf(request['bodySize'], sent, requestTruncated);
  if (typeof requestWhole === 'string') return fail(requestWhole);
  const latencyUs = isDuration(time) ? Math.round(time * 1000) : 0;
  const answer = await responseOf(response, { method: request['method'], latencyUs, truncatedFlag: extra['response_truncated'] === true }, context);
  if (typeof answer === 'string') return fail(answer);
  // A Parity export is taken as written; a foreign file gets what `parity record` would have stored.
  const requestHeaders = context.exact ? sentHeaders : withOrigin(withBodyHeaders(foreignHeaders(sentHeaders), sent), target.origin);
  const schemeTags = !context.exact && target.origin && target.origin.scheme !== 'http' ? [schemeTag(target.origin.scheme)] : [];
  return {
    ok: true,
    location,
    alreadyRedacted: context.exact,
    exchange: {
      recordedAt: started.epochMs,
      method: request['method'],
      path: target.path,
      query: target.query,
      requestHeaders,
      requestBody: sent.body,
      requestTruncated,
      ...(requestWhole.fullLength !== undefined ? { requestFullLength: requestWhole.fullLength } : {}),
      ...(requestWhole.sha256 !== undefined ? { requestSha256: requestWhole.sha256 } : {}),
      response: answer.reply,
      tags: [...(isStringArray(extra['tags']) ? extra['tags'] : []), ...sent.tags, ...answer.tags, ...schemeTags],
    },
  };
}

function headerPairs(value: unknown): HeaderList | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return undefined;
  const pairs: [string, string][] = [];
  for (const h of value) {
    if (!isObject(h) || typeof h['name'] !== 'string' || h['name'] === '' || typeof h['value'] !== 'string') return undefined;
    pairs.push([h['name'], h['value']]);
  }
  return pairs;
}

/**
 * The recorder keeps the client's Host header; a HAR names the host in the URL only when the
 * browser spoke HTTP/2 (`:authority`, dropped) or the writer left headers out, so it comes from there.
 */
function withOrigin(headers: HeaderList, origin: RequestTarget['origin']): HeaderList {
  if (!origin || origin.authority === '' || headerValue(headers, 'host') !== undefined) return headers;
  return [['Host', origin.authority], ...headers];
}

interface ResponseContext {
  readonly method: string;
  readonly latencyUs: number;
  readonly truncatedFlag: boolean;
}

async function responseOf(response: unknown, { method, latencyUs, truncatedFlag }: ResponseContext, context: EntryContext): Promise<{ reply: Reply; tags: string[] } | string> {
  if (!isObject(response)) return 'response: missing';
  const { status, _error: error } = response;
  // Browsers write status 0 (often with `_error`) for a request that got no answer.
  if (status === 0 || (typeof error === 'string' && error !== '')) {
    return { reply: { kind: 'no-answer', error: typeof error === 'string' && error !== '' ? error : 'no response (HAR status 0)', latencyUs }, tags: [] };
  }
  if (!isStatus(status)) return 'response.status: expected an integer from 100 to 999';
  const pairs = headerPairs(response['headers']);
  if (!pairs) return 'response.headers: expected {name, value} string objects';
  const headers = context.exact ? pairs : foreignHeaders(pairs);
  const content = response['content'] ?? {};
  if (!isObject(content)) return 'response.content: expected an object';
  const size = byteCountOf(content['size'], 'response.content.size', { allowUnknown: true });
  if (typeof size === 'string') return size;
  const hash = sha256Of(content['_sha256'], 'response.content._sha256');
  if (typeof hash === 'string') return hash;
  const body = await contentBytes(content, context, 'response.content');
  if (typeof body === 'string') return body;
  // `size` is the whole content's length (HAR 1.2): text shorter than it is the start of the body.
  const cut = body !== undefined && size.bytes !== undefined && size.bytes > body.length;
  if (context.exact) {
    const decoded = isObject(response['_parity']) && response['_parity']['content_decoded'] === true;
    const stored = decoded ? reencoded(body ?? Buffer.alloc(0), headers) : { body: body ?? Buffer.alloc(0), headers };
    // Parity writes a cut body as sent, never decoded: its size and hash are of those bytes.
    const whole = cut && !decoded ? wholeFields({ fullLength: size.bytes, sha256: hash.sha256 }) : {};
    return { reply: { kind: 'answer', status, ...stored, truncated: truncatedFlag || cut, ...whole, latencyUs }, tags: [] };
  }
  // Without text the browser did not keep the body: an empty body flagged truncated says so.
  const missing = body === undefined && bodyExpected(size.bytes, status, method, pairs);
  // A browser's size is of the decoded content; replay compares a cut body as sent, so a length
  // of compressed bytes' content would be a false mismatch: only an uncompressed one is kept.
  const whole = cut && !hasContentCoding(pairs) ? wholeFields({ fullLength: size.bytes, sha256: hash.sha256 }) : {};
  return {
    reply: { kind: 'answer', status, headers: decodedBodyHeaders(headers), body: body ?? Buffer.alloc(0), truncated: truncatedFlag || missing || cut, ...whole, latencyUs },
    tags: missing ? [IMPORT_TAGS.responseBodyMissing] : cut ? [IMPORT_TAGS.responseBodyCut] : [],
  };
}

/**
 * The whole length (`bodySize`) and hash (`postData._sha256`) of a request body cut at the cap, as
 * Parity's export writes them; `bodySize` is checked whatever the entry, since -1 means unknown.
 */
function requestWholeOf(bodySize: unknown, sent: SentBody, truncated: boolean): WholeBody | string {
  const size = byteCountOf(bodySize, 'request.bodySize', { allowUnknown: true });
  if (typeof size === 'string') return size;
  if (!truncated || size.bytes === undefined || size.bytes <= sent.body.length) return {};
  return wholeFields({ fullLength: size.bytes, sha256: sent.sha256 });
}

function hasContentCoding(headers: HeaderList): boolean {
  const coding = parseContentEncoding(headerValue(headers, 'content-encoding'));
  return !('codings' in coding) || coding.codings.length > 0;
}

/**
 * Whether a response without text had a body: `size` > 0 says so; -1 (Chromium's "unknown", as
 * for a redirect) or no size leaves it to the message: a body unless HEAD, 1xx, 204, 304 or
 * Content-Length 0.
 */
function bodyExpected(size: number | undefined, status: number, method: string, headers: HeaderList): boolean {
  if (size !== undefined) return size > 0;
  if (method === 'HEAD' || status < 200 || status === 204 || status === 304) return false;
  return headerValue(headers, 'content-length')?.trim() !== '0';
}

/**
 * A Parity export writes the body decoded, as HAR readers expect, and says so: the stored bytes
 * are encoded again per Content-Encoding, so the exchange has its headers and an equivalent body.
 */
function reencoded(body: Buffer, headers: HeaderList): { body: Buffer; headers: HeaderList } {
  const coding = parseContentEncoding(headerValue(headers, 'content-encoding'));
  if (!('codings' in coding) || coding.codings.length === 0) return { body, headers };
  const encoded = encodeContent(body, coding.codings);
  return { body: encoded, headers: headers.map(([n, v]) => (n.toLowerCase() === 'content-length' ? [n, String(encoded.length)] : [n, v])) };
}

