import type { Dispatcher } from 'undici';
import type { LoadRequest } from './model.js';

/** Set by undici from the pool's origin and the body: a recorded one would be stale or wrong. */
const SET_BY_CLIENT = new Set(['host', 'content-length']);

/**
 * Each request's undici options, built once per window so that a send only hands undici an
 * object it already has. `basePath` is the target URL's path prefix (no trailing slash).
 */
export function prepareRequests(requests: readonly LoadRequest[], basePath: string, timeoutMs: number): Dispatcher.DispatchOptions[] {
  return requests.map((request) => {
    const headers: string[] = [];
    for (const [name, value] of request.headers) if (!SET_BY_CLIENT.has(name.toLowerCase())) headers.push(name, value);
    const body = request.body !== undefined && request.body.byteLength > 0 ? Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength) : null;
    return { method: request.method as Dispatcher.HttpMethod, path: basePath + request.path, headers, body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs };
  });
}
