import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { NewExchange } from '../../src/core/exchange.js';
import { har } from '../../src/import/har.js';
import { FIXTURES, fileWith, readAll } from '../helpers/import.js';

const entry = (overrides: Record<string, unknown> = {}) => ({
  startedDateTime: '2026-11-23T10:00:00.000Z',
  time: 1.5,
  request: { method: 'GET', url: 'http://example.test/a?b=1', headers: [] },
  response: { status: 200, headers: [], content: { size: 2, mimeType: 'text/plain', text: 'ok' } },
  ...overrides,
});
const harOf = (entries: unknown[], log: Record<string, unknown> = {}) => JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries, ...log } });
const bodyOf = (e: NewExchange | undefined) => (e?.response.kind === 'answer' ? Buffer.from(e.response.body) : undefined);

describe('har importer', () => {
  test('reads the devtools fixture: raw query, pseudo and hop-by-hop headers dropped, duplicates kept, base64 honoured', async () => {
    const { exchanges, skipped } = await readAll(har, `${FIXTURES}small.har`);
    expect(skipped).toEqual([]);
    const [post, png, failed] = exchanges as [NewExchange, NewExchange, NewExchange];
    expect(post).toMatchObject({ method: 'POST', path: '/v1/payments/validate', query: 'dry_run=1&x=%2F', recordedAt: Date.UTC(2026, 10, 23, 10, 0, 0, 123) });
    // An HTTP/2 entry names its host in `:authority` only: the Host header comes from the URL, the scheme in a tag.
    expect(post.requestHeaders).toEqual([['Host', 'pay.example.test'], ['content-type', 'application/json'], ['x-trace', 'a'], ['x-trace', 'b']]);
    expect(post.tags).toEqual(['scheme:https']);
    expect(Buffer.from(post.requestBody).toString()).toBe('{"transaction_id":"tx-1","amount":1}');
    expect(post.response).toMatchObject({ kind: 'answer', status: 200, latencyUs: 12_500, truncated: false });
    // HAR keeps the decoded body: the gzip Content-Encoding and its Content-Length no longer describe it.
    expect(post.response.kind === 'answer' && post.response.headers).toEqual([['content-type', 'application/json']]);
    expect(png.recordedAt).toBe(Date.UTC(2026, 10, 23, 9, 0, 1));
    expect(png.requestHeaders).toEqual([['Host', '127.0.0.1:8080']]);
    expect(png.tags).toEqual([]);
    expect(png.response.kind === 'answer' && png.response.headers).toEqual([['Content-Type', 'image/png']]);
    expect(bodyOf(png)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    expect(failed.response).toEqual({ kind: 'no-answer', error: 'net::ERR_CONNECTION_REFUSED', latencyUs: 30_000_000 });
  });

  test('a HAR cut short is one skipped record that says so', async () => {
    const { exchanges, skipped } = await readAll(har, `${FIXTURES}truncated.har`);
    expect(exchanges).toEqual([]);
    expect(skipped).toEqual([{ reason: 'not valid JSON: the document ends early (file cut short?)', location: 'document' }]);
  });

  test('JSON that is not a HAR is one skipped record', async () => {
    expect((await readAll(har, fileWith('{"entries":[]}'))).skipped).toEqual([{ reason: 'not a HAR file: no log.entries array', location: 'document' }]);
    expect((await readAll(har, fileWith('{"log": }'))).skipped[0]?.reason).toMatch(/^not valid JSON: /);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['no request', { request: undefined }, 'request: missing'],
    ['a method that is not a token', { request: { method: 'G T', url: 'http://x/' } }, 'request.method: expected an HTTP method such as "POST"'],
    ['a URL without a path', { request: { method: 'GET', url: 'mailto:x' } }, 'request.url: expected an absolute URL'],
    ['a numeric URL', { request: { method: 'GET', url: 7 } }, 'request.url: expected an absolute URL'],
    ['no start time', { startedDateTime: undefined }, 'startedDateTime: expected an ISO 8601 time with an offset'],
    ['headers as pairs', { request: { method: 'GET', url: 'http://x/', headers: [['a', 'b']] } }, 'request.headers: expected {name, value} string objects'],
    ['a postData that is a string', { request: { method: 'POST', url: 'http://x/', postData: 'x' } }, 'request.postData: expected an object'],
    ['params that are not {name, value}', { request: { method: 'POST', url: 'http://x/', postData: { mimeType: 'application/x-www-form-urlencoded', params: [{ name: 1, value: '1' }] } } }, 'request.postData.params: expected {name, value} string objects'],
    ['bad base64 in postData', { request: { method: 'POST', url: 'http://x/', postData: { text: '**', encoding: 'base64' } } }, 'request.postData.text: invalid base64'],
    ['no response', { response: undefined }, 'response: missing'],
    ['a status as text', { response: { status: '200', headers: [] } }, 'response.status: expected an integer from 100 to 999'],
    ['response headers as an object', { response: { status: 200, headers: { a: 'b' } } }, 'response.headers: expected {name, value} string objects'],
    ['content that is a string', { response: { status: 200, headers: [], content: 'x' } }, 'response.content: expected an object'],
    ['an unknown content encoding', { response: { status: 200, headers: [], content: { text: 'x', encoding: 'hex' } } }, 'response.content.encoding: expected "base64" or none'],
    ['bad base64 content', { response: { status: 200, headers: [], content: { text: 'a', encoding: 'base64' } } }, 'response.content.text: invalid base64'],
    ['an attachment path that leaves the directory', { response: { status: 200, headers: [], content: { _file: '../secret' } } }, 'response.content._file: expected a file name next to the HAR'],
    ['a missing attachment', { response: { status: 200, headers: [], content: { _file: 'nope.bin' } } }, 'response.content._file: attachment not found next to the HAR'],
  ])('an entry with %s is skipped', async (_name, overrides, reason) => {
    const { exchanges, skipped } = await readAll(har, fileWith(harOf([entry(), 'not an entry', entry(overrides)])));
    expect(skipped).toEqual([
      { reason: 'not an object', location: 'entries[1]' },
      { reason, location: 'entries[2]' },
    ]);
    expect(exchanges).toHaveLength(1);
  });

  test('a body the browser did not keep is an empty body flagged truncated', async () => {
    const { exchanges } = await readAll(har, fileWith(harOf([entry({ response: { status: 200, headers: [], content: { size: 5120, mimeType: 'image/png' } } })])));
    expect(exchanges[0]?.response).toMatchObject({ kind: 'answer', truncated: true, body: Buffer.alloc(0) });
  });

  test('Playwright attachments (`_file` next to the HAR) are read as bytes', async () => {
    const file = fileWith(harOf([entry({ request: { method: 'POST', url: 'http://x/p', headers: [], postData: { mimeType: 'application/json', _file: 'req.json' } }, response: { status: 200, headers: [], content: { size: 3, mimeType: 'application/octet-stream', _file: 'body.bin' } } })]), 'playwright.har');
    writeFileSync(join(dirname(file), 'req.json'), '{"a":1}');
    writeFileSync(join(dirname(file), 'body.bin'), Buffer.from([0, 0xff, 7]));
    const { exchanges } = await readAll(har, file);
    expect(Buffer.from(exchanges[0]?.requestBody ?? [])).toEqual(Buffer.from('{"a":1}'));
    expect(bodyOf(exchanges[0])).toEqual(Buffer.from([0, 0xff, 7]));
  });

  test('status 0 and `_error` both mean no answer; the entry time is the latency', async () => {
    const { exchanges } = await readAll(har, fileWith(harOf([entry({ time: 2, response: { status: 0, headers: [] } }), entry({ response: { status: 200, headers: [], _error: 'net::ERR_ABORTED' } })])));
    expect(exchanges.map((e) => e.response)).toEqual([
      { kind: 'no-answer', error: 'no response (HAR status 0)', latencyUs: 2000 },
      { kind: 'no-answer', error: 'net::ERR_ABORTED', latencyUs: 1500 },
    ]);
  });

  test('URLs keep raw query bytes and drop fragments; a bare origin is the root path', async () => {
    const urls = ['https://h:8443/a%20b/./c?x=%2F&y=a+b#frag', 'http://h', 'http://h?q=1', '/relative?z'];
    const { exchanges } = await readAll(har, fileWith(harOf(urls.map((url) => entry({ request: { method: 'GET', url, headers: [] } })))));
    expect(exchanges.map((e) => [e.path, e.query])).toEqual([
      ['/a%20b/./c', 'x=%2F&y=a+b'],
      ['/', ''],
      ['/', 'q=1'],
      ['/relative', 'z'],
    ]);
  });

  test('a Parity export is read exactly: no header clean-up, fragments kept, marked already redacted', async () => {
    const parityLog = { creator: { name: 'parity', version: '0.1.0' }, _parity: { export: 1, redacted: true } };
    const e = entry({
      request: { method: 'GET', url: 'http://localhost/p#not-a-fragment?q', headers: [{ name: 'Connection', value: 'close' }, { name: ':odd', value: 'kept' }] },
      response: { status: 200, headers: [{ name: 'content-encoding', value: 'gzip' }], content: { size: 1, text: 'x' } },
      _parity: { request_truncated: true, response_truncated: true, tags: ['t'] },
    });
    const { records } = await readAll(har, fileWith(harOf([e], parityLog)));
    expect(records).toEqual([expect.objectContaining({ ok: true, alreadyRedacted: true })]);
    const exchange = records[0]?.ok ? records[0].exchange : undefined;
    expect(exchange).toMatchObject({ path: '/p#not-a-fragment', query: 'q', requestTruncated: true, tags: ['t'] });
    expect(exchange?.requestHeaders).toEqual([['Connection', 'close'], [':odd', 'kept']]);
    expect(exchange?.response).toMatchObject({ truncated: true, headers: [['content-encoding', 'gzip']] });
    const named = await readAll(har, fileWith(harOf([e], { creator: { name: 'parity' } })));
    expect(named.records[0]).toMatchObject({ ok: true, alreadyRedacted: false });
  });
});
