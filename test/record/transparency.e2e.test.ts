import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { localRecordOptions, Recording } from '../../src/record/recorder.js';
import { openCaptureReader } from '../../src/store/index.js';
import { BINARY, startExpressApp, startFastifyApp, type RunningApp } from '../helpers/third-party-apps.js';

/**
 * What a client sees through `parity record` equals what it sees direct, byte for byte and header
 * for header (names in their case and order), apart from what belongs to the connection.
 */

const CURL = '/usr/bin/curl';
const run = promisify(execFile);
const KEY = randomBytes(32);
const UPLOAD = randomBytes(5 * 1024 * 1024);
const BOUNDARY = '----parity-test-boundary-7MA4YWxkTrZu0gW';
const MULTIPART = Buffer.concat([
  Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello, wörld\r\n`),
  Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="bytes.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`),
  BINARY,
  Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
]);
/** Headers that describe a connection or the moment, not the answer. */
const NOT_COMPARED = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

interface Case {
  readonly name: string;
  readonly method?: 'GET' | 'HEAD' | 'POST' | 'DELETE' | 'OPTIONS';
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer;
}

interface Seen {
  /** `HTTP/1.1 200 OK` from curl (the reason phrase included); the bare status from undici. */
  readonly status: string;
  readonly headers: (readonly [string, string])[];
  readonly body: Buffer;
}

const CASES: readonly Case[] = [
  { name: 'JSON', path: '/json' },
  { name: 'query string', path: '/query?a=1&b=2&b=3&c=%20x%2By&empty=&%C3%A9=%C3%A9' },
  { name: 'gzip', path: '/compressed/gzip', headers: { 'accept-encoding': 'gzip' } },
  { name: 'br', path: '/compressed/br', headers: { 'accept-encoding': 'br' } },
  { name: 'deflate', path: '/compressed/deflate', headers: { 'accept-encoding': 'deflate' } },
  { name: 'chunked streaming', path: '/chunked' },
  { name: 'server-sent events', path: '/sse?gap=20', headers: { accept: 'text/event-stream' } },
  { name: '5 MB download', path: '/download' },
  { name: '5 MB upload', method: 'POST', path: '/upload', headers: { 'content-type': 'application/octet-stream' }, body: UPLOAD },
  { name: 'binary', path: '/binary' },
  { name: 'redirect (passed through, not followed)', path: '/redirect' },
  { name: '204', method: 'DELETE', path: '/item' },
  { name: 'HEAD', method: 'HEAD', path: '/json' },
  { name: 'OPTIONS', method: 'OPTIONS', path: '/json' },
  { name: 'several Set-Cookie', path: '/cookies' },
  { name: 'form-urlencoded', method: 'POST', path: '/form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from('a=1&b=two+words&c=%E2%9C%93&a=2') },
  { name: 'multipart', method: 'POST', path: '/multipart', headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, body: MULTIPART },
  { name: 'slow (300 ms)', path: '/slow' },
  { name: '500', path: '/error' },
];

let dir: string;
let agent: Agent;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'parity-transparency-'));
  agent = new Agent({ keepAliveTimeout: 2_000 });
});
afterAll(async () => {
  await agent.close();
  rmSync(dir, { recursive: true, force: true });
});

function compared(pairs: Iterable<readonly [string, string]>): (readonly [string, string])[] {
  return [...pairs].filter(([name]) => !NOT_COMPARED.has(name.toLowerCase()));
}

async function viaUndici(base: string, c: Case): Promise<Seen> {
  const res = await request(base + c.path, { dispatcher: agent, method: c.method ?? 'GET', headers: c.headers ?? {}, body: c.body ?? null, responseHeaders: 'raw' });
  const raw = res.headers as unknown as string[];
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i] as string, raw[i + 1] as string]);
  return { status: String(res.statusCode), headers: compared(pairs), body: Buffer.from(await res.body.arrayBuffer()) };
}

