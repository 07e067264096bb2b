/**
 * Regenerates the GoReplay fixtures in test/fixtures/import/ from real wire bytes: each request is
 * written on a raw socket to a local Node server and the bytes that come back are kept as they
 * came, timed as GoReplay times them (first packet of each message; since 1.2 the meta line's
 * fourth field is the message's own span, first to last packet).
 *
 *   npx tsx scripts/make-gor-fixtures.ts
 *
 * - gor-latency.gor       a 2 s endpoint: request and response 2 s apart, each with a short span
 * - gor-continue.gor      an upload sent with `Expect: 100-continue`: the response holds the
 *                         interim `100 Continue` before the final answer
 * - gor-request-only.gor  requests only, as GoReplay writes them without response tracking
 * - gor-compressed.gor.gz a gzip'd file (GoReplay's `--output-file` with a .gz name) with a gzip'd JSON answer
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

const DIR = new URL('../test/fixtures/import/', import.meta.url).pathname;
const SEPARATOR = '\n🐵🙈🙉\n';

interface Timed {
  readonly bytes: Buffer;
  readonly startNs: bigint;
  readonly endNs: bigint;
}

const now = () => process.hrtime.bigint() - HR_ZERO + EPOCH_ZERO;
const HR_ZERO = process.hrtime.bigint();
const EPOCH_ZERO = BigInt(Date.now()) * 1_000_000n;

function handler(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    if (req.url === '/v1/slow') {
      setTimeout(() => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"decision":"approve","took":"2s"}'), 2000);
    } else if (req.url === '/v1/upload') {
      res.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify({ stored: body.length }));
    } else if (req.url === '/v1/report') {
      const gz = gzipSync('{"decision":"decline","errors":["LIMIT_EXCEEDED"]}');
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': gz.length }).end(gz);
    } else {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`ok ${req.method} ${req.url}`);
    }
  });
}

/** Sends `head` (then `body`, after a `100 Continue` when `expectContinue`) and keeps what comes back until the answer is complete. */
async function exchange(port: number, head: string, body = Buffer.alloc(0), expectContinue = false): Promise<{ request: Timed; response: Timed }> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const received: Buffer[] = [];
  let firstByte: bigint | undefined;
  let lastByte = 0n;
  const requestStart = now();
  socket.write(head);
  let requestEnd = now();
  const sendBody = () => {
    if (body.length > 0) socket.write(body);
    requestEnd = now();
  };
  if (!expectContinue) sendBody();
  await new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      firstByte ??= now();
      lastByte = now();
      received.push(chunk);
      const text = Buffer.concat(received).toString('latin1');
      if (expectContinue && /^HTTP\/1\.1 100 /.test(text) && text.endsWith('\r\n\r\n') && !/\r\n\r\nHTTP/.test(text)) sendBody();
      if (complete(Buffer.concat(received))) resolve();
    });
  });
  socket.destroy();
  return {
    request: { bytes: Buffer.concat([Buffer.from(head), body]), startNs: requestStart, endNs: requestEnd },
    response: { bytes: Buffer.concat(received), startNs: firstByte ?? lastByte, endNs: lastByte },
  };
}

/** The final (non-1xx) response is all there: its Content-Length worth of body, or its last chunk. */
function complete(bytes: Buffer): boolean {
  let rest = bytes;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) return false;
    const head = rest.toString('latin1', 0, end);
    if (/^HTTP\/1\.1 1\d\d /.test(head)) {
      rest = rest.subarray(end + 4);
      continue;
    }
    if (/transfer-encoding: chunked/i.test(head)) return rest.subarray(end + 4).includes('\r\n0\r\n\r\n') || rest.subarray(end + 4).toString('latin1').startsWith('0\r\n\r\n');
    const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
    return rest.length >= end + 4 + length;
  }
}

/** A GoReplay 1.2+ payload: `<type> <id> <start-ns> <span-ns>`, the raw message, the separator. */
const payload = (type: 1 | 2, id: string, m: Timed) => Buffer.concat([Buffer.from(`${type} ${id} ${m.startNs} ${m.endNs - m.startNs}\n`), m.bytes, Buffer.from(SEPARATOR)]);
const idOf = (name: string) => createHash('sha1').update(name).digest('hex').slice(0, 24);

const server = createServer(handler);
server.listen(0, '127.0.0.1');
await new Promise<void>((resolve) => server.once('listening', () => resolve()));
const port = (server.address() as AddressInfo).port;
const host = `Host: 127.0.0.1:${port}\r\n`;
try {
  const json = Buffer.from('{"transaction_id":"tx-slow","amount":200}');
  const slow = await exchange(port, `POST /v1/slow HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: ${json.length}\r\n\r\n`, json);
  writeFileSync(`${DIR}gor-latency.gor`, Buffer.concat([payload(1, idOf('slow'), slow.request), payload(2, idOf('slow'), slow.response)]));

  const upload = Buffer.from('receipt,2026-11-23,100.00\n');
  const cont = await exchange(port, `POST /v1/upload HTTP/1.1\r\n${host}Content-Type: text/csv\r\nContent-Length: ${upload.length}\r\nExpect: 100-continue\r\n\r\n`, upload, true);
  writeFileSync(`${DIR}gor-continue.gor`, Buffer.concat([payload(1, idOf('continue'), cont.request), payload(2, idOf('continue'), cont.response)]));

  const gets = await Promise.all(['/healthz', '/v1/status?verbose=1', '/v1/items/42'].map((path) => exchange(port, `GET ${path} HTTP/1.1\r\n${host}Accept: */*\r\n\r\n`)));
  writeFileSync(`${DIR}gor-request-only.gor`, Buffer.concat(gets.map((g, i) => payload(1, idOf(`only${i}`), g.request))));

  const report = await exchange(port, `GET /v1/report HTTP/1.1\r\n${host}Accept-Encoding: gzip\r\n\r\n`);
  const plain = await exchange(port, `GET /healthz HTTP/1.1\r\n${host}\r\n`);
  const file = Buffer.concat([payload(1, idOf('report'), report.request), payload(2, idOf('report'), report.response), payload(1, idOf('plain'), plain.request), payload(2, idOf('plain'), plain.response)]);
  writeFileSync(`${DIR}gor-compressed.gor.gz`, gzipSync(file));
} finally {
  server.close();
}
process.stdout.write(`wrote gor-latency.gor, gor-continue.gor, gor-request-only.gor, gor-compressed.gor.gz in ${DIR}\n`);
