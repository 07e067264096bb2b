import { describe, expect, test } from 'vitest';
import { Random } from '../../src/util/random.js';
import { Histogram } from '../../src/util/histogram.js';

describe('Histogram', () => {
  test('percentiles within 1% of the exact ones on a skewed sample', () => {
    const r = new Random(3);
    const values = Array.from({ length: 100_000 }, () => r.logNormal(800, 0.9));
    const h = new Histogram();
    for (const v of values) h.record(v);
    const sorted = [...values].sort((a, b) => a - b);
    for (const p of [50, 90, 99, 99.9]) {
      const exact = sorted[Math.ceil((p / 100) * sorted.length) - 1]!;
      expect(Math.abs(h.percentile(p) - exact) / exact).toBeLessThan(0.011);
    }
    expect(h.max).toBe(Math.max(...values));
    expect(h.count).toBe(values.length);
  });

  test('merging two halves equals recording everything in one', () => {
    const a = new Histogram();
    const b = new Histogram();
    const all = new Histogram();
    for (let i = 1; i <= 5_000; i++) {
      (i % 2 ? a : b).record(i * 3);
      all.record(i * 3);
    }
    const merged = Histogram.from(JSON.parse(JSON.stringify(a.toJSON())));
    merged.merge(b.toJSON());
    expect(merged.toJSON()).toEqual(all.toJSON());
    expect(merged.percentile(99)).toBe(all.percentile(99));
  });

  test('empty', () => {
    expect(new Histogram().percentile(99)).toBe(0);
    expect(new Histogram().max).toBe(0);
  });
});