let curls = 0;
async function viaCurl(base: string, c: Case, extra: readonly string[] = []): Promise<Seen & { readonly interim: string[] }> {
  const bodyFile = join(dir, `curl-${++curls}.out`);
  const args = ['-sS', '-D', '-', '-o', bodyFile, ...extra];
  if (c.method === 'HEAD') args.push('--head');
  else if (c.method && c.method !== 'GET' && c.method !== 'POST') args.push('-X', c.method);
  for (const [name, value] of Object.entries(c.headers ?? {})) args.push('-H', `${name}: ${value}`);
  if (c.body) {
    const upload = join(dir, `curl-${curls}.in`);
    writeFileSync(upload, c.body);
    args.push('--data-binary', `@${upload}`);
  }
  const { stdout } = await run(CURL, [...args, base + c.path], { encoding: 'latin1', maxBuffer: 1024 * 1024 });
  const blocks = stdout.split('\r\n\r\n').filter((block) => block !== '');
  const [statusLine = '', ...lines] = (blocks.at(-1) ?? '').split('\r\n');
  const headers = lines.map((line) => {
    const at = line.indexOf(':');
    return [line.slice(0, at), line.slice(at + 1).trim()] as const;
  });
  // curl writes no file for an empty body (a 204, a 304), nor anything for HEAD but the headers again.
  const body = c.method === 'HEAD' || !existsSync(bodyFile) ? Buffer.alloc(0) : readFileSync(bodyFile);
  return { status: statusLine, headers: compared(headers), body, interim: blocks.slice(0, -1).map((block) => block.split('\r\n')[0] ?? '') };
}

/** An ETag-guarded resource asked again with the validator it gave: 304 both ways. */
async function conditional(base: string): Promise<Case> {
  const first = await viaUndici(base, { name: 'etag', path: '/etag' });
  const etag = first.headers.find(([name]) => name.toLowerCase() === 'etag')?.[1];
  expect(etag).toBeDefined();
  return { name: '304', path: '/etag', headers: { 'if-none-match': etag ?? '' } };
}

function expectSame(direct: Seen, proxied: Seen): void {
  expect(proxied.status).toBe(direct.status);
  expect(proxied.headers).toEqual(direct.headers);
  expect(proxied.body.length).toBe(direct.body.length);
  expect(proxied.body.equals(direct.body)).toBe(true);
}

