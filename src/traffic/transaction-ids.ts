import type { Random } from '../util/random.js';

const RECENT_PER_ACCOUNT = 8;

/**
 * Transaction ids: unique by construction (a counter), prefixed with a per-run tag drawn from the
 * seed so runs with different seeds do not collide. Remembers each account's last few ids for scenarios
 * that reuse one (memory stays bounded by the population).
 */
export class TransactionIds {
  readonly #tag: string;
  #counter = 0;
  readonly #recent = new Map<string, string[]>();

  constructor(random: Random) {
    this.#tag = Math.floor(random.next() * 36 ** 6).toString(36).padStart(6, '0');
  }

  next(account: string): string {
    const id = `txn_${this.#tag}${(this.#counter++).toString(36).padStart(7, '0')}`;
    const recent = this.#recent.get(account) ?? [];
    recent.push(id);
    if (recent.length > RECENT_PER_ACCOUNT) recent.shift();
    this.#recent.set(account, recent);
    return id;
  }

  /**
   * One of the account's recently issued ids, or undefined before it has any. Reuse stays within
   * an account, so a replay partitioned by account sees both uses in recorded order.
   */
  recent(random: Random, account: string): string | undefined {
    const recent = this.#recent.get(account);
    return recent && recent.length > 0 ? random.pick(recent) : undefined;
  }
}
