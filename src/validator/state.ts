import type { Timestamp } from '../util/timestamp.js';
import type { Currency } from './currencies.js';
import type { RememberedAnswer } from './remembered-answer.js';
import type { Seed, SeedAccount, SeedMerchant } from './seed/seed.js';

export interface Approval {
  readonly timestamp: Timestamp;
  readonly currency: Currency;
  readonly amount: number;
}

/** Money reserved by an approval, released `holdHours` of transaction time later. */
export interface Hold {
  readonly epochMs: number;
  readonly currency: Currency;
  readonly amount: number;
}

export interface StateLimits {
  readonly idempotencyCapacity: number;
  readonly holdHours: number;
}

/** What the validator remembers of a transaction id, to answer a retry with the first answer. */
export interface RememberedTransaction {
  readonly fingerprint: string;
  readonly answer: RememberedAnswer;
}

/** The read side every rule sees. Rules never write: `commit.ts` does, after the decision. */
export interface ReadonlyState {
  account(id: string): SeedAccount | undefined;
  /** Merchants whose id equals `id` ignoring case; the caller applies its own id convention. */
  merchantsNamed(id: string): readonly SeedMerchant[];
  /** The sum of holds on the account in the currency placed after `sinceMs` (older ones are released). */
  held(accountId: string, currency: Currency, sinceMs: number): number;
  approvals(accountId: string): readonly Approval[];
  cardUses(card: string): readonly number[];
  transaction(id: string): RememberedTransaction | undefined;
}

/** History older than this (relative to the newest entry) can no longer affect a decision. */
const HISTORY_MS = 48 * 3_600_000;

/** In-memory validator state: seed data plus what approvals and attempts have added since. */
export class ValidatorState implements ReadonlyState {
  readonly #seed: Seed;
  readonly #capacity: number;
  readonly #holdRetentionMs: number;
  #accounts = new Map<string, SeedAccount>();
  #merchants = new Map<string, SeedMerchant[]>();
  #holds = new Map<string, Hold[]>();
  #approvals = new Map<string, Approval[]>();
  #cardUses = new Map<string, number[]>();
  #transactions = new Map<string, RememberedTransaction>();

  constructor(seed: Seed, limits: StateLimits) {
    this.#seed = seed;
    this.#capacity = limits.idempotencyCapacity;
    // Kept a little longer than they count, so a replay slightly out of order still sees them.
    this.#holdRetentionMs = Math.max(limits.holdHours * 3_600_000, HISTORY_MS) + HISTORY_MS;
    this.reset();
  }

  /** Forgets everything since the seed. */
  reset(): void {
    this.#accounts = new Map(this.#seed.accounts.map((a) => [a.id, a]));
    this.#merchants = new Map();
    for (const m of this.#seed.merchants) {
      const key = m.id.toLowerCase();
      this.#merchants.set(key, [...(this.#merchants.get(key) ?? []), m]);
    }
    this.#holds = new Map();
    this.#approvals = new Map();
    this.#cardUses = new Map();
    this.#transactions = new Map();
  }

  account(id: string): SeedAccount | undefined {
    return this.#accounts.get(id);
  }

  merchantsNamed(id: string): readonly SeedMerchant[] {
    return this.#merchants.get(id.toLowerCase()) ?? [];
  }

  held(accountId: string, currency: Currency, sinceMs: number): number {
    let total = 0;
    for (const h of this.#holds.get(accountId) ?? []) if (h.currency === currency && h.epochMs > sinceMs) total += h.amount;
    return total;
  }

  approvals(accountId: string): readonly Approval[] {
    return this.#approvals.get(accountId) ?? [];
  }

  cardUses(card: string): readonly number[] {
    return this.#cardUses.get(card) ?? [];
  }

  transaction(id: string): RememberedTransaction | undefined {
    return this.#transactions.get(id);
  }

  placeHold(accountId: string, hold: Hold): void {
    appendPruned(this.#holds, accountId, hold, hold.epochMs, (h) => h.epochMs, this.#holdRetentionMs);
  }

  addApproval(accountId: string, approval: Approval): void {
    appendPruned(this.#approvals, accountId, approval, approval.timestamp.epochMs, (a) => a.timestamp.epochMs);
  }

  addCardUse(card: string, epochMs: number): void {
    appendPruned(this.#cardUses, card, epochMs, epochMs, (t) => t);
  }

  rememberTransaction(id: string, remembered: RememberedTransaction): void {
    if (this.#transactions.has(id)) return;
    this.#transactions.set(id, remembered);
    if (this.#transactions.size > this.#capacity) {
      // Map iteration order is insertion order: the first key is the oldest.
      const oldest = this.#transactions.keys().next();
      if (!oldest.done) this.#transactions.delete(oldest.value);
    }
  }
}

/**
 * Appends an entry, then drops entries too old to matter (at least `retentionMs` older than the newest
 * entry), so history per card or account stays bounded. Works in place: this runs on every payment,
 * and copying and re-filtering the whole history each time made its cost grow with the history.
 * Entries keep their insertion order.
 */
function appendPruned<T>(histories: Map<string, T[]>, key: string, entry: T, time: number, timeOf: (entry: T) => number, retentionMs = HISTORY_MS): void {
  const entries = histories.get(key);
  if (!entries) {
    histories.set(key, [entry]);
    return;
  }
  entries.push(entry);
  // Nothing to drop unless some entry is older than the cut-off: one pass to find out, none to copy.
  let newest = time;
  let oldest = time;
  for (const e of entries) {
    const t = timeOf(e);
    if (t > newest) newest = t;
    if (t < oldest) oldest = t;
  }
  const cutoff = newest - retentionMs;
  if (oldest > cutoff) return;
  let kept = 0;
  for (const e of entries) if (timeOf(e) > cutoff) entries[kept++] = e;
  entries.length = kept;
}
