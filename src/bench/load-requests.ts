import type { Exchange } from '../core/exchange.js';
import { openCaptureReader } from '../store/index.js';
import { endToEndHeaders } from '../util/hop-by-hop.js';
import type { LoadRequest } from './model.js';

/** Enough distinct requests for any window (the load wraps around them), bounded in memory. */
export const DEFAULT_MAX_LOAD_REQUESTS = 100_000;

export interface LoadedRequests {
  /** In recorded order, offsets from the first kept one. */
  readonly requests: LoadRequest[];
  /** Requests whose body was cut at the recording cap: they cannot be sent again as recorded. */
  readonly skipped: number;
  /** Requests in the capture past the cap, not read. */
  readonly leftOut: number;
  /** One sentence per thing the user should know about what the load holds (cap reached, requests skipped). */
  readonly notes: readonly string[];
}

/**
 * The capture's requests as the load engine sends them: method, path and query, end-to-end
 * headers (no hop-by-hop ones, no Content-Length: undici recomputes it), body, and when each was
 * recorded. Responses are not kept. At most `maxRequests`, the earliest recorded.
 */
export function loadRequests(capture: string, options: { readonly maxRequests?: number } = {}): LoadedRequests {
  const maxRequests = options.maxRequests ?? DEFAULT_MAX_LOAD_REQUESTS;
  const reader = openCaptureReader(capture);
  try {
    const total = reader.count();
    const requests: LoadRequest[] = [];
    let skipped = 0;
    let read = 0;
    let first: number | undefined;
    for (const exchange of reader.inRecordedOrder()) {
      if (requests.length >= maxRequests) break;
      read++;
      if (exchange.requestTruncated) {
        skipped++;
        continue;
      }
      first ??= exchange.recordedAt;
      requests.push(toLoadRequest(exchange, exchange.recordedAt - first));
    }
    const leftOut = total - read;
    const notes: string[] = [];
    if (leftOut > 0) notes.push(`the capture holds ${total.toLocaleString('en-US')} requests; the load cycles through the first ${requests.length.toLocaleString('en-US')} recorded (at most ${maxRequests.toLocaleString('en-US')})`);
    if (skipped > 0) notes.push(`${skipped.toLocaleString('en-US')} requests skipped: their bodies were cut at the recording cap and cannot be sent again as recorded`);
    return { requests, skipped, leftOut, notes };
  } finally {
    reader.close();
  }
}

function toLoadRequest(exchange: Exchange, offsetMs: number): LoadRequest {
  const headers = endToEndHeaders(exchange.requestHeaders.flat()).filter(([name]) => name.toLowerCase() !== 'content-length');
  const body = exchange.requestBody.byteLength > 0 ? exchange.requestBody : undefined;
  return { method: exchange.method, path: exchange.query === '' ? exchange.path : `${exchange.path}?${exchange.query}`, headers, body, offsetMs };
}
