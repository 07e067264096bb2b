import { describe, expect, test } from 'vitest';
import type { NewExchange } from '../../src/core/exchange.js';
import { BatchPacker, unpackBatch, type PackedBatch } from '../../src/record/batch-codec.js';

const socketBuffer = Buffer.from('....{"pan":"4539578763621486"}....HTTP/1.1 200 OK\r\n\r\n{"ok":true}....');

const answered: NewExchange = {
  seq: 7,
  recordedAt: 1_764_000_000_123,
  method: 'POST',
  path: '/v1/payments',
  query: 'a=1&b=%20x',
  requestHeaders: [
    ['Host', 'example.test'],
    ['X-Dup', 'one'],
    ['X-Dup', 'two'],
    ['X-Latin1', 'caf\u00e9 \u00ff'],
  ],
  // Views into a larger buffer, as bodies read off a socket are.
  requestBody: socketBuffer.subarray(4, 31),
  requestTruncated: false,
  response: { kind: 'answer', status: 201, headers: [['content-type', 'application/json']], body: socketBuffer.subarray(53, 64), truncated: false, latencyUs: 812 },
  tags: [],
};
const cut: NewExchange = {
  seq: 8,
  recordedAt: 1_764_000_000_200,
  method: 'PUT',
  path: '/upload',
  query: '',
  requestHeaders: [],
  requestBody: new Uint8Array([0, 255, 1, 254]),
  requestTruncated: true,
  requestFullLength: 5_000_000,
  requestSha256: 'ab'.repeat(32),
  response: { kind: 'answer', status: 200, headers: [], body: new Uint8Array(0), truncated: true, fullLength: 9, sha256: 'cd'.repeat(32), latencyUs: 3 },
  tags: ['x'],
};
const unanswered: NewExchange = {
  seq: 9,
  recordedAt: 1_764_000_000_300,
  method: 'GET',
  path: '/down',
  query: '',
  requestHeaders: [['accept', '*/*']],
  requestBody: new Uint8Array(0),
  requestTruncated: false,
  response: { kind: 'no-answer', error: 'upstream http://127.0.0.1:1 failed: ECONNREFUSED', latencyUs: 40 },
  tags: [],
};

const plain = (e: NewExchange) => ({
  ...e,
  requestBody: Buffer.from(e.requestBody).toString('hex'),
  response: e.response.kind === 'answer' ? { ...e.response, body: Buffer.from(e.response.body).toString('hex') } : e.response,
});

function packBatch(batch: readonly NewExchange[], packer = new BatchPacker()): PackedBatch {
  for (const e of batch) packer.add(e);
  return packer.take();
}

describe('a batch packed for the store worker', () => {
  test('unpacks to the same exchanges: every field, header order and case, body bytes', () => {
    const batch = [answered, cut, unanswered];
    expect(unpackBatch(packBatch(batch)).map(plain)).toEqual(batch.map(plain));
  });

  test('carries only the bodies bytes, not the buffers they are views into', () => {
    const packed = packBatch([answered]);
    expect(packed.bodies.byteLength).toBe(27 + 11);
    expect(packed.meta).not.toContain('4539578763621486');
  });

  test('an empty batch packs to nothing', () => {
    expect(unpackBatch(packBatch([]))).toEqual([]);
  });

  test('one packer, batch after batch: bodies past its arena grow it, and a batch taken is not touched by the next', () => {
    const packer = new BatchPacker(16);
    const big: NewExchange = { ...answered, requestBody: new Uint8Array(70_000).fill(7) };
    const first = packBatch([answered, big, cut], packer);
    const second = packBatch([unanswered, answered], packer);
    expect(unpackBatch(first).map(plain)).toEqual([answered, big, cut].map(plain));
    expect(unpackBatch(second).map(plain)).toEqual([unanswered, answered].map(plain));
    expect(packer.count).toBe(0);
  });
});
