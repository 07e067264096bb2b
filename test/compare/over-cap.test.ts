import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { createComparator } from '../../src/compare/classify.js';
import { resolveCompare } from '../../src/compare/settings.js';
import { SideView } from '../../src/compare/side.js';
import type { Answer } from '../../src/core/exchange.js';

const CAP = 1_024;
const whole = Buffer.from(`{"blob":"${'a'.repeat(3_000)}"}`);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const reply = (over: Partial<Answer>): SideView =>
  new SideView({ kind: 'answer', status: 200, headers: [['content-type', 'application/json']], body: whole, truncated: false, latencyUs: 1, ...over });
/** A body cut at the cap, as the recorder or the replay target keeps it. */
const cut = (body: Buffer, withDigest = true) => reply({ body: body.subarray(0, CAP), truncated: true, ...(withDigest ? { fullLength: body.length, sha256: sha(body) } : {}) });

function compare(legacy: SideView, candidate: SideView) {
  const settings = resolveCompare({ decision: null });
  return createComparator(settings, []).compare(legacy, candidate);
}

describe('bodies over the cap compare by whole length and SHA-256', () => {
  const changedByte = Buffer.from(whole);
  changedByte[whole.length - 3] = 0x62;
  const longer = Buffer.from(`{"blob":"${'a'.repeat(3_001)}"}`);

  test('equal: a match, whether the other side is cut too or kept whole', () => {
    expect(compare(cut(whole), cut(whole)).category).toBe('match');
    expect(compare(cut(whole), reply({})).category).toBe('match');
  });

  test('one byte past the cap differs: one finding, sha256 differs', () => {
    const v = compare(cut(whole), cut(changedByte));
    expect(v.category).toBe('body');
    expect(v.bodyPaths).toEqual(['(body: over the cap, sha256 differs)']);
    expect(compare(cut(whole), reply({ body: changedByte })).bodyPaths).toEqual(['(body: over the cap, sha256 differs)']);
  });

  test('a different length is named with both lengths', () => {
    expect(compare(cut(whole), cut(longer)).bodyPaths).toEqual([`(body: over the cap, length ${whole.length.toLocaleString('en')}→${longer.length.toLocaleString('en')})`]);
  });

  test('a cut body without length or hash (an older capture) is said to be not comparable, not a changed content', () => {
    const v = compare(cut(whole, false), cut(whole));
    expect(v.category).toBe('body');
    expect(v.bodyPaths).toEqual(['(body: over the cap, not comparable: legacy has no full length or hash)']);
  });

  test('changed headers are still reported beside the body', () => {
    const v = compare(cut(whole), reply({ headers: [['content-type', 'text/plain']] }));
    expect(v.bodyPaths).toContain('header content-type');
  });
});

describe('large bodies under the cap', () => {
  const big = (price: number) => Buffer.from(JSON.stringify({ items: Array.from({ length: 8_000 }, (_, i) => ({ id: i, name: `item ${i}`, price: i === 4_000 ? price : i })) }));

  test('byte-equal ones match without a diff; one that differs still names the path', () => {
    const a = big(4_000);
    expect(a.length).toBeGreaterThan(256 * 1024);
    expect(compare(reply({ body: a }), reply({ body: Buffer.from(a) })).category).toBe('match');
    const v = compare(reply({ body: a }), reply({ body: big(-1) }));
    expect(v.bodyPaths).toEqual(['$.items[*].price']);
  });
});
