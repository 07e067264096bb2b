import { request as httpRequest } from 'node:http';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { openCaptureReader } from '../../src/store/index.js';
import { startRecording } from '../helpers/recording.js';
import { startServer } from '../helpers/servers.js';

const json = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

function recorded(out: string) {
  const reader = openCaptureReader(out);
  const all = [...reader.exchanges()];
  reader.close();
  return all;
}

describe('recording under faults', () => {
  test('a slow upstream: the client gets a 504 after --timeout, recorded as an upstream error', async () => {
    const upstream = await startServer((_req, res) => setTimeout(() => json(res, 200, { late: true }), 2_000));
    const { recording, out } = await startRecording(upstream.url, { upstreamTimeoutMs: 150 });
    const res = await fetch(`${recording.url}/slow`);
    expect(res.status).toBe(504);
    expect(await res.json()).toMatchObject({ error: 'gateway_timeout' });
    await recording.stop('signal');
    await upstream.close();
    expect(recorded(out)[0]?.response).toMatchObject({ kind: 'no-answer', error: expect.stringContaining('did not answer within 150 ms') });
  });

  test('an upstream that resets connections: 502, and the proxy keeps serving', async () => {
    let calls = 0;
    const upstream = await startServer((req, res) => (++calls === 1 ? req.socket.destroy() : json(res, 200, { ok: true })));
    const { recording, out } = await startRecording(upstream.url);
    expect((await fetch(`${recording.url}/a`)).status).toBe(502);
    expect((await fetch(`${recording.url}/b`)).status).toBe(200);
    const summary = await recording.stop('signal');
    expect(summary.proxy.upstreamErrors).toBe(1);
    expect(recorded(out).map((e) => e.response.kind)).toEqual(['no-answer', 'answer']);
  });

  test('a client aborting mid-request is not recorded, and does not disturb the next one', async () => {
    const upstream = await startServer((req, res) => {
      req.resume();
      req.on('end', () => json(res, 200, { ok: true }));
    });
    const { recording, out } = await startRecording(upstream.url);
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${recording.url}/upload`, { method: 'POST', headers: { 'content-length': '1000' } });
      req.on('error', () => resolve());
      req.write('x'.repeat(100));
      setTimeout(() => req.destroy(), 50);
    });
    expect((await fetch(`${recording.url}/after`, { method: 'POST', body: 'ok' })).status).toBe(200);
    const summary = await recording.stop('signal');
    expect(summary.proxy.clientAborts).toBe(1);
    expect(recorded(out).map((e) => e.path)).toEqual(['/after']);
  });

  test('a failing store: traffic keeps flowing, captures are dropped and counted, recording resumes after', async () => {
    const upstream = await startServer((_req, res) => json(res, 200, { ok: true }));
    const { recording, out } = await startRecording(upstream.url);
    expect((await fetch(`${recording.url}/before`)).status).toBe(200);
    // Written before the lock is taken, however long a loaded machine takes to get to it.
    for (const deadline = Date.now() + 10_000; recording.stats.capture.written < 1 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
    const storeErrors: string[] = [];
    recording.on('store-error', (m) => storeErrors.push(m));

    // Another process holding the write lock: every batch write fails with SQLITE_BUSY.
    const blocker = new Database(out);
    blocker.exec('BEGIN EXCLUSIVE');
    const during = await Promise.all(Array.from({ length: 20 }, (_, i) => fetch(`${recording.url}/during/${i}`).then((r) => r.status)));
    expect(during.every((s) => s === 200)).toBe(true);
    // Release the lock only once the store has tried (and failed) every batch: on a loaded machine
    // the worker may get to them later than any fixed wait.
    for (const deadline = Date.now() + 10_000; recording.stats.capture.dropped < 20 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
    blocker.exec('ROLLBACK');
    blocker.close();

    expect((await fetch(`${recording.url}/after`)).status).toBe(200);
    const summary = await recording.stop('signal');
    expect(storeErrors.length).toBeGreaterThan(0);
    expect(summary.capture.dropped).toBe(20);
    expect(summary.capture.written).toBe(2);
    expect(recorded(out).map((e) => e.path)).toEqual(['/before', '/after']);
  });
});
