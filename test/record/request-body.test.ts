import { connect, type Socket } from 'node:net';
import { describe, expect, onTestFinished, test } from 'vitest';
import type { NewExchange } from '../../src/core/exchange.js';
import { RecordingProxy } from '../../src/record/proxy.js';
import { RECORD_DEFAULTS } from '../../src/record/record-defaults.js';
import { responseHeaders } from '../../src/util/hop-by-hop.js';
import { startEchoServer } from '../helpers/servers.js';

/** The proxy alone, recording everything, in front of a server echoing each request's body. */
async function proxyToEcho(): Promise<{ proxy: RecordingProxy; port: number; exchanges: NewExchange[]; received: () => number }> {
  const echo = await startEchoServer();
  const proxy = await RecordingProxy.start({ ...RECORD_DEFAULTS, target: new URL(echo.url), port: 0, include: [], exclude: [] });
  onTestFinished(() => proxy.stop());
  const exchanges: NewExchange[] = [];
  proxy.on('exchange', (exchange) => exchanges.push(exchange));
  return { proxy, port: Number(new URL(proxy.url).port), exchanges, received: () => proxy.stats.proxied };
}

function post(path: string, body: string): string {
  return `POST ${path} HTTP/1.1\r\nHost: shop.test\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** A raw client connection: what it writes goes out as written (no client library regrouping the bytes). */
async function rawClient(port: number): Promise<{ socket: Socket; answers(count: number): Promise<{ status: string; body: string }[]> }> {
  const socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  onTestFinished(() => void socket.destroy());
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => (pending = Buffer.concat([pending, chunk])));
  const answers = async (count: number) => {
    const parsed: { status: string; body: string }[] = [];
    for (let waited = 0; waited < 5_000; waited += 10) {
      while (parsed.length < count) {
        const end = pending.indexOf('\r\n\r\n');
        if (end === -1) break;
        const head = pending.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (pending.length < end + 4 + length) break;
        parsed.push({ status: head.split('\r\n')[0] ?? '', body: pending.subarray(end + 4, end + 4 + length).toString() });
        pending = pending.subarray(end + 4 + length);
      }
      if (parsed.length === count) return parsed;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`${parsed.length} of ${count} answers came`);
  };
  return { socket, answers };
}

describe('a request body on its way through the proxy', () => {
  test('a body that came with the head is forwarded whole and recorded', async () => {
    const { port, exchanges } = await proxyToEcho();
    const client = await rawClient(port);
    client.socket.write(post('/same-packet', '{"amount":"12.34"}'));
    expect(await client.answers(1)).toEqual([{ status: 'HTTP/1.1 200 OK', body: '{"amount":"12.34"}' }]);
    await expect.poll(() => exchanges.length).toBe(1);
    expect(exchanges[0]?.requestBody.toString()).toBe('{"amount":"12.34"}');
  });

  test('a body sent after the head, in two parts, is waited for and forwarded whole', async () => {
    const { port, exchanges } = await proxyToEcho();
    const client = await rawClient(port);
    const whole = post('/slow-client', 'first half, second half');
    const bodyAt = whole.indexOf('\r\n\r\n') + 4;
    client.socket.write(whole.slice(0, bodyAt));
    await new Promise((resolve) => setTimeout(resolve, 30));
    client.socket.write(whole.slice(bodyAt, bodyAt + 11));
    await new Promise((resolve) => setTimeout(resolve, 30));
    client.socket.write(whole.slice(bodyAt + 11));
    expect(await client.answers(1)).toEqual([{ status: 'HTTP/1.1 200 OK', body: 'first half, second half' }]);
    await expect.poll(() => exchanges.length).toBe(1);
    expect(exchanges[0]?.requestBody.toString()).toBe('first half, second half');
  });

  test('a 40 KiB body (over the stream high-water mark) read whole leaves the keep-alive connection reading', async () => {
    const { port } = await proxyToEcho();
    const client = await rawClient(port);
    const large = 'z'.repeat(40 * 1024);
    client.socket.write(post('/large', large));
    expect((await client.answers(1))[0]?.body).toBe(large);
    client.socket.write(post('/next', 'next'));
    expect((await client.answers(1))[0]?.body).toBe('next');
  });

  test('pipelined requests in one write are answered in order, each with its own body', async () => {
    const { port, exchanges } = await proxyToEcho();
    const client = await rawClient(port);
    client.socket.write(post('/one', 'first') + post('/two', 'second') + post('/three', 'third'));
    expect((await client.answers(3)).map((answer) => answer.body)).toEqual(['first', 'second', 'third']);
    await expect.poll(() => exchanges.length).toBe(3);
    expect(exchanges.map((exchange) => [exchange.seq, exchange.path, exchange.requestBody.toString()])).toEqual([
      [1, '/one', 'first'],
      [2, '/two', 'second'],
      [3, '/three', 'third'],
    ]);
  });

  test('a client gone before its body came whole: nothing forwarded, nothing recorded, counted as an abort', async () => {
    const { proxy, port, exchanges } = await proxyToEcho();
    const client = await rawClient(port);
    client.socket.write('POST /cut HTTP/1.1\r\nHost: shop.test\r\nContent-Length: 10\r\n\r\nabc');
    await new Promise((resolve) => setTimeout(resolve, 30));
    client.socket.destroy();
    await expect.poll(() => proxy.stats.clientAborts).toBe(1);
    expect(proxy.stats.upstreamErrors).toBe(0);
    expect(exchanges).toEqual([]);
  });
});

describe('response headers as relayed', () => {
  const raw = (...pairs: string[]) => pairs.map((value) => Buffer.from(value, 'latin1'));

  test('a plain Connection: keep-alive drops only itself; one naming a header drops that header too, wherever it is', () => {
    expect(responseHeaders(raw('Content-Length', '2', 'Connection', 'keep-alive', 'X-A', '1'))).toEqual({
      relayed: ['Content-Length', '2', 'X-A', '1'],
      recorded: [
        ['content-length', '2'],
        ['x-a', '1'],
      ],
      sized: true,
    });
    expect(responseHeaders(raw('X-Internal', 'secret', 'Connection', 'Keep-Alive, X-Internal', 'X-A', '1')).relayed).toEqual(['X-A', '1']);
  });

  test('nothing is kept for the recording of an answer not recorded', () => {
    const headers = responseHeaders(raw('X-Internal', 'secret', 'Connection', 'X-Internal', 'X-A', 'é'), false);
    expect(headers.recorded).toBeUndefined();
    expect(headers.relayed).toEqual(['X-A', 'é']);
  });
});
