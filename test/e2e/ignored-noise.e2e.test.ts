import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { request } from 'undici';
import { afterEach, describe, expect, test } from 'vitest';
import type { CompareOptions } from '../../src/compare/settings.js';
import { replay } from '../../src/replay/runner.js';
import { running } from '../helpers/listen.js';
import { startRecording } from '../helpers/recording.js';

// A service of another shape than the validator (fastify, gzip, a session cookie, no decision
// field) whose every answer carries a fresh trace id and a timestamp. With those two ignored, an
// identical build is no difference at all, and a real one is counted exactly: the byte-level
// shortcut for bodies that differ only in ignored strings must agree with the full comparison.

type Build = 'legacy' | 'candidate';
const ORDERS = 40;
/** The candidate changes the status of every fifth order. */
const held = (build: Build, id: number) => build === 'candidate' && id % 5 === 0;

async function startOrders(which: Build) {
  const app = Fastify();
  app.get<{ Params: { id: string } }>('/orders/:id', async (req, reply) => {
    const id = Number(req.params.id);
    const body = JSON.stringify({ order: id, status: held(which, id) ? 'held' : 'shipped', trace_id: randomUUID(), served_at: new Date().toISOString(), lines: [{ sku: `SKU-${id}`, qty: 1 + (id % 3) }] });
    void reply.header('content-type', 'application/json').header('content-encoding', 'gzip').header('set-cookie', `sid=${randomUUID()}; HttpOnly`);
    return reply.send(gzipSync(body));
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: running(app.server).url, close: () => app.close() };
}

const COMPARE: CompareOptions = { decision: null, errorCodes: { paths: [], primary: null }, ignore: { body: ['$.trace_id', '$.served_at'] } };
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function recordOrders() {
  const legacy = await startOrders('legacy');
  closers.push(legacy.close);
  const { recording, out } = await startRecording(legacy.url);
  for (let id = 1; id <= ORDERS; id++) {
    const answer = await request(`${recording.url}/orders/${id}`, { headers: { cookie: 'sid=abc' } });
    await answer.body.dump();
    expect(answer.statusCode).toBe(200);
  }
  expect((await recording.stop('signal')).capture).toMatchObject({ written: ORDERS });
  return out;
}

describe('answers that differ only in ignored ids and timestamps', () => {
  test('an identical build is no difference, against the recorded answers and against a live legacy', async () => {
    const capture = await recordOrders();
    const same = await startOrders('legacy');
    closers.push(same.close);
    const options = { capture, compare: COMPARE, order: 'none' as const, partitionKey: 'path:2', concurrency: 4, timeoutMs: 5_000 };
    const recorded = await replay({ ...options, legacy: 'recorded', candidate: new URL(same.url) });
    expect(recorded.totals).toMatchObject({ compared: ORDERS, mismatched: 0 });
    const other = await startOrders('legacy');
    closers.push(other.close);
    const live = await replay({ ...options, legacy: new URL(other.url), candidate: new URL(same.url) });
    expect(live.totals).toMatchObject({ compared: ORDERS, mismatched: 0 });
  });

  test('a changed field beside the ignored noise is counted exactly, in one group', async () => {
    const capture = await recordOrders();
    const candidate = await startOrders('candidate');
    closers.push(candidate.close);
    const report = await replay({ capture, compare: COMPARE, legacy: 'recorded', candidate: new URL(candidate.url), order: 'none', partitionKey: 'path:2', concurrency: 4, timeoutMs: 5_000 });
    expect(report.totals).toMatchObject({ compared: ORDERS, mismatched: ORDERS / 5 });
    expect(report.groups).toHaveLength(1);
    expect(report.groups[0]).toMatchObject({ category: 'body', count: ORDERS / 5 });
    expect(report.groups[0]?.bodyPaths).toEqual(['$.status']);
  });
});
