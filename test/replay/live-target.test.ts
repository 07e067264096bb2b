import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, test } from 'vitest';
import type { Exchange, Reply } from '../../src/core/exchange.js';
import { LiveTarget, type TargetOptions } from '../../src/replay/target.js';
import { exchangeOf } from '../helpers/exchanges.js';
import { startServer } from '../helpers/servers.js';

const exchange = (overrides: Partial<Exchange> = {}): Exchange => ({ ...exchangeOf(), seq: 1, ...overrides });
const options = (overrides: Partial<TargetOptions> = {}): TargetOptions => ({ connections: 2, timeoutMs: 5_000, headers: [], maxBodyBytes: 1024 * 1024, ...overrides });

async function sendTo(url: string, e: Exchange, o: TargetOptions = options()): Promise<Reply> {
  const target = new LiveTarget(new URL(url), o);
  try {
    return await target.send(e);
  } finally {
    await target.close();
  }
}

describe('LiveTarget: one captured request sent to a live service, its answer as the comparison reads it', () => {
  test('the request goes as recorded (method, base path, path, query, body, end-to-end headers), with the injected headers replacing recorded ones', async () => {
    let seen: { method?: string; url?: string; headers: IncomingHttpHeaders; raw: string[]; body: string } | undefined;
    const server = await startServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen = { method: req.method, url: req.url, headers: req.headers, raw: req.rawHeaders, body: Buffer.concat(chunks).toString() };
        res.end('ok');
      });
    });
    const recorded = exchange({
      method: 'PUT',
      path: '/orders/7',
      query: 'expand=items',
      requestHeaders: [['Host', 'legacy.internal'], ['Content-Type', 'application/json'], ['Authorization', 'Bearer recorded'], ['Connection', 'x-hop'], ['X-Hop', 'gone'], ['Keep-Alive', 'timeout=5'], ['X-Trace', 'a'], ['X-Trace', 'b']],
      requestBody: Buffer.from('{"n":1}'),
    });
    const reply = await sendTo(`${server.url}/base/`, recorded, options({ headers: [['authorization', 'Bearer live']] }));
    expect(reply.kind).toBe('answer');
    expect(seen?.method).toBe('PUT');
    expect(seen?.url).toBe('/base/orders/7?expand=items');
    expect(seen?.body).toBe('{"n":1}');
    expect(seen?.headers['authorization']).toBe('Bearer live');
    expect(seen?.headers['content-type']).toBe('application/json');
    expect(seen?.headers['x-trace']).toBe('a, b');
    expect(seen?.headers['host']).not.toBe('legacy.internal');
    expect(seen?.headers['x-hop']).toBeUndefined();
    expect(seen?.headers['keep-alive']).toBeUndefined();
  });

  test('the answer: status, every header line with its name lower-cased, repeated ones kept in order, the body byte for byte', async () => {
    const body = Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d, 0x00, 0xff]);
    const server = await startServer((_req, res) => {
      res.writeHead(201, [['Content-Type', 'application/json'], ['Set-Cookie', 'a=1'], ['X-Custom', 'v1'], ['Set-Cookie', 'b=2']]);
      res.write(body.subarray(0, 3));
      setTimeout(() => res.end(body.subarray(3)), 20);
    });
    const reply = await sendTo(server.url, exchange({ method: 'GET', requestBody: Buffer.alloc(0) }));
    if (reply.kind !== 'answer') throw new Error(`no answer: ${reply.error}`);
    expect(reply.status).toBe(201);
    expect(reply.headers.filter(([name]) => name !== 'date' && name !== 'connection' && name !== 'keep-alive' && name !== 'transfer-encoding')).toEqual([
      ['content-type', 'application/json'],
      ['set-cookie', 'a=1'],
      ['x-custom', 'v1'],
      ['set-cookie', 'b=2'],
    ]);
    expect(Buffer.from(reply.body).equals(body)).toBe(true);
    expect(reply.truncated).toBe(false);
    expect(reply.latencyUs).toBeGreaterThanOrEqual(20_000);
  });

  test('an answer whose body trickles past the timeout is a timeout, though no single chunk is late', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const drip = setInterval(() => res.write('.'), 40);
      res.on('close', () => clearInterval(drip));
    });
    const started = Date.now();
    const reply = await sendTo(server.url, exchange(), options({ timeoutMs: 300 }));
    expect(reply).toMatchObject({ kind: 'no-answer', error: 'timeout after 300 ms' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test('a service that never answers: a timeout; one that is down: the connection error', async () => {
    const hanging = await startServer(() => {});
    expect(await sendTo(hanging.url, exchange(), options({ timeoutMs: 200 }))).toMatchObject({ kind: 'no-answer', error: 'timeout after 200 ms' });
    const gone = await startServer(() => {});
    await gone.close();
    expect(await sendTo(gone.url, exchange())).toMatchObject({ kind: 'no-answer', error: 'ECONNREFUSED' });
  });
});
