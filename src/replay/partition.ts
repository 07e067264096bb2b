import { ParityError } from '../core/errors.js';
import { headerValue, type Exchange } from '../core/exchange.js';
import { parseJsonPath, selectPath } from '../util/json-path.js';

/** Turns an exchange into the key of its partition; undefined means "no key: order does not matter". */
export type PartitionKeyOf = (exchange: Exchange) => string | undefined;

/**
 * `$.account_id` (a JSON path into the request body), `header:X-Account`, `path:2` (the second
 * path segment) or `query:account`. Throws PARTITION_KEY_INVALID (or JSON_PATH_INVALID) naming what it could not read.
 */
export function parsePartitionKey(spec: string): PartitionKeyOf {
  if (spec.startsWith('$')) {
    const path = parseJsonPath(spec);
    return (exchange) => {
      const body = requestJson(exchange.requestBody);
      const value = body === undefined ? undefined : selectPath(body, path)[0]?.value;
      return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
    };
  }
  const [kind, arg] = [spec.slice(0, spec.indexOf(':')), spec.slice(spec.indexOf(':') + 1)];
  if (kind === 'header' && arg) {
    const name = arg.toLowerCase();
    return (exchange) => headerValue(exchange.requestHeaders, name);
  }
  if (kind === 'path' && /^\d+$/.test(arg) && Number(arg) >= 1) {
    const index = Number(arg);
    return (exchange) => exchange.path.split('/').filter(Boolean)[index - 1];
  }
  if (kind === 'query' && arg) return (exchange) => new URLSearchParams(exchange.query).get(arg) ?? undefined;
  throw new ParityError('PARTITION_KEY_INVALID', `cannot read partition key ${JSON.stringify(spec)}: expected a JSON path ($.account_id), header:NAME, path:N or query:NAME`);
}

/** A request body as JSON, or undefined when it is empty or not JSON. */
export function requestJson(bytes: Uint8Array): unknown {
  if (bytes.byteLength === 0) return undefined;
  try {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch {
    return undefined;
  }
}
