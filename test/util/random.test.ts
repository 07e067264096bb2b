import { describe, expect, test } from 'vitest';
import { Random } from '../../src/util/random.js';

function sequence(seed: number, n = 5): number[] {
  const r = new Random(seed);
  return Array.from({ length: n }, () => r.next());
}

describe('Random', () => {
  test('the same seed gives the same sequence', () => {
    expect(sequence(42, 20)).toEqual(sequence(42, 20));
  });

  test('different seeds give different sequences', () => {
    expect(sequence(1)).not.toEqual(sequence(2));
  });

  test('is mulberry32: the sequence for seed 1 is stable across versions', () => {
    expect(sequence(1, 3)).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });

  test('seeds are taken as unsigned 32-bit integers', () => {
    expect(sequence(-1)).toEqual(sequence(2 ** 32 - 1));
    expect(sequence(2 ** 32 + 7)).toEqual(sequence(7));
  });

  test('next() stays in [0, 1)', () => {
    const r = new Random(7);
    for (let i = 0; i < 10_000; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });

  test('int(min, max) stays in the range, hits both ends, and returns integers', () => {
    const r = new Random(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) seen.add(r.int(-2, 3));
    expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2, 3]);
    expect(new Random(3).int(5, 5)).toBe(5);
  });

  test('chance(0) is never and chance(1) is always', () => {
    const r = new Random(11);
    for (let i = 0; i < 1_000; i++) {
      expect(r.chance(0)).toBe(false);
      expect(r.chance(1)).toBe(true);
    }
  });

  test('pick returns members and reaches every one; an empty list throws', () => {
    const r = new Random(5);
    const picked = new Set(Array.from({ length: 500 }, () => r.pick(['a', 'b', 'c'])));
    expect([...picked].sort()).toEqual(['a', 'b', 'c']);
    expect(() => r.pick([])).toThrow('pick from an empty list');
  });

  test('weighted never picks a zero weight and follows the weights roughly', () => {
    const r = new Random(9);
    const counts = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 10_000; i++) counts[r.weighted([['a', 3], ['never', 0], ['b', 1]] as const)]++;
    expect(counts.never).toBe(0);
    expect(counts.a / counts.b).toBeGreaterThan(2.5);
    expect(counts.a / counts.b).toBeLessThan(3.5);
    expect(() => r.weighted([])).toThrow('weighted pick from an empty list');
  });

  test('logNormal is positive with roughly the given median', () => {
    const r = new Random(13);
    const xs = Array.from({ length: 5_001 }, () => r.logNormal(100, 0.5)).sort((a, b) => a - b);
    expect(xs[0]).toBeGreaterThan(0);
    expect(xs[2_500]).toBeGreaterThan(95);
    expect(xs[2_500]).toBeLessThan(105);
  });
});
