import type { Currency } from '../currencies.js';

export interface SeedAccount {
  readonly id: string;
  readonly status: 'active' | 'blocked';
  readonly country: string;
  /** Minor units per currency the account holds. */
  readonly balances: Readonly<Partial<Record<Currency, number>>>;
  /** The account's usual payment size per currency, in minor units (fraud baseline). */
  readonly typicalAmounts: Readonly<Partial<Record<Currency, number>>>;
}

export interface SeedMerchant {
  readonly id: string;
  readonly name: string;
  readonly status: 'active' | 'suspended';
  readonly categoryCode: string;
  readonly country: string;
  /** Category codes this merchant may not charge under. */
  readonly blockedCategories: readonly string[];
  /** Per-transaction cap per currency, in major units. */
  readonly caps: Readonly<Partial<Record<Currency, number>>>;
}

/** The starting state of the validator; `POST /admin/reset` returns to it. */
export interface Seed {
  readonly accounts: readonly SeedAccount[];
  readonly merchants: readonly SeedMerchant[];
}
