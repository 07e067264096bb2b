import { readFileSync } from 'node:fs';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { NewExchange } from '../../src/core/exchange.js';
import { exportCapture } from '../../src/import/export-capture.js';
import type { ExportFormat } from '../../src/import/exporters/index.js';
import { importFile } from '../../src/import/import-file.js';
import type { ImportFormat } from '../../src/import/importers.js';
import { openCaptureReader } from '../../src/store/index.js';
import { captureWith, exchangeOf } from '../helpers/exchanges.js';
import { plain } from '../helpers/import.js';
import { tmpDir } from '../helpers/tmp.js';

const KEY = Buffer.from('round-trip-test-key-0123456789');

/** Exchanges that stress every field: binary and invalid UTF-8 bodies, duplicates, errors, flags, odd paths. */
const EXCHANGES: NewExchange[] = [
  exchangeOf(),
  exchangeOf({
    recordedAt: Date.UTC(2026, 10, 23, 10, 0, 0, 7),
    method: 'PUT',
    path: '/v1/ä/%2F/./x#frag',
    query: 'a=1&a=2&sp=%20+&raw=ü',
    requestHeaders: [['X-Dup', '1'], ['x-dup', '2'], ['X-Dup', '3'], ['host', 'evil/host'], ['connection', 'keep-alive']],
    requestBody: Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x0d, 0x0a]),
    requestTruncated: true,
    response: { kind: 'answer', status: 599, headers: [['content-type', 'application/octet-stream'], ['x-dup', 'a'], ['x-dup', 'b']], body: Buffer.from([0x80, 0x81, 0x82]), truncated: true, latencyUs: 123_456_789 },
    tags: ['a', 'b c'],
  }),
  // A card number in a body: already a surrogate in a Parity capture, it must not be tokenised again.
  exchangeOf({ requestBody: Buffer.from('{"card":{"number":"4111111111111111","cvv":"123"},"note":"\u2028 \\"q\\" \u00e9"}'), response: { kind: 'answer', status: 200, headers: [], body: Buffer.alloc(0), truncated: false, latencyUs: 0 } }),
  exchangeOf({ method: 'GET', path: '/healthz', requestHeaders: [], requestBody: Buffer.alloc(0), response: { kind: 'no-answer', error: 'connect ECONNREFUSED 127.0.0.1:1 — "quoted"', latencyUs: 31 } }),
  exchangeOf({ method: 'OPTIONS', path: '/', query: '?', response: { kind: 'answer', status: 204, headers: [], body: Buffer.alloc(0), truncated: false, latencyUs: 1 }, tags: [] }),
];

async function exportTo(capture: string, format: ExportFormat, name: string): Promise<string> {
  const out = join(tmpDir(), name);
  await exportCapture({ capture, format, out, version: '0.0.0-test' });
  return out;
}

async function importTo(input: string, format: ImportFormat, options: { trustExports?: boolean } = {}): Promise<string> {
  const out = join(tmpDir(), 'imported.db');
  await importFile({ format, input, out, key: KEY, createdBy: 'test', ...options });
  return out;
}

function exchangesIn(capture: string) {
  const reader = openCaptureReader(capture);
  try {
    return [...reader.exchanges()].map(plain);
  } finally {
    reader.close();
  }
}

