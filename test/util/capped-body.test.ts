import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { CappedBody } from '../../src/util/capped-body.js';

describe('hashing a cut body is of the whole body as it streamed', () => {
  test('the hash equals SHA-256 of every byte, whatever the chunking', () => {
    const whole = Buffer.from(Array.from({ length: 5_000 }, (_, i) => i % 251));
    for (const size of [1, 7, 999, 1_000, 1_001, 5_000]) {
      const body = new CappedBody(1_000, 128);
      for (let at = 0; at < whole.length; at += size) body.add(whole.subarray(at, at + size));
      expect(body.truncated).toBe(true);
      expect(body.bytes()).toEqual(whole.subarray(0, 1_128));
      expect(body.whole()).toEqual({ fullLength: 5_000, sha256: createHash('sha256').update(whole).digest('hex') });
    }
  });

  test('a body at or under the cap is not hashed; a cap of 0 (not recorded) hashes nothing', () => {
    const at = new CappedBody(10);
    at.add(Buffer.alloc(10));
    expect([at.truncated, at.sha256(), at.whole()]).toEqual([false, undefined, {}]);
    const off = new CappedBody(0);
    off.add(Buffer.alloc(10));
    expect([off.truncated, off.sha256(), off.bytes().length]).toEqual([true, undefined, 0]);
  });
});
