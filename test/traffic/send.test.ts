import { createServer } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { describe, expect, test } from 'vitest';
import { ParityError } from '../../src/core/errors.js';
import { generateTraffic, type GeneratedRequest } from '../../src/traffic/generate.js';
import { sendTraffic } from '../../src/traffic/send.js';
import { startServer } from '../helpers/servers.js';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

/** Requests whose body is just a sequence number, spread over a few accounts (one of them hot). */
function numbered(count: number): GeneratedRequest[] {
  return Array.from({ length: count }, (_, i) => ({
    method: 'POST' as const,
    path: '/v1/payments/validate',
    headers: [['content-type', 'application/json']] as const,
    body: JSON.stringify({ seq: i, account: `A${i % 3 === 0 ? 0 : i % 17}` }),
    account: `A${i % 3 === 0 ? 0 : i % 17}`,
  }));
}

/** A port nothing listens on: opened, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('sendTraffic', () => {
  test('sends every request, each account in order, with bounded concurrency', async () => {
    const arrivals: { seq: number; account: string }[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const server = await startServer(async (req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const body = JSON.parse(await readBody(req)) as { seq: number; account: string };
      arrivals.push(body);
      // Random service times: without per-account lanes, later requests would overtake earlier ones.
      setTimeout(() => {
        inFlight--;
        res.writeHead(body.seq % 10 === 0 ? 400 : 200).end('{}');
      }, Math.random() * 8);
    });
    const requests = numbered(400);
    const summary = await sendTraffic(requests, { target: new URL(server.url), concurrency: 8 });

    expect(summary.sent).toBe(400);
    expect(summary.byStatus).toEqual({ 200: 360, 400: 40 });
    expect(summary.errors).toEqual({});
    expect(summary.interrupted).toBe(false);
    expect(arrivals).toHaveLength(400);
    for (const account of new Set(requests.map((r) => r.account))) {
      const seqs = arrivals.filter((a) => a.account === account).map((a) => a.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }
    expect(maxInFlight).toBeGreaterThan(1);
    expect(maxInFlight).toBeLessThanOrEqual(8);
  });

  test('keeps generated traffic in generation order per account', async () => {
    const seen: string[] = [];
    const server = await startServer(async (req, res) => {
      seen.push(await readBody(req));
      setTimeout(() => res.writeHead(200).end('{}'), Math.random() * 3);
    });
    const requests = [...generateTraffic({ count: 600, seed: 5 })];
    await sendTraffic(requests, { target: new URL(server.url), concurrency: 16 });
    const orderOf = (list: readonly string[], account: string) => list.filter((body) => requests.find((r) => r.body === body)?.account === account);
    expect(seen).toHaveLength(600);
    for (const account of new Set(requests.slice(0, 100).map((r) => r.account))) {
      expect(orderOf(seen, account)).toEqual(requests.filter((r) => r.account === account).map((r) => r.body));
    }
  });

  test('sends under a path prefix of the target, with the generated headers', async () => {
    const seen: { url: string | undefined; type: string | undefined }[] = [];
    const server = await startServer((req, res) => {
      seen.push({ url: req.url, type: req.headers['content-type'] });
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await sendTraffic(numbered(3), { target: new URL(`${server.url}/legacy/`) });
    expect(seen).toEqual(Array(3).fill({ url: '/legacy/v1/payments/validate', type: 'application/json' }));
  });

  test('--rate spaces requests out', async () => {
    const server = await startServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200).end());
    });
    const began = performance.now();
    const summary = await sendTraffic(numbered(21), { target: new URL(server.url), rate: 100, concurrency: 8 });
    expect(summary.sent).toBe(21);
    // 21 requests at 100/s: the last one may start 200 ms after the first.
    expect(performance.now() - began).toBeGreaterThanOrEqual(190);
  });

  test('a request that takes longer than the timeout counts as a TIMEOUT error', async () => {
    const server = await startServer((req, res) => {
      req.resume();
      setTimeout(() => res.writeHead(200).end(), 400);
    });
    const summary = await sendTraffic(numbered(4), { target: new URL(server.url), timeoutMs: 50, concurrency: 4 });
    expect(summary).toMatchObject({ sent: 4, byStatus: {}, errors: { TIMEOUT: 4 } });
  });

  test('an unreachable target is one TARGET_UNREACHABLE error', async () => {
    const port = await closedPort();
    const failure = await sendTraffic(numbered(50), { target: new URL(`http://127.0.0.1:${port}`) }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ParityError);
    expect(failure).toMatchObject({ code: 'TARGET_UNREACHABLE', message: `cannot reach http://127.0.0.1:${port}/: ECONNREFUSED` });
  });

  test('aborting stops sending: in-flight requests finish, the rest are not sent', async () => {
    const stop = new AbortController();
    let received = 0;
    const server = await startServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (++received === 30) stop.abort();
        res.writeHead(200).end();
      });
    });
    const summary = await sendTraffic(generateTraffic({ count: 1_000_000, seed: 3 }), { target: new URL(server.url), concurrency: 4, signal: stop.signal });
    expect(summary.interrupted).toBe(true);
    expect(summary.sent).toBe(received);
    expect(summary.sent).toBeGreaterThanOrEqual(30);
    expect(summary.sent).toBeLessThan(40);
  });

  test('aborting while waiting for a rate slot stops at once', async () => {
    const server = await startServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200).end());
    });
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    const began = performance.now();
    // At 2 requests per second the 16 lanes would wait up to 8 s for their slots.
    const summary = await sendTraffic(numbered(100), { target: new URL(server.url), rate: 2, concurrency: 16, signal: stop.signal });
    expect(performance.now() - began).toBeLessThan(1_000);
    expect(summary).toMatchObject({ interrupted: true, sent: 1 });
  });

  test('reports progress through the callback while sending', async () => {
    const server = await startServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200).end());
    });
    const progress: number[] = [];
    await sendTraffic(numbered(20), { target: new URL(server.url), rate: 200, progressIntervalMs: 20, onProgress: (p) => progress.push(p.sent) });
    expect(progress.length).toBeGreaterThan(2);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBeLessThanOrEqual(20);
  });
});

test('a generator that fails midway fails the run once the requests in flight are done', async () => {
  const server = await startServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end());
  });
  function* failing(): Generator<GeneratedRequest> {
    yield* numbered(20);
    throw new Error('generator broke');
  }
  await expect(sendTraffic(failing(), { target: new URL(server.url), concurrency: 4 })).rejects.toThrow('generator broke');
});