describe('round trips', () => {
  test('capture → export jsonl → import → export jsonl gives identical bytes', async () => {
    const capture = captureWith(EXCHANGES);
    const first = await exportTo(capture, 'jsonl', 'first.jsonl');
    const second = await exportTo(await importTo(first, 'jsonl', { trustExports: true }), 'jsonl', 'second.jsonl');
    expect(readFileSync(second).equals(readFileSync(first))).toBe(true);
    expect(readFileSync(first, 'utf8').split('\n')).toHaveLength(EXCHANGES.length + 2);
  });

  test('capture → export jsonl → import keeps every exchange field by field', async () => {
    const capture = captureWith(EXCHANGES);
    expect(exchangesIn(await importTo(await exportTo(capture, 'jsonl', 'x.jsonl'), 'jsonl', { trustExports: true }))).toEqual(exchangesIn(capture));
  });

  test('capture → export har → import gives exchanges equal to the original, bodies byte-exact', async () => {
    const capture = captureWith(EXCHANGES);
    const imported = exchangesIn(await importTo(await exportTo(capture, 'har', 'x.har'), 'har', { trustExports: true }));
    expect(imported).toEqual(exchangesIn(capture));
  });

  test('the HAR export is one valid HAR 1.2 document naming Parity', async () => {
    const doc = JSON.parse(readFileSync(await exportTo(captureWith(EXCHANGES), 'har', 'x.har'), 'utf8')) as { log: { version: string; creator: { name: string }; _parity: unknown; entries: unknown[] } };
    expect(doc.log.version).toBe('1.2');
    expect(doc.log.creator.name).toBe('parity');
    expect(doc.log._parity).toEqual({ export: 1, redacted: true });
    expect(doc.log.entries).toHaveLength(EXCHANGES.length);
  });

  test('credential headers are removed from a marked export: by default it is redacted again', async () => {
    const capture = captureWith([exchangeOf({ requestHeaders: [['Authorization', 'Bearer x'], ['accept', '*/*']] })]);
    for (const format of ['jsonl', 'har'] as const) {
      const [back] = exchangesIn(await importTo(await exportTo(capture, format, `x.${format}`), format));
      expect(back?.requestHeaders).toEqual([['accept', '*/*']]);
    }
  });

  test('the export marker alone is not trusted: card numbers in a marked file are tokenised unless --trust-export', async () => {
    const capture = captureWith([EXCHANGES[2] as NewExchange]);
    const [back] = exchangesIn(await importTo(await exportTo(capture, 'jsonl', 'x.jsonl'), 'jsonl'));
    const body = Buffer.from(back?.requestBody ?? []).toString();
    expect(body).not.toContain('4111111111111111');
    expect(body).toMatch(/"number":"41111111\d{8}"/);
  });

  test('a foreign file (no marker) is redacted in full: card numbers never reach the capture', async () => {
    const capture = captureWith([EXCHANGES[2] as NewExchange]);
    const exported = readFileSync(await exportTo(capture, 'jsonl', 'x.jsonl'), 'utf8').split('\n').slice(1).join('\n');
    const foreign = join(tmpDir(), 'foreign.jsonl');
    await import('node:fs').then((fs) => fs.writeFileSync(foreign, exported));
    const [back] = exchangesIn(await importTo(foreign, 'jsonl'));
    expect(Buffer.from(back?.requestBody ?? []).toString()).not.toContain('4111111111111111');
  });

  test('HAR export writes bodies decoded as HAR readers expect; re-importing it restores the encoding', async () => {
    const json = '{"decision":"approve","errors":[],"pad":"' + 'x'.repeat(200) + '"}';
    const gzipped = gzipSync(json);
    const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    const cut = gzipSync(json).subarray(0, 20);
    const answerOf = (headers: [string, string][], body: Buffer, truncated = false) => ({ kind: 'answer' as const, status: 200, headers, body, truncated, latencyUs: 5 });
    const capture = captureWith([
      exchangeOf({ response: answerOf([['Content-Type', 'application/json'], ['Content-Encoding', 'gzip'], ['Content-Length', String(gzipped.length)]], gzipped), tags: ['scheme:https'], requestHeaders: [['Host', 'pay.example.test']] }),
      exchangeOf({ response: answerOf([['Content-Type', 'image/png'], ['Content-Encoding', 'br']], brotliCompressSync(binary)) }),
      exchangeOf({ response: answerOf([['Content-Encoding', 'gzip']], cut, true) }),
    ]);
    const file = await exportTo(capture, 'har', 'decoded.har');
    type Entry = { request: { url: string }; response: { content: { text: string; encoding?: string; size: number }; bodySize: number; _parity?: unknown } };
    const entries = (JSON.parse(readFileSync(file, 'utf8')) as { log: { entries: Entry[] } }).log.entries;
    const [json1, png, truncated] = entries as [Entry, Entry, Entry];
    expect(json1.request.url).toBe('https://pay.example.test/v1/payments/validate');
    expect(json1.response.content).toMatchObject({ text: json, size: json.length });
    expect(json1.response.content.encoding).toBeUndefined();
    expect(json1.response.bodySize).toBe(gzipped.length);
    expect(png.response.content).toMatchObject({ text: binary.toString('base64'), encoding: 'base64' });
    // A body cut short cannot be decoded: it is written as it is stored.
    expect(truncated.response.content).toMatchObject({ text: cut.toString('base64'), encoding: 'base64' });
    expect(truncated.response._parity).toBeUndefined();

    const [back1, back2, back3] = exchangesIn(await importTo(file, 'har', { trustExports: true }));
    const [orig1, orig2, orig3] = exchangesIn(capture);
    const body = (e: typeof back1) => (e?.response.kind === 'answer' ? e.response.body : Buffer.alloc(0));
    const headers = (e: typeof back1) => (e?.response.kind === 'answer' ? e.response.headers : []);
    expect(gunzipSync(body(back1)).toString()).toBe(json);
    expect(headers(back1)).toEqual([['Content-Type', 'application/json'], ['Content-Encoding', 'gzip'], ['Content-Length', String(body(back1).length)]]);
    expect(back1?.tags).toEqual(['scheme:https']);
    expect(brotliDecompressSync(body(back2))).toEqual(binary);
    expect(headers(back2)).toEqual(headers(orig2));
    expect(back3).toEqual(orig3);
    expect({ ...back1, response: undefined }).toEqual({ ...orig1, response: undefined });
  });
});
