import { luhnCheckDigit } from '../../src/util/luhn.js';
import { CURRENCIES, type Currency } from '../../src/validator/currencies.js';
import { defaultSeed } from '../../src/validator/seed/load-seed.js';
import type { SeedAccount, SeedMerchant } from '../../src/validator/seed/seed.js';
import { DEFAULT_SETTINGS } from '../../src/validator/settings.js';

/** The bundled seed, read once: tests pick accounts and merchants from it instead of hard-coding ids. */
export const SEED = defaultSeed();

/** The default per-currency limits in minor units (the settings write them in major units). */
export function limitsInMinorUnits(currency: Currency): { min: number; max: number; daily: number } {
  const { min, max, daily } = DEFAULT_SETTINGS.limits[currency];
  const factor = 10 ** CURRENCIES[currency].exponent;
  return { min: Math.round(min * factor), max: Math.round(max * factor), daily: Math.round(daily * factor) };
}

/** A Luhn-valid 16-digit card number, distinct for every `n` (so velocity never trips by accident). */
export function cardNumber(n: number, prefix = '4'): string {
  const payload = `${prefix}${String(n).padStart(15 - prefix.length, '0')}`;
  if (payload.length !== 15) throw new Error(`card payload ${payload} is not 15 digits`);
  return payload + luhnCheckDigit(payload);
}

/**
 * A merchant that adds nothing to a payment's outcome: active, its own category neither blocked nor
 * high-risk, no per-merchant blocked categories and no cap in `currency`.
 */
export function isPlainMerchant(m: SeedMerchant, currency: Currency): boolean {
  const { blockedCategories, risk } = DEFAULT_SETTINGS;
  return (
    m.status === 'active' &&
    !blockedCategories.includes(m.categoryCode) &&
    !risk.highRiskCategories.includes(m.categoryCode) &&
    m.blockedCategories.length === 0 &&
    m.caps[currency] === undefined
  );
}

export function plainMerchants(currency: Currency): SeedMerchant[] {
  const found = SEED.merchants.filter((m) => isPlainMerchant(m, currency));
  if (found.length === 0) throw new Error(`the seed has no plain merchant for ${currency}`);
  return found;
}

/**
 * Hands out seed accounts so that no two scenarios share one (an approval in one scenario would
 * otherwise change the holds or daily totals another one relies on).
 */
export class AccountPicker {
  readonly #claimed = new Set<string>();

  /** The first unclaimed active account matching `test`, ordered by `order` (default: seed order). */
  take(what: string, test: (a: SeedAccount) => boolean, order?: (a: SeedAccount, b: SeedAccount) => number): SeedAccount {
    const candidates = SEED.accounts.filter((a) => a.status === 'active' && !this.#claimed.has(a.id) && test(a));
    if (order) candidates.sort(order);
    const account = candidates[0];
    if (!account) throw new Error(`the seed has no unclaimed active account with ${what}`);
    this.#claimed.add(account.id);
    return account;
  }

  /** Like `take`, but undefined when the seed has no such account. */
  tryTake(test: (a: SeedAccount) => boolean, order?: (a: SeedAccount, b: SeedAccount) => number): SeedAccount | undefined {
    try {
      return this.take('', test, order);
    } catch {
      return undefined;
    }
  }

  /** An unclaimed active account holding at least `minBalance` minor units of `currency`. */
  withBalance(currency: Currency, minBalance: number, maxBalance = Number.POSITIVE_INFINITY): SeedAccount {
    return this.take(
      `a ${currency} balance from ${minBalance} to ${maxBalance}`,
      (a) => balanceOf(a, currency) >= minBalance && balanceOf(a, currency) <= maxBalance,
      // The smallest balance that qualifies: keeps the big accounts for scenarios that need them.
      (a, b) => balanceOf(a, currency) - balanceOf(b, currency),
    );
  }
}

export function balanceOf(account: SeedAccount, currency: Currency): number {
  return account.balances[currency] ?? 0;
}

export interface PaymentSpec {
  readonly id: string;
  readonly timestamp: string;
  readonly account: string;
  readonly merchant: SeedMerchant;
  readonly amount: number;
  readonly currency: Currency;
  readonly card: string;
  readonly expiry?: { readonly month: number; readonly year: number };
  /** Defaults to the merchant's id. */
  readonly merchantId?: string;
  /** Defaults to the merchant's own category code. */
  readonly categoryCode?: string;
  readonly channel?: 'ecom' | 'pos' | 'moto';
  /** Defaults to the merchant's country (a domestic payment). */
  readonly customerCountry?: string;
  /** Defaults to the customer country. */
  readonly ipCountry?: string;
}

/** The JSON body of a payment request. */
export function paymentBody(spec: PaymentSpec): Record<string, unknown> {
  const customerCountry = spec.customerCountry ?? spec.merchant.country;
  return {
    transaction_id: spec.id,
    timestamp: spec.timestamp,
    account_id: spec.account,
    card: { number: spec.card, expiry_month: spec.expiry?.month ?? 12, expiry_year: spec.expiry?.year ?? 2030, cvv: '123' },
    merchant: { id: spec.merchantId ?? spec.merchant.id, category_code: spec.categoryCode ?? spec.merchant.categoryCode, country: spec.merchant.country },
    amount: spec.amount,
    currency: spec.currency,
    channel: spec.channel ?? 'pos',
    customer_country: customerCountry,
    ip_country: spec.ipCountry ?? customerCountry,
    device_id: `dev-${spec.id}`,
  };
}
