import { describe, expect, test } from 'vitest';
import { ParityError } from '../../src/core/errors.js';
import { createSealer, createUnsealer, holdsSealed, isSealed, sealKey, SEAL_KEY_VARIABLE } from '../../src/redact/sealer.js';

const KEY = sealKey({ [SEAL_KEY_VARIABLE]: 'seal-test-key-0123456789' }) as Buffer;

describe('sealing credentials', () => {
  test('a sealed value is URL-safe, unreadable, and opens under the same key only', () => {
    const sealed = createSealer(KEY).seal('Bearer eyJhbGciOi.secret');
    expect(sealed).toMatch(/^parity-sealed\.v1\.[A-Za-z0-9_-]+$/);
    expect(encodeURIComponent(sealed)).toBe(sealed);
    expect(sealed).not.toContain('secret');
    expect(isSealed(sealed)).toBe(true);
    expect(createUnsealer(KEY).unseal(`a=${sealed}&b=1`)).toEqual({ text: 'a=Bearer eyJhbGciOi.secret&b=1', opened: 1, failed: 0 });
    const other = sealKey({ [SEAL_KEY_VARIABLE]: 'another-key-0123456789' });
    expect(createUnsealer(other).unseal(sealed)).toEqual({ text: '', opened: 0, failed: 1 });
    expect(createUnsealer(undefined).unseal(sealed)).toEqual({ text: '', opened: 0, failed: 1 });
  });

  test('the same value seals differently each time (a fresh IV), and a tampered one does not open', () => {
    const sealer = createSealer(KEY);
    const [a, b] = [sealer.seal('s3cret'), sealer.seal('s3cret')];
    expect(a).not.toBe(b);
    // A character well inside the payload, changed for another: every bit of it counts (the last
    // base64 character may carry padding bits, so changing it can leave the bytes as they were).
    const at = a.length - 8;
    const tampered = `${a.slice(0, at)}${a[at] === 'A' ? 'B' : 'A'}${a.slice(at + 1)}`;
    expect(createUnsealer(KEY).unseal(tampered).failed).toBe(1);
    expect(holdsSealed('no seal here')).toBe(false);
  });

  test('the key comes from the environment only: absent means remove, short is refused', () => {
    expect(sealKey({})).toBeUndefined();
    expect(sealKey({ [SEAL_KEY_VARIABLE]: '' })).toBeUndefined();
    let error: unknown;
    try {
      sealKey({ [SEAL_KEY_VARIABLE]: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParityError);
    expect((error as ParityError).code).toBe('REDACT_KEY_WEAK');
    expect((error as ParityError).message).toContain(SEAL_KEY_VARIABLE);
  });
});
