import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CaptureWriter, createCapture, openCapture, openCaptureReader } from '../../src/store/index.js';
import { captureWith, exchangeOf } from '../helpers/exchanges.js';
import { tmpDir } from '../helpers/tmp.js';

describe('CaptureWriter and CaptureReader', () => {
  test('round-trip every field, bodies byte-exact (including bytes that are not UTF-8)', () => {
    const binary = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x7b, 0x22]);
    const original = exchangeOf({
      method: 'PUT',
      path: '/v1/things',
      query: 'a=1&a=2&b=%20',
      requestBody: binary,
      requestTruncated: true,
      response: { kind: 'answer', status: 418, headers: [['set-thing', 'x'], ['Set-Thing', 'y']], body: Buffer.from('é'), truncated: true, latencyUs: 1234 },
      tags: ['canary', 'eu'],
    });
    const path = captureWith([original, exchangeOf({ response: { kind: 'no-answer', error: 'ECONNREFUSED', latencyUs: 20 } })]);
    const reader = openCaptureReader(path);
    const [first, second] = [...reader.exchanges()];
    reader.close();
    expect(first).toEqual({ ...original, seq: 1 });
    expect(Buffer.compare(Buffer.from(first!.requestBody), binary)).toBe(0);
    expect(second?.response).toEqual({ kind: 'no-answer', error: 'ECONNREFUSED', latencyUs: 20 });
  });

  test('a closed capture is one file: reading it leaves no -wal or -shm beside it; writing again is WAL', () => {
    const path = captureWith([exchangeOf(), exchangeOf()]);
    const reader = openCaptureReader(path);
    expect([...reader.exchanges()]).toHaveLength(2);
    reader.close();
    expect(readdirSync(dirname(path)).filter((f) => f.startsWith(basename(path)))).toEqual([basename(path)]);
    const writer = new CaptureWriter(openCapture(path, { readonly: false }).db);
    expect(writer).toBeDefined();
    const { db } = openCapture(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    writer.close();
  });

  test('a writer closes cleanly while a reader still has the capture open (it then stays WAL)', () => {
    const path = join(tmpDir(), 'shared.db');
    const writer = new CaptureWriter(createCapture(path, { createdBy: 'parity test', source: 'test' }));
    writer.append([exchangeOf()]);
    const reader = openCaptureReader(path);
    expect(() => writer.close()).not.toThrow();
    expect([...reader.exchanges()]).toHaveLength(1);
    reader.close();
    const again = openCaptureReader(path);
    expect([...again.exchanges()]).toHaveLength(1);
    again.close();
  });

  test('closing a reader mid-iteration ends the iteration instead of failing ("connection is busy")', () => {
    const path = captureWith([exchangeOf(), exchangeOf(), exchangeOf()]);
    const reader = openCaptureReader(path);
    const exchanges = reader.exchanges();
    expect(exchanges.next().done).toBe(false);
    expect(() => reader.close()).not.toThrow();
  });

  test('sequence numbers follow the order of appends across batches', () => {
    const path = join(tmpDir(), 'seq.db');
    const writer = new CaptureWriter(createCapture(path, { createdBy: 't', source: 't' }));
    writer.append([exchangeOf({ path: '/a' }), exchangeOf({ path: '/b' })]);
    writer.append([exchangeOf({ path: '/c' })]);
    writer.close();
    const reader = openCaptureReader(path);
    expect([...reader.exchanges()].map((e) => [e.seq, e.path])).toEqual([[1, '/a'], [2, '/b'], [3, '/c']]);
    reader.close();
  });

  test('a batch is all or nothing', () => {
    const path = join(tmpDir(), 'atomic.db');
    const writer = new CaptureWriter(createCapture(path, { createdBy: 't', source: 't' }));
    writer.append([exchangeOf()]);
    const broken = { ...exchangeOf(), method: null } as unknown as ReturnType<typeof exchangeOf>;
    expect(() => writer.append([exchangeOf(), broken])).toThrow();
    writer.close();
    const reader = openCaptureReader(path);
    expect(reader.count()).toBe(1);
    reader.close();
  });

  test('filters by path glob, exclusion, method, status and sequence range', () => {
    const path = captureWith([
      exchangeOf({ path: '/v1/payments/validate' }),
      exchangeOf({ path: '/healthz', method: 'GET' }),
      exchangeOf({ path: '/v1/payments/refund', response: { kind: 'answer', status: 400, headers: [], body: Buffer.from('{}'), truncated: false, latencyUs: 5 } }),
      exchangeOf({ path: '/admin/reset' }),
    ]);
    const reader = openCaptureReader(path);
    const paths = (filter: Parameters<typeof reader.exchanges>[0]) => [...reader.exchanges(filter)].map((e) => e.path);
    expect(paths({ include: ['/v1/*'] })).toEqual(['/v1/payments/validate', '/v1/payments/refund']);
    expect(paths({ exclude: ['/admin/*', '/healthz'] })).toEqual(['/v1/payments/validate', '/v1/payments/refund']);
    expect(paths({ methods: ['get'] })).toEqual(['/healthz']);
    expect(paths({ statuses: [400] })).toEqual(['/v1/payments/refund']);
    expect(paths({ fromSeq: 2, toSeq: 3 })).toEqual(['/healthz', '/v1/payments/refund']);
    expect(reader.count({ include: ['/v1/*'], statuses: [200] })).toBe(1);
    reader.close();
  });

  test('iterates lazily: the first exchange arrives before the rest are read', () => {
    const path = captureWith(Array.from({ length: 500 }, (_, i) => exchangeOf({ path: `/p/${i}` })));
    const reader = openCaptureReader(path);
    const iterator = reader.exchanges();
    expect(iterator.next().value?.path).toBe('/p/0');
    iterator.return?.();
    reader.close();
  });

  test('summary counts endpoints, statuses, decisions, errors and truncation', () => {
    const declined = Buffer.from('{"decision":"decline"}');
    const path = captureWith([
      exchangeOf({ recordedAt: 1_000 }),
      exchangeOf({ recordedAt: 5_000, response: { kind: 'answer', status: 200, headers: [], body: declined, truncated: true, latencyUs: 1 } }),
      exchangeOf({ recordedAt: 3_000, method: 'GET', path: '/healthz', response: { kind: 'answer', status: 200, headers: [], body: Buffer.from('ok'), truncated: false, latencyUs: 1 } }),
      exchangeOf({ recordedAt: 4_000, response: { kind: 'no-answer', error: 'timeout', latencyUs: 1 } }),
    ]);
    const reader = openCaptureReader(path);
    const summary = reader.summary((body) => (body.toString().includes('decline') ? 'decline' : body.toString().includes('approve') ? 'approve' : undefined));
    reader.close();
    expect(summary).toEqual({
      exchanges: 4,
      firstRecordedAt: 1_000,
      lastRecordedAt: 5_000,
      endpoints: [
        { method: 'POST', path: '/v1/payments/validate', count: 3 },
        { method: 'GET', path: '/healthz', count: 1 },
      ],
      statuses: [{ status: 200, count: 3 }],
      upstreamErrors: 1,
      truncatedRequests: 0,
      truncatedResponses: 1,
      origins: [],
      classes: [
        { name: 'approve', count: 1 },
        { name: 'decline', count: 1 },
      ],
    });
  });
});
