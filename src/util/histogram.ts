/** Relative width of a bucket: values are kept to within 1%, enough for p99.9 of latencies. */
const GROWTH = 1.01;
const LOG_GROWTH = Math.log(GROWTH);

/**
 * A log-bucket histogram of positive values (e.g. latencies in µs): constant memory whatever the
 * count, percentiles within 1%, mergeable across runs and shards.
 */
export class Histogram {
  readonly #counts = new Map<number, number>();
  #count = 0;
  #min = Infinity;
  #max = 0;
  #sum = 0;

  record(value: number): void {
    const v = Math.max(value, 1);
    const bucket = Math.floor(Math.log(v) / LOG_GROWTH);
    this.#counts.set(bucket, (this.#counts.get(bucket) ?? 0) + 1);
    this.#count++;
    this.#sum += v;
    if (v < this.#min) this.#min = v;
    if (v > this.#max) this.#max = v;
  }

  get count(): number {
    return this.#count;
  }

  get max(): number {
    return this.#count === 0 ? 0 : this.#max;
  }

  get mean(): number {
    return this.#count === 0 ? 0 : this.#sum / this.#count;
  }

  /** The value at percentile `p` (0-100), by nearest rank; 0 when empty. */
  percentile(p: number): number {
    if (this.#count === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.#count));
    let seen = 0;
    for (const bucket of [...this.#counts.keys()].sort((a, b) => a - b)) {
      seen += this.#counts.get(bucket) ?? 0;
      if (seen >= rank) return Math.min(this.#max, Math.max(this.#min, GROWTH ** (bucket + 0.5)));
    }
    return this.#max;
  }

  /** A plain JSON form: sparse `[bucket, count]` pairs plus exact min, max and sum. */
  toJSON(): SerialisedHistogram {
    return { growth: GROWTH, buckets: [...this.#counts].sort(([a], [b]) => a - b), count: this.#count, min: this.#count === 0 ? 0 : this.#min, max: this.max, sum: this.#sum };
  }

  static from(data: SerialisedHistogram): Histogram {
    const h = new Histogram();
    h.merge(data);
    return h;
  }

  merge(data: SerialisedHistogram): void {
    if (data.growth !== GROWTH) throw new Error(`cannot merge a histogram with growth ${data.growth}`);
    for (const [bucket, n] of data.buckets) this.#counts.set(bucket, (this.#counts.get(bucket) ?? 0) + n);
    if (data.count === 0) return;
    this.#count += data.count;
    this.#sum += data.sum;
    this.#min = Math.min(this.#min, data.min);
    this.#max = Math.max(this.#max, data.max);
  }
}

export interface SerialisedHistogram {
  readonly growth: number;
  readonly buckets: readonly (readonly [number, number])[];
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly sum: number;
}
