import { describe, expect, test } from 'vitest';
import { readRequestHead } from '../../src/record/request-head.js';

const raw = ['Host', 'shop.test', 'X-Trace', 'abc', 'Content-Length', '12', 'X-Forwarded-For', '10.0.0.1', 'Expect', '100-continue', 'Keep-Alive', 'timeout=5', 'Connection', 'keep-alive, X-Trace'];

describe('a request head read once from the raw headers', () => {
  test('drops hop-by-hop headers, Expect and those Connection names (even named after them); keeps case and order', () => {
    const head = readRequestHead(raw, { rewriteHost: false, record: true, client: '127.0.0.1' });
    expect(head.recorded).toEqual([
      ['Host', 'shop.test'],
      ['Content-Length', '12'],
      ['X-Forwarded-For', '10.0.0.1'],
    ]);
    expect(head.forward).toEqual(['Host', 'shop.test', 'Content-Length', '12', 'x-forwarded-for', '10.0.0.1, 127.0.0.1', 'x-forwarded-host', 'shop.test', 'x-forwarded-proto', 'http']);
    expect(head.contentLength).toBe('12');
    expect(head.encoded).toBe(false);
  });

  test("rewriteHost leaves the client's Host out of what is sent (undici sends the target's), but records it", () => {
    const head = readRequestHead(['host', 'shop.test', 'Transfer-Encoding', 'chunked', 'X-Forwarded-Proto', 'https'], { rewriteHost: true, record: true, client: '::1' });
    expect(head.forward).toEqual(['X-Forwarded-Proto', 'https', 'x-forwarded-for', '::1', 'x-forwarded-host', 'shop.test']);
    expect(head.recorded).toEqual([
      ['host', 'shop.test'],
      ['X-Forwarded-Proto', 'https'],
    ]);
    expect(head.encoded).toBe(true);
    expect(head.contentLength).toBeUndefined();
  });

  test('nothing is kept for the recording when the exchange is not recorded', () => {
    expect(readRequestHead(raw, { rewriteHost: false, record: false, client: '127.0.0.1' }).recorded).toBeUndefined();
  });
});