describe.each([
  ['express', startExpressApp],
  ['fastify', startFastifyApp],
])('through the recorder, a %s app answers as it does direct', (framework, startApp) => {
  let app: RunningApp;
  let recording: Recording;
  let out: string;
  beforeAll(async () => {
    app = await startApp();
    out = join(dir, `${framework}.db`);
    recording = await Recording.start({ ...localRecordOptions(new URL(app.url), out, KEY, 'parity transparency test'), batchIntervalMs: 20 });
  });
  afterAll(async () => {
    await recording.stop('signal');
    await app.close();
  });

  test.each(CASES)('$name (undici and curl)', async (c) => {
    const [direct, proxied, curlDirect, curlProxied] = await Promise.all([viaUndici(app.url, c), viaUndici(recording.url, c), viaCurl(app.url, c), viaCurl(recording.url, c)]);
    expectSame(direct, proxied);
    expectSame(curlDirect, curlProxied);
    if (c.method === 'HEAD') expect(proxied.body.length).toBe(0);
  });

  test('ETag and If-None-Match: 304, no body (undici and curl)', async () => {
    const c = await conditional(app.url);
    const [direct, proxied, curlDirect, curlProxied] = await Promise.all([viaUndici(app.url, c), viaUndici(recording.url, c), viaCurl(app.url, c), viaCurl(recording.url, c)]);
    expect(proxied.status).toBe('304');
    expectSame(direct, proxied);
    expect(curlProxied.status).toBe('HTTP/1.1 304 Not Modified');
    expectSame(curlDirect, curlProxied);
  });

  test("a 3 MB curl upload (curl sends Expect: 100-continue by itself) goes through and the app gets every byte", async () => {
    const body = UPLOAD.subarray(0, 3 * 1024 * 1024);
    const c: Case = { name: 'upload', method: 'POST', path: '/upload', headers: { 'content-type': 'application/octet-stream' }, body };
    const proxied = await viaCurl(recording.url, c);
    expect(proxied.interim).toEqual(['HTTP/1.1 100 Continue']);
    expect(proxied.status).toBe('HTTP/1.1 200 OK');
    const direct = await viaCurl(app.url, c);
    expect(proxied.body.toString()).toBe(direct.body.toString());
    expect(JSON.parse(proxied.body.toString())).toMatchObject({ bytes: body.length });
  });

  test("the app sees the client's Host; x-forwarded-* describe the hop and keep what an earlier proxy said", async () => {
    const proxyHost = new URL(recording.url).host;
    const seen = JSON.parse((await viaUndici(recording.url, { name: 'whoami', path: '/whoami' })).body.toString()) as Record<string, string>;
    expect(seen).toEqual({ host: proxyHost, xForwardedFor: '127.0.0.1', xForwardedHost: proxyHost, xForwardedProto: 'http' });
    const behindAnother = { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'shop.example' };
    const chained = JSON.parse((await viaCurl(recording.url, { name: 'whoami', path: '/whoami', headers: { ...behindAnother, host: 'api.example' } })).body.toString()) as Record<string, string>;
    expect(chained).toEqual({ host: 'api.example', xForwardedFor: '203.0.113.7, 127.0.0.1', xForwardedHost: 'shop.example', xForwardedProto: 'https' });
  });

  // Timed once (express): the relay is the same whatever the app.
  if (framework === 'express') {
    test('server-sent events reach the client as they are sent: headers at once, each event before the stream ends', async () => {
      const started = performance.now();
      const res = await request(`${recording.url}/sse?gap=500`, { dispatcher: agent });
      const headersAt = performance.now() - started;
      const arrivals: number[] = [];
      for await (const _chunk of res.body) arrivals.push(performance.now() - started);
      const endedAt = performance.now() - started;
      // The first event is sent at 500 ms, the second (and the end) at 1000 ms.
      expect(headersAt).toBeLessThan(300);
      expect(arrivals.length).toBeGreaterThanOrEqual(2);
      expect(arrivals[0]).toBeLessThan(endedAt - 300);
    });
  }

  test('the capture holds what the client got: raw (still compressed) bodies, lower-case header names, no Expect', async () => {
    // The store drops captures when its writer lags (fail-open): let it catch up with the traffic above first.
    for (let { capture } = recording.stats; capture.written + capture.dropped + capture.refused < capture.offered; { capture } = recording.stats) await new Promise((r) => setTimeout(r, 20));
    const gzip = await viaUndici(app.url, { name: 'gzip', path: '/compressed/gzip' });
    await viaUndici(recording.url, { name: 'gzip', path: '/compressed/gzip' });
    await viaCurl(recording.url, { name: 'upload', method: 'POST', path: '/upload', headers: { 'content-type': 'application/octet-stream' }, body: UPLOAD.subarray(0, 2 * 1024 * 1024) });
    const summary = await recording.stop('signal');
    const reader = openCaptureReader(out);
    const exchanges = [...reader.exchanges()];
    reader.close();
    expect(exchanges.length).toBe(summary.capture.written);
    const recordedGzip = exchanges.findLast((e) => e.path === '/compressed/gzip');
    expect(recordedGzip?.response.kind === 'answer' && Buffer.from(recordedGzip.response.body).equals(gzip.body)).toBe(true);
    for (const e of exchanges) if (e.response.kind === 'answer') for (const [name] of e.response.headers) expect(name).toBe(name.toLowerCase());
    const upload = exchanges.findLast((e) => e.path === '/upload');
    expect(upload?.requestHeaders.map(([name]) => name.toLowerCase())).not.toContain('expect');
    expect(upload?.requestTruncated).toBe(true);
    const download = exchanges.find((e) => e.path === '/download');
    expect(download?.response.kind === 'answer' && download.response.truncated).toBe(true);
  });
});

describe('the Host header', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startExpressApp();
  });
  afterAll(() => app.close());

  test("rewriteHost: the app sees the target's Host, x-forwarded-host the client's", async () => {
    const recording = await Recording.start({ ...localRecordOptions(new URL(app.url), join(dir, 'rewrite.db'), KEY, 'parity transparency test'), rewriteHost: true });
    try {
      const seen = JSON.parse((await viaUndici(recording.url, { name: 'whoami', path: '/whoami' })).body.toString()) as Record<string, string>;
      expect(seen).toMatchObject({ host: new URL(app.url).host, xForwardedHost: new URL(recording.url).host });
    } finally {
      await recording.stop('signal');
    }
  });
});
