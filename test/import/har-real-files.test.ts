import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { headerValue, type NewExchange } from '../../src/core/exchange.js';
import { har } from '../../src/import/har.js';
import { openCaptureReader } from '../../src/store/index.js';
import { runParity } from '../helpers/cli.js';
import { FIXTURES, fileWith, readAll } from '../helpers/import.js';
import { tmpDir } from '../helpers/tmp.js';

const CHROMIUM = `${FIXTURES}chromium.har`;
const EXAMPLES = `${FIXTURES}har-examples/`;
const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('latin1');
const answer = (e: NewExchange | undefined) => (e?.response.kind === 'answer' ? e.response : undefined);
const harOf = (entries: unknown[]) => JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries } });
const entry = (request: Record<string, unknown>, response: Record<string, unknown> = { status: 200, headers: [], content: { size: 2, text: 'ok' } }) => ({
  startedDateTime: '2026-11-23T10:00:00.000Z',
  time: 1,
  request: { method: 'POST', url: 'http://h.test/p', headers: [], ...request },
  response,
});

async function chromium() {
  const { exchanges, skipped } = await readAll(har, CHROMIUM);
  expect(skipped).toEqual([]);
  const byPath = (path: string) => exchanges.find((e) => e.path === path);
  return { exchanges, byPath };
}

describe('a HAR written by Chromium through Playwright recordHar (scripts/make-har-fixture.ts)', () => {
  test('every entry imports, each with the Host header the browser sent', async () => {
    const { exchanges } = await chromium();
    expect(exchanges.map((e) => `${e.method} ${e.path}`)).toEqual(['GET /', 'POST /upload', 'GET /old-place', 'GET /new-place', 'GET /report.json', 'GET /pixel.png', 'POST /form']);
    for (const e of exchanges) expect(headerValue(e.requestHeaders, 'host')).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  test('a form post keeps its body bytes', async () => {
    const { byPath } = await chromium();
    expect(text(byPath('/form')?.requestBody)).toBe('card_holder=Ada+Lovelace&note=a%26b+c');
  });

  test('a multipart upload Playwright wrote without a body is flagged, not stored as an empty post', async () => {
    const upload = (await chromium()).byPath('/upload');
    expect(upload?.requestBody.byteLength).toBe(0);
    expect(upload?.requestTruncated).toBe(true);
    expect(upload?.tags).toEqual(['request-body-missing']);
    expect(headerValue(upload?.requestHeaders ?? [], 'content-type')).toMatch(/^multipart\/form-data; boundary=/);
    expect(answer(upload)).toMatchObject({ status: 201, truncated: false });
  });

  test('a redirect whose body Chromium did not keep (size -1) is flagged, its Location kept', async () => {
    const redirect = answer((await chromium()).byPath('/old-place'));
    expect(redirect).toMatchObject({ status: 302, truncated: true });
    expect(headerValue(redirect?.headers ?? [], 'location')).toBe('/new-place');
    expect((await chromium()).byPath('/old-place')?.tags).toEqual(['response-body-missing']);
  });

  test('a gzip JSON answer is stored decoded, without the Content-Encoding that no longer describes it', async () => {
    const report = answer((await chromium()).byPath('/report.json'));
    expect(JSON.parse(text(report?.body))).toMatchObject({ decision: 'approve', errors: [] });
    expect(headerValue(report?.headers ?? [], 'content-encoding')).toBeUndefined();
    expect(report?.truncated).toBe(false);
  });

  test('a binary image is stored byte for byte from its base64 text', async () => {
    const png = answer((await chromium()).byPath('/pixel.png'));
    expect(Buffer.from(png?.body ?? []).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png?.body.byteLength).toBe(70);
  });

  test('`parity import har` of the file makes a capture and counts what the file did not hold', async () => {
    const out = join(tmpDir(), 'chromium.db');
    const { code, stdout } = await runParity(['import', 'har', CHROMIUM, '--out', out, '--json'], { PARITY_REDACT_KEY: 'har-real-files-test-key-0123456789' });
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { imported: number; skipped: number; flagged: { reason: string; count: number }[] };
    expect(result).toMatchObject({ imported: 7, skipped: 0 });
    expect(result.flagged.map((f) => [f.reason.split(':')[0], f.count]).sort()).toEqual([
      ['request-body-missing', 1],
      ['response-body-missing', 1],
    ]);
    const reader = openCaptureReader(out);
    try {
      const stored = [...reader.exchanges()];
      expect(stored.map((e) => e.path)).toEqual(['/', '/upload', '/old-place', '/new-place', '/report.json', '/pixel.png', '/form']);
      // The form's card holder is not a card number: redaction leaves the body as it was.
      expect(text(stored[6]?.requestBody)).toBe('card_holder=Ada+Lovelace&note=a%26b+c');
    } finally {
      reader.close();
    }
  });
});

describe('har-examples files with form params and no text (HAR 1.2: params and text are exclusive)', () => {
  const FILES = ['application-form-encoded', 'full', 'multipart-data-dataurl', 'multipart-data', 'multipart-file', 'multipart-form-data'];

  test.each(FILES)('%s imports, its body rebuilt from params', async (name) => {
    const { exchanges, skipped } = await readAll(har, `${EXAMPLES}${name}.har`);
    expect(skipped).toEqual([]);
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]?.tags).toContain('request-body-rebuilt');
    expect(exchanges[0]?.tags).toContain('scheme:https');
    expect(headerValue(exchanges[0]?.requestHeaders ?? [], 'host')).toBe('httpbin.org');
  });

  test('URL-encoded params are encoded as a browser encodes a form', async () => {
    const [form] = (await readAll(har, `${EXAMPLES}application-form-encoded.har`)).exchanges;
    expect(text(form?.requestBody)).toBe('foo=bar&hello=world');
    expect(headerValue(form?.requestHeaders ?? [], 'content-type')).toBe('application/x-www-form-urlencoded');
    const [full] = (await readAll(har, `${EXAMPLES}full.har`)).exchanges;
    expect(text(full?.requestBody)).toBe('foo=bar');
    expect(full?.query).toBe('key=value');
  });

  test('multipart params become a multipart body whose boundary the Content-Type names', async () => {
    const [e] = (await readAll(har, `${EXAMPLES}multipart-data.har`)).exchanges;
    const type = headerValue(e?.requestHeaders ?? [], 'content-type') ?? '';
    const boundary = /boundary=(\S+)$/.exec(type)?.[1];
    expect(boundary).toBeDefined();
    expect(text(e?.requestBody)).toBe(`--${boundary}\r\nContent-Disposition: form-data; name="foo"; filename="hello.txt"\r\nContent-Type: text/plain\r\n\r\nHello World\r\n--${boundary}--\r\n`);
    expect(e?.requestTruncated).toBe(false);
    // Reading twice gives the same boundary: a re-import is the same capture.
    const [again] = (await readAll(har, `${EXAMPLES}multipart-data.har`)).exchanges;
    expect(again?.requestHeaders).toEqual(e?.requestHeaders);
  });

  test('a file param without its content is rebuilt but flagged: the file bytes are not in the HAR', async () => {
    const [e] = (await readAll(har, `${EXAMPLES}multipart-file.har`)).exchanges;
    expect(e?.requestTruncated).toBe(true);
    // Its content.size (633) is more than its text (386 bytes): by HAR 1.2 the response was cut too.
    expect(e?.tags).toEqual(['request-body-rebuilt', 'request-body-missing', 'response-body-cut', 'scheme:https']);
  });

  test('a boundary named in postData.mimeType is the one used, and Content-Length follows the rebuilt body', async () => {
    const postData = { mimeType: 'multipart/form-data; boundary=XyZ', params: [{ name: 'a', value: '1' }] };
    const headers = [{ name: 'Content-Type', value: 'multipart/form-data; boundary=XyZ' }, { name: 'Content-Length', value: '999' }];
    const [e] = (await readAll(har, fileWith(harOf([entry({ postData, headers })])))).exchanges;
    const body = '--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--XyZ--\r\n';
    expect(text(e?.requestBody)).toBe(body);
    expect(e?.requestHeaders).toEqual([['Host', 'h.test'], ['Content-Type', 'multipart/form-data; boundary=XyZ'], ['Content-Length', String(body.length)]]);
  });
});

