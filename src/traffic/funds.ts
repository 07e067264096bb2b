import type { Currency } from '../validator/currencies.js';
import type { TrafficAccount } from './population.js';

/**
 * The generator's estimate of what each account can still spend: the seed balance minus the
 * payments it sent expecting an approval (the validator holds approved amounts). Customers whose
 * money has run out mostly stop shopping, which keeps traffic realistic (mostly approved) for
 * longer; the estimate is not exact, since some expected approvals are declined or reviewed.
 * Memory: one number per account and currency.
 */
export class FundsLedger {
  readonly #spent = new Map<string, number>();

  available(account: TrafficAccount, currency: Currency): number {
    return (account.balances[currency] ?? 0) - (this.#spent.get(key(account, currency)) ?? 0);
  }

  /** True while no payment expected to be approved has been sent for the pair: the balance is then known exactly. */
  untouched(account: TrafficAccount, currency: Currency): boolean {
    return !this.#spent.has(key(account, currency));
  }

  spend(account: TrafficAccount, currency: Currency, amount: number): void {
    this.#spent.set(key(account, currency), (this.#spent.get(key(account, currency)) ?? 0) + amount);
  }
}

function key(account: TrafficAccount, currency: Currency): string {
  return `${account.id}|${currency}`;
}
