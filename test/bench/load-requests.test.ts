import { describe, expect, it } from 'vitest';
import { loadRequests } from '../../src/bench/load-requests.js';
import { captureWith, exchangeOf } from '../helpers/exchanges.js';

const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);

describe('loadRequests', () => {
  it('keeps what the load sends, in recorded order, with offsets from the first request', () => {
    const capture = captureWith([
      exchangeOf({ recordedAt: T0 + 500, path: '/late', query: 'a=1&b=2', method: 'GET', requestBody: Buffer.alloc(0) }),
      exchangeOf({
        recordedAt: T0,
        requestHeaders: [['Host', 'recorder:8080'], ['Content-Type', 'application/json'], ['Content-Length', '38'], ['Connection', 'keep-alive, x-hop'], ['X-Hop', 'gone'], ['Transfer-Encoding', 'chunked'], ['X-Trace', 'a']],
      }),
    ]);
    const loaded = loadRequests(capture);
    expect(loaded.skipped).toBe(0);
    expect(loaded.leftOut).toBe(0);
    expect(loaded.notes).toEqual([]);
    const [first, second] = loaded.requests;
    expect(first?.offsetMs).toBe(0);
    expect(first?.method).toBe('POST');
    expect(first?.path).toBe('/v1/payments/validate');
    // Hop-by-hop headers, those Connection names, and Content-Length (recomputed) are left out; Host is kept here and dropped by the engine.
    expect(first?.headers).toEqual([['Host', 'recorder:8080'], ['Content-Type', 'application/json'], ['X-Trace', 'a']]);
    expect(Buffer.from(first?.body ?? []).toString()).toBe('{"transaction_id":"tx-1","amount":100}');
    expect(second).toMatchObject({ method: 'GET', path: '/late?a=1&b=2', body: undefined, offsetMs: 500 });
  });

  it('skips and counts requests whose body was cut at the recording cap', () => {
    const capture = captureWith([exchangeOf({ recordedAt: T0 }), exchangeOf({ recordedAt: T0 + 1, requestTruncated: true, requestFullLength: 9_000_000 }), exchangeOf({ recordedAt: T0 + 2 })]);
    const loaded = loadRequests(capture);
    expect(loaded.requests).toHaveLength(2);
    expect(loaded.skipped).toBe(1);
    expect(loaded.notes.join(' ')).toMatch(/1 requests skipped: their bodies were cut/);
  });

  it('reads at most maxRequests, the earliest recorded, and says so', () => {
    const capture = captureWith(Array.from({ length: 10 }, (_, i) => exchangeOf({ recordedAt: T0 + (9 - i) * 10, path: `/p${9 - i}` })));
    const loaded = loadRequests(capture, { maxRequests: 4 });
    expect(loaded.requests.map((r) => r.path)).toEqual(['/p0', '/p1', '/p2', '/p3']);
    expect(loaded.leftOut).toBe(6);
    expect(loaded.notes.join(' ')).toMatch(/holds 10 requests; the load cycles through the first 4/);
  });

  it('refuses a file that is not a capture with the store\'s error', () => {
    expect(() => loadRequests('/nonexistent/capture.db')).toThrow(expect.objectContaining({ code: 'CAPTURE_NOT_FOUND' }));
  });
});