describe('bodies a HAR writer did not keep', () => {
  test('size -1 is "unknown": text, when there, is the body', async () => {
    const response = { status: 200, headers: [], content: { size: -1, mimeType: 'text/plain', text: 'hello' } };
    const [e] = (await readAll(har, fileWith(harOf([entry({ method: 'GET' }, response)])))).exchanges;
    expect(answer(e)).toMatchObject({ truncated: false });
    expect(text(answer(e)?.body)).toBe('hello');
    expect(e?.tags).toEqual([]);
  });

  test('size -1 without text is a missing body, unless the answer cannot have one', async () => {
    const cases = [
      [{ status: 302, headers: [{ name: 'Location', value: '/x' }], content: { size: -1 } }, 'GET', true],
      [{ status: 204, headers: [], content: { size: -1 } }, 'GET', false],
      [{ status: 200, headers: [{ name: 'Content-Length', value: '0' }], content: { size: -1 } }, 'GET', false],
      [{ status: 200, headers: [], content: { size: -1 } }, 'HEAD', false],
      [{ status: 200, headers: [], content: { size: 0 } }, 'GET', false],
    ] as const;
    const { exchanges } = await readAll(har, fileWith(harOf(cases.map(([response, method]) => entry({ method }, response)))));
    expect(exchanges.map((e) => answer(e)?.truncated)).toEqual(cases.map(([, , missing]) => missing));
  });

  test('a post announcing a body (Content-Length) with no postData is flagged missing; a GET without one is not', async () => {
    const post = entry({ headers: [{ name: 'Content-Type', value: 'application/json' }, { name: 'Content-Length', value: '12' }] });
    const get = entry({ method: 'GET', headers: [{ name: 'Content-Length', value: '0' }] });
    const { exchanges } = await readAll(har, fileWith(harOf([post, get])));
    expect(exchanges.map((e) => [e.requestTruncated, e.tags])).toEqual([
      [true, ['request-body-missing']],
      [false, []],
    ]);
  });

  test('the fixture file is small enough to commit', () => {
    expect(readFileSync(CHROMIUM).length).toBeLessThan(100 * 1024);
  });
});
