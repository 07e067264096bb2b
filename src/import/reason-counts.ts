export interface ReasonCount {
  readonly reason: string;
  readonly count: number;
  /** Where the reason was first met, e.g. `line 12`. */
  readonly firstLocation: string;
}

/** Counts by reason, remembering where each was first seen; bounded, so odd files cannot grow it. */
export class ReasonCounter {
  readonly #counts = new Map<string, { count: number; firstLocation: string }>();
  readonly #limit: number;
  total = 0;

  constructor(limit = 100) {
    this.#limit = limit;
  }

  add(reason: string, location: string): void {
    this.total++;
    const key = this.#counts.has(reason) || this.#counts.size < this.#limit ? reason : 'other reasons';
    const entry = this.#counts.get(key);
    if (entry) entry.count++;
    else this.#counts.set(key, { count: 1, firstLocation: location });
  }

  /** Most frequent first, then in the order first met. */
  list(): ReasonCount[] {
    return [...this.#counts].map(([reason, v]) => ({ reason, ...v })).sort((a, b) => b.count - a.count);
  }
}
