import type { Random } from '../util/random.js';

const RECENT = 64;

/**
 * Transaction ids: unique by construction (a counter), prefixed with a per-run tag drawn from the
 * seed so runs with different seeds do not collide. Remembers the last few ids for scenarios that
 * reuse one (memory stays bounded).
 */
export class TransactionIds {
  readonly #tag: string;
  #counter = 0;
  readonly #recent: string[] = [];

  constructor(random: Random) {
    this.#tag = Math.floor(random.next() * 36 ** 6).toString(36).padStart(6, '0');
  }

  next(): string {
    const id = `txn_${this.#tag}${(this.#counter++).toString(36).padStart(7, '0')}`;
    this.#recent[this.#counter % RECENT] = id;
    return id;
  }

  /** One of the recently issued ids, or undefined before any was issued. */
  recent(random: Random): string | undefined {
    return this.#recent.length === 0 ? undefined : random.pick(this.#recent.filter((id) => id !== undefined));
  }
}
