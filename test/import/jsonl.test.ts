import { describe, expect, test } from 'vitest';
import type { NewExchange } from '../../src/core/exchange.js';
import { jsonl } from '../../src/import/jsonl.js';
import { toJsonlLine } from '../../src/import/jsonl-format.js';
import { parseTimestamp } from '../../src/util/timestamp.js';
import { exchangeOf } from '../helpers/exchanges.js';
import { FIXTURES, fileWith, plain, readAll } from '../helpers/import.js';

const line = (value: unknown) => JSON.stringify(value);
const valid = {
  recorded_at: '2026-11-23T10:00:00.000Z',
  method: 'POST',
  path: '/v1/x',
  request: { headers: [['content-type', 'application/json']], body: '{}' },
  response: { status: 200, headers: [], body: 'ok' },
};

describe('jsonl importer', () => {
  test('reads the fixture: fields, defaults, offsets, base64 bodies and upstream errors', async () => {
    const { exchanges, skipped } = await readAll(jsonl, `${FIXTURES}small.jsonl`);
    expect(skipped).toEqual([]);
    expect(exchanges).toHaveLength(3);
    const [first, second, third] = exchanges as [NewExchange, NewExchange, NewExchange];
    expect(first.requestHeaders).toEqual([['content-type', 'application/json'], ['x-trace', 'a'], ['x-trace', 'b']]);
    expect(first.tags).toEqual(['smoke']);
    expect(first.response).toMatchObject({ kind: 'answer', status: 200, latencyUs: 850, truncated: false });
    expect(second.recordedAt).toBe(Date.UTC(2026, 10, 23, 9, 0, 1, 250));
    expect(second.query).toBe('fields=balance&fields=holds');
    expect(second.requestBody).toEqual(Buffer.alloc(0));
    expect(second.response.kind === 'answer' && Buffer.from(second.response.body)).toEqual(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    expect(second.response.latencyUs).toBe(0);
    expect(second.tags).toEqual([]);
    expect(third.response).toEqual({ kind: 'no-answer', error: 'ECONNRESET', latencyUs: 1200 });
    expect(third.query).toBe('');
  });

  test('a line written by toJsonlLine reads back equal, non-UTF-8 bytes and duplicate headers included', async () => {
    const original = exchangeOf({
      query: 'a=1&a=2',
      requestHeaders: [['X-Dup', '1'], ['x-dup', '2'], ['X-Dup', '3']],
      requestBody: Buffer.from([0xff, 0x00, 0xc3, 0x28, 0x0a]),
      requestTruncated: true,
      response: { kind: 'answer', status: 418, headers: [['set-thing', 'é']], body: Buffer.from('ünïcødé \u2028 "quoted"\r\n'), truncated: true, latencyUs: 123_456_789 },
      tags: ['a', 'b'],
    });
    const { exchanges } = await readAll(jsonl, fileWith(`${toJsonlLine(original)}\n`));
    expect(exchanges.map(plain)).toEqual([plain(original)]);
  });

  test('invalid lines are skipped with their line number; valid lines around them are kept', async () => {
    const file = fileWith([line(valid), '', 'not json', line({ ...valid, method: undefined }), '   ', line(valid)].join('\n'));
    const { exchanges, skipped } = await readAll(jsonl, file);
    expect(exchanges).toHaveLength(2);
    expect(skipped).toEqual([
      { reason: 'not valid JSON', location: 'line 3' },
      { reason: 'method: missing', location: 'line 4' },
    ]);
  });

  test.each<[string, unknown, string]>([
    ['an array', [1, 2], 'not a JSON object'],
    ['a method with a space', { ...valid, method: 'PO ST' }, 'method: expected an HTTP method such as "POST"'],
    ['no path', { ...valid, path: undefined }, 'path: missing'],
    ['a relative path', { ...valid, path: 'v1/x' }, 'path: expected a string starting with "/"'],
    ['a numeric query', { ...valid, query: 1 }, 'query: expected a string'],
    ['no time', { ...valid, recorded_at: undefined }, 'recorded_at: missing'],
    ['a time without offset', { ...valid, recorded_at: '2026-11-23 10:00:00' }, 'recorded_at: expected an ISO 8601 time with an offset'],
    ['a request that is a string', { ...valid, request: 'x' }, 'request: expected an object'],
    ['headers as an object', { ...valid, request: { headers: { a: 'b' } } }, 'request.headers: expected [name, value] string pairs'],
    ['a header with three items', { ...valid, request: { headers: [['a', 'b', 'c']] } }, 'request.headers: expected [name, value] string pairs'],
    ['a numeric header value', { ...valid, response: { status: 200, headers: [['a', 1]] } }, 'response.headers: expected [name, value] string pairs'],
    ['a body that is an object', { ...valid, request: { body: {} } }, 'request.body: expected a string'],
    ['an unknown encoding', { ...valid, request: { body: 'x', body_encoding: 'hex' } }, 'request.body_encoding: expected "utf8" or "base64"'],
    ['bad base64', { ...valid, response: { status: 200, body: 'abc$', body_encoding: 'base64' } }, 'response.body: invalid base64'],
    ['base64 of impossible length', { ...valid, response: { status: 200, body: 'abcde', body_encoding: 'base64' } }, 'response.body: invalid base64'],
    ['a lone surrogate', { ...valid, request: { body: '\ud800' } }, 'request.body: text with a lone surrogate cannot be UTF-8 (use base64)'],
    ['truncated as a string', { ...valid, request: { truncated: 'no' } }, 'request.truncated: expected true or false'],
    ['no response', { ...valid, response: undefined }, 'response: missing'],
    ['a response that is a number', { ...valid, response: 200 }, 'response: expected an object'],
    ['a response with neither', { ...valid, response: { headers: [] } }, 'response: expected "status" (an answer) or "error" (no answer)'],
    ['a response with both', { ...valid, response: { status: 200, error: 'x' } }, 'response: has both "status" and "error"'],
    ['a numeric error', { ...valid, response: { error: 5 } }, 'response.error: expected a string'],
    ['a status as a string', { ...valid, response: { status: '200' } }, 'response.status: expected an integer from 100 to 999'],
    ['a fractional status', { ...valid, response: { status: 200.5 } }, 'response.status: expected an integer from 100 to 999'],
    ['a status of 99', { ...valid, response: { status: 99 } }, 'response.status: expected an integer from 100 to 999'],
    ['a negative latency', { ...valid, latency_us: -1 }, 'latency_us: expected a number of microseconds, 0 or more'],
    ['tags with a number', { ...valid, tags: ['a', 1] }, 'tags: expected an array of strings'],
  ])('%s is skipped', async (_name, value, reason) => {
    const { exchanges, skipped } = await readAll(jsonl, fileWith(`${line(value)}\n${line(valid)}\n`));
    expect(skipped).toEqual([{ reason, location: 'line 1' }]);
    expect(exchanges).toHaveLength(1);
  });

  test('recorded_at: the form exports write and every other form read as parseTimestamp reads them, impossible dates refused', async () => {
    const times = [
      '2026-11-23T10:00:00.000Z',
      '0050-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.999Z',
      '2026-11-23T10:00:00Z',
      '2026-11-23T10:00:00.1234567Z',
      '2026-11-23T11:00:00.000+01:00',
      '2026-02-28T10:00:00.000-00:30',
      // Date.parse takes these (as 2026-03-02, 2026-03-01 and with lower case letters); a capture must not.
      '2026-02-30T00:00:00.000Z',
      '2026-02-28T24:00:00.000Z',
      '2026-11-23t10:00:00.000Z',
      '2026-11-23T10:00:00.000z',
      '2026-11-23T10:00:60.000Z',
      '+02026-11-23T10:00:00Z',
    ];
    const { records } = await readAll(jsonl, fileWith(times.map((t) => line({ ...valid, recorded_at: t })).join('\n')));
    expect(records.map((r) => (r.ok ? r.exchange.recordedAt : r.reason))).toEqual(
      times.map((t) => parseTimestamp(t)?.epochMs ?? 'recorded_at: expected an ISO 8601 time with an offset'),
    );
    expect(records.filter((r) => r.ok)).toHaveLength(7);
  });

  test('recorded_at as exports write it: every instant from year 0 to 9999 reads as parseTimestamp reads it', async () => {
    const times = ['2024-02-29T23:59:59.999Z', '2100-02-29T00:00:00.000Z', '2000-02-29T00:00:00.000Z', '2026-13-01T00:00:00.000Z', '2026-00-10T00:00:00.000Z', '2026-04-31T00:00:00.000Z', '2026-11-23T1a:00:00.000Z', '2026-11-23T-1:00:00.000Z'];
    const YEAR_0 = -62_167_219_200_000;
    let x = 20261130;
    for (let i = 0; i < 2_000; i++) {
      x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
      times.push(new Date(YEAR_0 + Math.floor((x / 2 ** 31) * 10_000 * 365.2425 * 86_400_000)).toISOString());
    }
    const { records } = await readAll(jsonl, fileWith(times.map((t) => line({ ...valid, recorded_at: t })).join('\n')));
    expect(records.map((r) => (r.ok ? r.exchange.recordedAt : undefined))).toEqual(times.map((t) => parseTimestamp(t)?.epochMs));
  });

  test('base64 with line breaks is accepted (the bytes are unambiguous)', async () => {
    const { exchanges } = await readAll(jsonl, fileWith(line({ ...valid, response: { status: 200, body: '3q2+\n7w==', body_encoding: 'base64' } })));
    expect(exchanges[0]?.response.kind === 'answer' && Buffer.from(exchanges[0].response.body)).toEqual(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
  });

  test('a fractional latency is rounded to whole microseconds', async () => {
    const { exchanges } = await readAll(jsonl, fileWith(line({ ...valid, latency_us: 10.6 })));
    expect(exchanges[0]?.response.latencyUs).toBe(11);
  });

  test('CRLF line endings and a byte-order mark are fine', async () => {
    const { exchanges, skipped } = await readAll(jsonl, fileWith(`\uFEFF${line(valid)}\r\n${line(valid)}\r\n`));
    expect(skipped).toEqual([]);
    expect(exchanges).toHaveLength(2);
  });

  test('the export marker on the first line marks every record already redacted', async () => {
    const { records } = await readAll(jsonl, fileWith(`${line({ parity_export: 1, redacted: true })}\n${line(valid)}\n`));
    expect(records).toEqual([expect.objectContaining({ ok: true, alreadyRedacted: true, location: 'line 2' })]);
    const unmarked = await readAll(jsonl, fileWith(`${line(valid)}\n`));
    expect(unmarked.records).toEqual([expect.objectContaining({ ok: true, alreadyRedacted: false })]);
  });

  test('a marker anywhere but first, or of an unknown version, is skipped and not trusted', async () => {
    const late = await readAll(jsonl, fileWith(`${line(valid)}\n${line({ parity_export: 1, redacted: true })}\n${line(valid)}\n`));
    expect(late.skipped).toEqual([{ reason: 'export marker: only allowed on the first line', location: 'line 2' }]);
    expect(late.records.filter((r) => r.ok && r.alreadyRedacted)).toEqual([]);
    const future = await readAll(jsonl, fileWith(`${line({ parity_export: 2, redacted: true })}\n${line(valid)}\n`));
    expect(future.skipped).toEqual([{ reason: 'export marker: unknown version (this Parity reads 1)', location: 'line 1' }]);
    expect(future.records.filter((r) => r.ok && r.alreadyRedacted)).toEqual([]);
  });

  test('a file cut mid-line loses only that line', async () => {
    const text = `${line(valid)}\n${line(valid)}\n${line(valid).slice(0, 40)}`;
    const { exchanges, skipped } = await readAll(jsonl, fileWith(text));
    expect(exchanges).toHaveLength(2);
    expect(skipped).toEqual([{ reason: 'not valid JSON', location: 'line 3' }]);
  });
});
