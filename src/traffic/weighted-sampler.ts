import type { Random } from '../util/random.js';

/** Picks items by fixed weights in O(log n) (a cumulative table and a binary search). */
export class WeightedSampler<T> {
  readonly #items: readonly T[];
  readonly #cumulative: number[] = [];

  constructor(entries: readonly (readonly [T, number])[]) {
    if (entries.length === 0) throw new Error('a weighted sampler needs at least one item');
    let total = 0;
    for (const [, weight] of entries) {
      total += weight;
      this.#cumulative.push(total);
    }
    this.#items = entries.map(([item]) => item);
  }

  get items(): readonly T[] {
    return this.#items;
  }

  pick(random: Random): T {
    const total = this.#cumulative[this.#cumulative.length - 1] ?? 0;
    const r = random.next() * total;
    let lo = 0;
    let hi = this.#cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.#cumulative[mid] ?? 0) > r) hi = mid;
      else lo = mid + 1;
    }
    return this.#items[lo] as T;
  }
}

/** Zipf-like weights for ranks 1..n: a few items get much of the traffic, the rest a long tail. */
export function zipfWeights(n: number, exponent: number): number[] {
  return Array.from({ length: n }, (_, i) => 1 / (i + 1) ** exponent);
}
