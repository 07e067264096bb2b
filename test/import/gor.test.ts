import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import type { NewExchange } from '../../src/core/exchange.js';
import { gor, GOR_PAIRING_WINDOW } from '../../src/import/gor.js';
import { GOR_SEPARATOR } from '../../src/import/gor-payloads.js';
import { FIXTURES, fileWith, readAll } from '../helpers/import.js';

const T0 = 1_763_892_000_000_000_000n;
type Payload = string | Buffer;
const gorFile = (payloads: readonly Payload[], { trailingSeparator = true } = {}) =>
  Buffer.concat(payloads.flatMap((p, i) => [Buffer.from(p), ...(trailingSeparator || i < payloads.length - 1 ? [GOR_SEPARATOR] : [])]));
const req = (id: string, http = 'GET /x HTTP/1.1\r\nHost: h\r\n\r\n', ts = T0) => `1 ${id} ${ts} -1\n${http}`;
const res = (id: string, http: Payload = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', ts = T0 + 1_000_000n, latency = '1000000') =>
  Buffer.concat([Buffer.from(`2 ${id} ${ts}${latency === '' ? '' : ` ${latency}`}\n`), Buffer.from(http)]);
const bodyOf = (e: NewExchange | undefined) => (e?.response.kind === 'answer' ? Buffer.from(e.response.body).toString('latin1') : undefined);

describe('gor importer', () => {
  test('reads the fixture: pairs by id, de-chunks, keeps duplicate headers and binary bodies, ignores replayed responses', async () => {
    const { exchanges, skipped } = await readAll(gor, `${FIXTURES}small.gor`);
    expect(skipped).toEqual([]);
    const [post, health] = exchanges as [NewExchange, NewExchange];
    expect(post).toMatchObject({ method: 'POST', path: '/v1/payments/validate', query: 'dry_run=1', recordedAt: 1_763_892_000_000 });
    expect(post.requestHeaders).toEqual([['Host', '127.0.0.1:8080'], ['Content-Type', 'application/json'], ['Content-Length', '38'], ['X-Trace', 'a'], ['X-Trace', 'b']]);
    expect(Buffer.from(post.requestBody).toString()).toBe('{"transaction_id":"tx-1","amount":100}');
    // Requests without a span (meta `-1`): an older GoReplay, so the latency is response time minus request time.
    expect(post.response).toMatchObject({ kind: 'answer', status: 200, latencyUs: 900, truncated: false, headers: [['Content-Type', 'application/json']] });
    expect(bodyOf(post)).toBe('{"decision":"approve","errors":[]}');
    expect(health.requestHeaders).toEqual([['Host', '127.0.0.1:8080']]);
    expect(health.response).toMatchObject({ status: 503, latencyUs: 400 });
    expect(health.response.kind === 'answer' && Buffer.from(health.response.body)).toEqual(Buffer.from([0xff, 0xfe, 0x00, 0x01]));
  });

  test('a response before its request still pairs; unpaired halves are reported where they are', async () => {
    const payloads = [res('b'), req('a'), req('b'), req('c'), res('a'), res('z')];
    const offsetOf = (index: number) => payloads.slice(0, index).reduce((sum, p) => sum + Buffer.byteLength(p) + GOR_SEPARATOR.length, 0);
    const { exchanges, skipped } = await readAll(gor, fileWith(gorFile(payloads)));
    expect(exchanges).toHaveLength(2);
    expect(skipped).toEqual([
      { reason: 'request without a response', location: `payload 4 at byte ${offsetOf(3)}` },
      { reason: 'response without a request', location: `payload 6 at byte ${offsetOf(5)}` },
    ]);
  });

  test('a repeated request id drops the first, unanswered request', async () => {
    const { exchanges, skipped } = await readAll(gor, fileWith(gorFile([req('a', 'GET /first HTTP/1.1\r\n\r\n'), req('a', 'GET /second HTTP/1.1\r\n\r\n'), res('a')])));
    expect(exchanges.map((e) => e.path)).toEqual(['/second']);
    expect(skipped.map((s) => s.reason)).toEqual(['request without a response']);
  });

  test(`more than ${GOR_PAIRING_WINDOW.toLocaleString('en')} unpaired requests: the oldest are dropped and counted, memory stays bounded`, { timeout: 30_000 }, async () => {
    const orphans = Array.from({ length: GOR_PAIRING_WINDOW + 5 }, (_, i) => req(`o${i}`));
    // The first pair shows the file tracks responses: an unanswered request is then an error.
    const { exchanges, skipped } = await readAll(gor, fileWith(gorFile([req('first'), res('first'), req('kept'), ...orphans, res('kept')])));
    // 'kept' was the oldest unpaired request, so it was evicted before its response came.
    expect(exchanges).toHaveLength(1);
    const evicted = skipped.filter((s) => s.reason === 'request without a response within 10,000 payloads');
    expect(evicted).toHaveLength(6);
    expect(evicted[0]?.location).toMatch(/^payload 3 at byte /);
    expect(skipped.filter((s) => s.reason === 'response without a request')).toHaveLength(1);
    expect(skipped.filter((s) => s.reason === 'request without a response')).toHaveLength(GOR_PAIRING_WINDOW);
  });

  test('a large generated file (payloads crossing read chunks, out-of-order pairs) imports every exchange byte for byte', { timeout: 30_000 }, async () => {
    const count = 20_000;
    const payloads: Buffer[] = [];
    for (let i = 0; i < count; i++) {
      const body = Buffer.from(`{"n":${i},"pad":"${'x'.repeat(i % 97)}"}`);
      payloads.push(Buffer.from(req(`id${i}`, `POST /p/${i}?i=${i} HTTP/1.1\r\nContent-Length: ${body.length}\r\n\r\n${body}`, T0 + BigInt(i) * 1_000_000n)));
      if (i % 2 === 1) {
        payloads.push(res(`id${i}`, Buffer.concat([Buffer.from(`HTTP/1.1 201 Created\r\nContent-Length: 3\r\n\r\n`), Buffer.from([i % 256, 0x80, 0x0a])])));
        payloads.push(res(`id${i - 1}`, `HTTP/1.1 200 OK\r\nContent-Length: ${String(i - 1).length}\r\n\r\n${i - 1}`));
      }
    }
    const { exchanges, skipped } = await readAll(gor, fileWith(gorFile(payloads)));
    expect(skipped).toEqual([]);
    expect(exchanges).toHaveLength(count);
    const byPath = new Map(exchanges.map((e) => [e.path, e]));
    const odd = byPath.get('/p/12345');
    expect(odd?.query).toBe('i=12345');
    expect(odd?.response.kind === 'answer' && Buffer.from(odd.response.body)).toEqual(Buffer.from([12345 % 256, 0x80, 0x0a]));
    expect(bodyOf(byPath.get('/p/9998'))).toBe('9998');
    expect(Buffer.from(byPath.get('/p/7')?.requestBody ?? []).toString()).toBe(`{"n":7,"pad":"${'x'.repeat(7)}"}`);
    expect(byPath.get('/p/7')?.recordedAt).toBe(1_763_892_000_007);
  });

  test('a separator straddling a read-chunk boundary, and a payload larger than several chunks, are read whole', { timeout: 30_000 }, async () => {
    const CHUNK = 1 << 20;
    const head = req('a', 'POST /big HTTP/1.1\r\nContent-Length: ');
    // Pad the first payload so its separator starts 5 bytes before the first 1 MiB read ends.
    const bodyLength = CHUNK - 5 - Buffer.byteLength(head) - 7 - 4; // 7 digits of length, then CRLF CRLF
    const first = Buffer.concat([Buffer.from(`${head}${bodyLength}\r\n\r\n`), Buffer.alloc(bodyLength, 0x61)]);
    expect(first.length).toBe(CHUNK - 5);
    const big = Buffer.alloc(3 * CHUNK + 17, 0xfe);
    const payloads = [first, res('a'), req('b', `POST /bigger HTTP/1.1\r\nContent-Length: ${big.length}\r\n\r\n`), res('b', Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${big.length}\r\n\r\n`), big]))];
    const { exchanges, skipped } = await readAll(gor, fileWith(gorFile(payloads)));
    expect(skipped).toEqual([]);
    expect(exchanges.map((e) => [e.path, e.requestBody.byteLength, e.requestTruncated])).toEqual([
      ['/big', bodyLength, false],
      ['/bigger', 0, true],
    ]);
    expect(exchanges[1]?.response.kind === 'answer' && Buffer.from(exchanges[1].response.body).equals(big)).toBe(true);
  });

  test.each<[string, Payload[], string]>([
    ['a meta line that is not one', ['hello\nGET / HTTP/1.1\r\n\r\n'], 'meta line: expected "<type> <id> <timestamp-ns> [latency-ns]"'],
    ['an unknown payload type', ['4 a 1\nGET / HTTP/1.1\r\n\r\n'], 'meta line: unknown payload type (expected 1, 2 or 3)'],
    ['a meta line and nothing else', ['1 a 1'], 'no HTTP message after the meta line'],
    ['a malformed request line', [req('a', 'GET /\r\n\r\n'), res('a')], 'request: malformed request line'],
    ['headers that never end', [req('a', 'GET / HTTP/1.1\r\nHost: h\r\n'), res('a')], 'request: headers not terminated by a blank line'],
    ['a header line without a colon', [req('a', 'GET / HTTP/1.1\r\nHost h\r\n\r\n'), res('a')], 'request: malformed header line'],
    ['conflicting lengths', [req('a', 'POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'), res('a')], 'request: conflicting Content-Length headers'],
    ['a non-numeric length', [req('a', 'POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n'), res('a')], 'request: invalid Content-Length'],
    ['a request coded but not chunked', [req('a', 'POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n'), res('a')], 'request: Transfer-Encoding without chunked'],
    ['an authority-form target', [req('a', 'CONNECT h:443 HTTP/1.1\r\n\r\n'), res('a')], 'request: unsupported request target'],
    ['a malformed status line', [req('a'), res('a', 'HTTP/1.1 OK\r\n\r\n')], 'response: malformed status line'],
    ['a malformed chunk', [req('a'), res('a', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n')], 'response: malformed chunked body'],
  ])('%s is skipped', async (_name, payloads, reason) => {
    const { exchanges, skipped } = await readAll(gor, fileWith(gorFile([...payloads, req('ok'), res('ok')])));
    expect(skipped.map((s) => s.reason)).toEqual([reason]);
    expect(exchanges).toHaveLength(1);
  });

  test('bodies cut short (a capped capture) keep what there was and are flagged truncated', async () => {
    const { exchanges } = await readAll(
      gor,
      fileWith(gorFile([req('a', 'POST /p HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc'), res('a', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n5\r\nwo')])),
    );
    expect(exchanges[0]).toMatchObject({ requestTruncated: true, response: { truncated: true } });
    expect(Buffer.from(exchanges[0]?.requestBody ?? []).toString()).toBe('abc');
    expect(bodyOf(exchanges[0])).toBe('hellowo');
  });

  test('HEAD, 204 and 304 answers have no body; a response without framing is read to its end', async () => {
    const { exchanges } = await readAll(
      gor,
      fileWith(
        gorFile([
          req('a', 'HEAD /h HTTP/1.1\r\n\r\n'),
          res('a', 'HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n'),
          req('b', 'GET /n HTTP/1.1\r\n\r\n'),
          res('b', 'HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n'),
          req('c', 'GET /c HTTP/1.0\r\n\r\n'),
          res('c', 'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close'),
        ]),
      ),
    );
    expect(exchanges.map((e) => [e.path, bodyOf(e), e.response.kind === 'answer' && e.response.truncated])).toEqual([
      ['/h', '', false],
      ['/n', '', false],
      ['/c', 'until close', false],
    ]);
  });

  test('LF-only messages, folded headers, chunk extensions and trailers are understood', async () => {
    const { exchanges, skipped } = await readAll(
      gor,
      fileWith(gorFile([req('a', 'GET http://proxy.example/abs?q=1 HTTP/1.1\nX-Long: one\n  two\n\n'), res('a', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n0\r\nX-Trailer: t\r\n\r\n')])),
    );
    expect(skipped).toEqual([]);
    expect(exchanges[0]).toMatchObject({ path: '/abs', query: 'q=1', requestHeaders: [['X-Long', 'one two']] });
    expect(bodyOf(exchanges[0])).toBe('abc');
  });

  test('latency runs from the request to the response: older files by timestamps, GoReplay 1.2+ adds the response span', async () => {
    const modernReq = (id: string) => `1 ${id} ${T0} 300000\n${'GET /x HTTP/1.1\r\nHost: h\r\n\r\n'}`;
    const { exchanges } = await readAll(
      gor,
      fileWith(gorFile([req('a'), res('a', undefined, T0 + 2_500_000n, ''), req('b'), res('b', undefined, T0 + 9_000_000n, '1499'), modernReq('c'), res('c', undefined, T0 + 2_000_000_000n, '4000000')])),
    );
    // The fourth field of a response is its own span, never the latency: 1.5 µs for 'b' was wrong.
    expect(exchanges.map((e) => e.response.latencyUs)).toEqual([2500, 9000, 2_004_000]);
  });

  test('a file cut after the last payload, without its separator, still yields it', async () => {
    const { exchanges } = await readAll(gor, fileWith(gorFile([req('a'), res('a')], { trailingSeparator: false })));
    expect(exchanges).toHaveLength(1);
  });

  describe('files built from real wire bytes (scripts/make-gor-fixtures.ts)', () => {
    test('a 2 s endpoint imports with a 2 s latency: request start to response end, from the meta lines', async () => {
      const { exchanges, skipped } = await readAll(gor, `${FIXTURES}gor-latency.gor`);
      expect(skipped).toEqual([]);
      const metas = readFileSync(`${FIXTURES}gor-latency.gor`, 'latin1').split('\n').filter((l) => /^[12] [0-9a-f]+ \d+ \d+$/.test(l)).map((l) => l.split(' ').map((f, i) => (i >= 2 ? BigInt(f) : 0n)));
      const [request, response] = metas as [bigint[], bigint[]];
      const expected = Number(((response[2] ?? 0n) + (response[3] ?? 0n) - (request[2] ?? 0n) + 500n) / 1000n);
      expect(exchanges[0]?.response).toMatchObject({ kind: 'answer', status: 200, latencyUs: expected });
      expect(exchanges[0]?.response.latencyUs).toBeGreaterThanOrEqual(2_000_000);
      expect(exchanges[0]?.response.latencyUs).toBeLessThan(3_000_000);
      expect(bodyOf(exchanges[0])).toBe('{"decision":"approve","took":"2s"}');
    });

    test('a request-only file (no response tracking) imports every request with no recorded answer, tagged', async () => {
      const { exchanges, skipped } = await readAll(gor, `${FIXTURES}gor-request-only.gor`);
      expect(skipped).toEqual([]);
      expect(exchanges.map((e) => [e.method, e.path, e.query])).toEqual([
        ['GET', '/healthz', ''],
        ['GET', '/v1/status', 'verbose=1'],
        ['GET', '/v1/items/42', ''],
      ]);
      for (const e of exchanges) {
        expect(e.response).toEqual({ kind: 'no-answer', error: 'not recorded', latencyUs: 0 });
        expect(e.tags).toEqual(['response-not-recorded']);
        expect(e.requestHeaders[0]?.[0]).toBe('Host');
      }
    });

    test('a request-only file larger than the pairing window still imports every request', { timeout: 30_000 }, async () => {
      const count = GOR_PAIRING_WINDOW + 7;
      const { exchanges, skipped } = await readAll(gor, fileWith(gorFile(Array.from({ length: count }, (_, i) => req(`r${i}`, `GET /r/${i} HTTP/1.1\r\n\r\n`)))));
      expect(skipped).toEqual([]);
      expect(exchanges).toHaveLength(count);
      expect(exchanges[0]?.path).toBe('/r/0');
      expect(exchanges.every((e) => e.response.kind === 'no-answer' && e.tags.includes('response-not-recorded'))).toBe(true);
    });

    test('a 100 Continue before the final response gives way to it', async () => {
      const { exchanges, skipped } = await readAll(gor, `${FIXTURES}gor-continue.gor`);
      expect(skipped).toEqual([]);
      expect(exchanges[0]).toMatchObject({ method: 'POST', path: '/v1/upload', response: { kind: 'answer', status: 201, truncated: false } });
      expect(Buffer.from(exchanges[0]?.requestBody ?? []).toString()).toBe('receipt,2026-11-23,100.00\n');
      expect(bodyOf(exchanges[0])).toBe('{"stored":26}');
    });

    test('a 100 Continue written as a payload of its own waits for the final answer', async () => {
      const { exchanges, skipped } = await readAll(gor, fileWith(gorFile([req('a'), res('a', 'HTTP/1.1 100 Continue\r\n\r\n'), res('a', 'HTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\nok', T0 + 5_000_000n)])));
      expect(skipped).toEqual([]);
      expect(exchanges.map((e) => e.response.kind === 'answer' && e.response.status)).toEqual([202]);
    });

    test('a gzip file is read by its magic bytes, whatever its name', async () => {
      const gz = readFileSync(`${FIXTURES}gor-compressed.gor.gz`);
      for (const path of [`${FIXTURES}gor-compressed.gor.gz`, fileWith(gz, 'renamed.gor')]) {
        const { exchanges, skipped } = await readAll(gor, path);
        expect(skipped).toEqual([]);
        expect(exchanges.map((e) => [e.path, e.response.kind === 'answer' && e.response.status])).toEqual([
          ['/v1/report', 200],
          ['/healthz', 200],
        ]);
        // The body is kept as it came (gzip'd), with its Content-Encoding, as `parity record` keeps it.
        const report = exchanges[0]?.response;
        expect(report?.kind === 'answer' && gunzipSync(report.body).toString()).toBe('{"decision":"decline","errors":["LIMIT_EXCEEDED"]}');
        expect(report?.kind === 'answer' && report.headers).toContainEqual(['Content-Encoding', 'gzip']);
      }
    });

    test('a gzip file cut short gives what it holds; corrupt gzip is reported, not thrown', async () => {
      const whole = gunzipSync(readFileSync(`${FIXTURES}gor-compressed.gor.gz`));
      const firstPairEnd = whole.indexOf(GOR_SEPARATOR, whole.indexOf('\n2 ')) + GOR_SEPARATOR.length;
      const cut = gzipSync(whole).subarray(0, -12);
      const short = await readAll(gor, fileWith(cut, 'cut.gor.gz'));
      expect(short.exchanges.map((e) => e.path)).toContain('/v1/report');
      const corrupt = Buffer.concat([gzipSync(whole.subarray(0, firstPairEnd)).subarray(0, 40), Buffer.alloc(64, 0xaa)]);
      const bad = await readAll(gor, fileWith(corrupt, 'bad.gor.gz'));
      expect(bad.exchanges).toEqual([]);
      expect(bad.skipped.some((s) => s.reason.startsWith('gzip: '))).toBe(true);
    });
  });
});
