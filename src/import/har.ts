import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { HeaderList, Reply } from '../core/exchange.js';
import { parseTimestamp } from '../util/timestamp.js';
import { decodeBody } from './body-encoding.js';
import { isParityHarLog } from './export-marker.js';
import { isDuration, isObject, isStatus, isStringArray, isToken } from './fields.js';
import { decodedBodyHeaders, foreignHeaders } from './foreign-headers.js';
import { skip, type ImportRecord } from './import-record.js';
import type { Importer } from './importer.js';
import { splitTarget } from './request-target.js';

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
    // A Parity export is kept byte for byte: no header clean-up, fragments are path bytes.
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

interface EntryContext {
  readonly exact: boolean;
  /** Where Playwright's `_file` attachments live (next to the HAR). */
  readonly dir: string;
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
  const requestHeaders = headersOf(request['headers'], context);
  if (!requestHeaders) return fail('request.headers: expected {name, value} string objects');
  const requestBody = await postDataOf(request['postData'], context);
  if (typeof requestBody === 'string') return fail(requestBody);
  const latencyUs = isDuration(time) ? Math.round(time * 1000) : 0;
  const answer = await responseOf(response, latencyUs, context, extra['response_truncated'] === true);
  if (typeof answer === 'string') return fail(answer);
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
      requestBody,
      requestTruncated: extra['request_truncated'] === true,
      response: answer,
      tags: isStringArray(extra['tags']) ? extra['tags'] : [],
    },
  };
}

function headersOf(value: unknown, context: EntryContext): HeaderList | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return undefined;
  const pairs: [string, string][] = [];
  for (const h of value) {
    if (!isObject(h) || typeof h['name'] !== 'string' || h['name'] === '' || typeof h['value'] !== 'string') return undefined;
    pairs.push([h['name'], h['value']]);
  }
  return context.exact ? pairs : foreignHeaders(pairs);
}

async function postDataOf(postData: unknown, context: EntryContext): Promise<Buffer | string> {
  if (postData === undefined) return Buffer.alloc(0);
  if (!isObject(postData)) return 'request.postData: expected an object';
  const body = await contentBytes(postData, context, 'request.postData');
  if (body !== undefined) return body;
  if (Array.isArray(postData['params']) && postData['params'].length > 0) return 'request.postData: params without text (the body bytes are unknown)';
  return Buffer.alloc(0);
}

async function responseOf(response: unknown, latencyUs: number, context: EntryContext, truncatedFlag: boolean): Promise<Reply | string> {
  if (!isObject(response)) return 'response: missing';
  const { status, _error: error } = response;
  // Browsers write status 0 (often with `_error`) for a request that got no answer.
  if (status === 0 || (typeof error === 'string' && error !== '')) {
    return { kind: 'no-answer', error: typeof error === 'string' && error !== '' ? error : 'no response (HAR status 0)', latencyUs };
  }
  if (!isStatus(status)) return 'response.status: expected an integer from 100 to 999';
  const headers = headersOf(response['headers'], context);
  if (!headers) return 'response.headers: expected {name, value} string objects';
  const content = response['content'] ?? {};
  if (!isObject(content)) return 'response.content: expected an object';
  const body = await contentBytes(content, context, 'response.content');
  if (typeof body === 'string') return body;
  // Without text the browser did not keep the body: an empty body flagged truncated says so.
  const missing = body === undefined && typeof content['size'] === 'number' && content['size'] > 0;
  return {
    kind: 'answer',
    status,
    headers: context.exact ? headers : decodedBodyHeaders(headers),
    body: body ?? Buffer.alloc(0),
    truncated: truncatedFlag || missing,
    latencyUs,
  };
}

/** The bytes of `text` (+ `encoding`) or of a Playwright `_file` attachment; undefined when neither is there. */
async function contentBytes(content: Record<string, unknown>, context: EntryContext, name: string): Promise<Buffer | string | undefined> {
  const { text, encoding, _file: file } = content;
  if (typeof text === 'string') {
    if (encoding !== undefined && encoding !== 'base64' && encoding !== '') return `${name}.encoding: expected "base64" or none`;
    const bytes = decodeBody(text, encoding === 'base64' ? 'base64' : 'utf8');
    return typeof bytes === 'string' ? `${name}.text: ${bytes}` : bytes;
  }
  if (typeof file === 'string') {
    // Only a plain file name next to the HAR: a crafted path must not pull other files into a capture.
    if (basename(file) !== file || file === '..' || file === '.') return `${name}._file: expected a file name next to the HAR`;
    try {
      return await readFile(join(context.dir, file));
    } catch {
      return `${name}._file: attachment not found next to the HAR`;
    }
  }
  return undefined;
}
