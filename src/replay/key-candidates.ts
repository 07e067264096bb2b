import { createHash } from 'node:crypto';
import { requestJson } from './partition.js';
import type { Exchange } from '../core/exchange.js';

// Headers that describe the message or the connection, never the entity a request acts on.
const TRANSPORT_HEADERS = new Set([
  'accept', 'accept-encoding', 'accept-language', 'authorization', 'cache-control', 'connection', 'content-encoding', 'content-length', 'content-type', 'cookie', 'date', 'expect', 'forwarded', 'host', 'keep-alive', 'origin', 'pragma', 'referer', 'te', 'traceparent', 'tracestate', 'transfer-encoding', 'upgrade', 'user-agent', 'via', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip',
]);
const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;
// Deep or wide bodies are walked this far: partition keys sit near the top.
const MAX_DEPTH = 8;
const MAX_LEAVES = 500;

/**
 * Every partition key a request could be replayed by, with its value here, each key once, written
 * as `--partition-key` takes it: `$.a.b` (array items as [*], the first item's value, as the
 * replay reads it), `header:name`, `path:N`, `query:name`.
 */
export function requestKeyCandidates(exchange: Exchange): Map<string, string | number> {
  const found = new Map<string, string | number>();
  const body = requestJson(exchange.requestBody);
  if (body !== undefined) walk(body, '$', 0, found);
  for (const [name, value] of exchange.requestHeaders) {
    const lower = name.toLowerCase();
    if (!TRANSPORT_HEADERS.has(lower) && !found.has(`header:${lower}`)) found.set(`header:${lower}`, value);
  }
  exchange.path.split('/').filter(Boolean).forEach((segment, i) => found.set(`path:${i + 1}`, segment));
  for (const [name, value] of new URLSearchParams(exchange.query)) if (!found.has(`query:${name}`)) found.set(`query:${name}`, value);
  return found;
}

function walk(value: unknown, path: string, depth: number, found: Map<string, string | number>): void {
  if (found.size >= MAX_LEAVES || depth > MAX_DEPTH) return;
  if (typeof value === 'string' || typeof value === 'number') {
    if (!found.has(path)) found.set(path, value);
  } else if (Array.isArray(value)) {
    for (const item of value) walk(item, `${path}[*]`, depth + 1, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) walk(child, `${path}${IDENTIFIER.test(key) ? `.${key}` : `['${key.replace(/['\\]/g, '\\$&')}']`}`, depth + 1, found);
  }
}

/** A candidate's value as it is counted: long values are kept as digests, a cap on memory, not on what counts as distinct. */
export function tallyValue(value: string | number): string {
  const text = String(value);
  return text.length <= 64 ? text : createHash('sha1').update(text).digest('base64');
}
