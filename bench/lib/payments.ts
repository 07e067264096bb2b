import { luhnCheckDigit } from '../../src/util/luhn.js';
import { Random } from '../../src/util/random.js';
import type { Currency } from '../../src/validator/currencies.js';
import type { Seed, SeedAccount, SeedMerchant } from '../../src/validator/seed/seed.js';

/**
 * Generates realistic, always well-formed payment bodies (shaped like
 * test/fixtures/validator/payments/approve.json), each with a new transaction id, so the validator
 * runs its whole rule pipeline on every request instead of answering from its idempotency memory.
 *
 * Spread: all 300 seeded accounts (blocked ones included), all 40 merchants (suspended ones
 * included but drawn less often, 70% domestic when the account's country has merchants), a few stable cards per
 * account plus a share of one-off cards (all Luhn-valid, a few expired), amounts log-normal around
 * the account's typical amount in one of its currencies, and a clock that moves forward ~0.5 s per
 * payment so card velocity, daily totals and holds accumulate the way they would in production.
 */
export class PaymentGenerator {
  readonly #random: Random;
  readonly #runTag: string;
  readonly #customers: readonly Customer[];
  readonly #merchants: readonly SeedMerchant[];
  readonly #merchantsByCountry: ReadonlyMap<string, readonly SeedMerchant[]>;
  #count = 0;
  #clockMs: number;

  constructor(seed: Seed, randomSeed: number, runTag: string) {
    this.#random = new Random(randomSeed);
    this.#runTag = runTag;
    this.#merchants = seed.merchants;
    const byCountry = new Map<string, SeedMerchant[]>();
    for (const m of seed.merchants) byCountry.set(m.country, [...(byCountry.get(m.country) ?? []), m]);
    this.#merchantsByCountry = byCountry;
    this.#customers = seed.accounts.map((account) => this.#customer(account));
    this.#clockMs = Date.UTC(2026, 10, 23, 6, 0, 0);
  }

  /** How many bodies were generated. */
  get count(): number {
    return this.#count;
  }

  /** The next payment as a JSON body (~450 bytes). */
  next(): string {
    const r = this.#random;
    const n = this.#count++;
    this.#clockMs += r.int(0, 1_000);
    const customer = r.pick(this.#customers);
    const { account } = customer;
    const currency = r.pick(customer.currencies);
    const typical = account.typicalAmounts[currency] ?? defaultTypical(currency);
    const amount = Math.max(1, Math.round(r.logNormal(typical, 0.6)));
    const domestic = this.#merchantsByCountry.get(account.country);
    let merchant = domestic && r.chance(0.7) ? r.pick(domestic) : r.pick(this.#merchants);
    // Suspended merchants and blocked categories see less traffic than healthy ones: re-draw most of them.
    if (!healthy(merchant) && r.chance(0.75)) merchant = r.pick(this.#merchants);
    const card = r.chance(0.15) ? this.#card() : r.pick(customer.cards);
    const channel = r.weighted(CHANNEL_WEIGHTS);
    const payment: Record<string, unknown> = {
      transaction_id: `tx-bench-${this.#runTag}-${String(n).padStart(8, '0')}`,
      timestamp: formatTimestamp(this.#clockMs, OFFSET_MINUTES[account.country] ?? 0, r.chance(0.3)),
      account_id: account.id,
      card: {
        number: card.number,
        expiry_month: card.expiryMonth,
        expiry_year: card.expiryYear,
        ...(channel === 'pos' ? {} : { cvv: card.cvv }),
      },
      merchant: {
        id: r.chance(0.05) ? merchant.id.toLowerCase() : merchant.id,
        category_code: r.chance(0.03) ? r.pick(OTHER_CATEGORIES) : merchant.categoryCode,
        country: merchant.country,
      },
      amount,
      currency,
      channel,
      customer_country: account.country,
    };
    if (channel === 'ecom') {
      payment['ip_country'] = r.chance(0.92) ? account.country : r.pick(IP_COUNTRIES);
      payment['device_id'] = customer.devices[r.int(0, customer.devices.length - 1)];
    }
    return JSON.stringify(payment);
  }

  #customer(account: SeedAccount): Customer {
    const currencies = Object.keys(account.balances) as Currency[];
    const cards = Array.from({ length: this.#random.int(1, 4) }, () => this.#card());
    const devices = Array.from({ length: this.#random.int(1, 3) }, () => `dev-${this.#random.int(0, 0xffffff).toString(16).padStart(6, '0')}`);
    return { account, currencies: currencies.length > 0 ? currencies : ['EUR'], cards, devices };
  }

  #card(): Card {
    const r = this.#random;
    const brand = r.weighted(BRAND_WEIGHTS);
    const length = brand.prefix.startsWith('3') ? 15 : 16;
    let payload = brand.prefix;
    while (payload.length < length - 1) payload += String(r.int(0, 9));
    const digits = payload + luhnCheckDigit(payload);
    const number = r.chance(0.5) ? (digits.match(/.{1,4}/g) ?? [digits]).join(' ') : digits;
    // About 2% expired (declined as CARD_EXPIRED, still a 200).
    const expiryYear = r.chance(0.02) ? 2025 : r.int(2027, 2031);
    return { number, expiryMonth: r.int(1, 12), expiryYear, cvv: String(r.int(0, length === 15 ? 9999 : 999)).padStart(length === 15 ? 4 : 3, '0') };
  }
}

interface Card {
  readonly number: string;
  readonly expiryMonth: number;
  readonly expiryYear: number;
  readonly cvv: string;
}

interface Customer {
  readonly account: SeedAccount;
  readonly currencies: readonly Currency[];
  readonly cards: readonly Card[];
  readonly devices: readonly string[];
}

const BRAND_WEIGHTS: readonly (readonly [{ prefix: string }, number])[] = [
  [{ prefix: '4' }, 55],
  [{ prefix: '51' }, 10],
  [{ prefix: '53' }, 10],
  [{ prefix: '55' }, 10],
  [{ prefix: '2221' }, 3],
  [{ prefix: '34' }, 6],
  [{ prefix: '37' }, 6],
];

const CHANNEL_WEIGHTS: readonly (readonly ['ecom' | 'pos' | 'moto', number])[] = [
  ['ecom', 60],
  ['pos', 35],
  ['moto', 5],
];

/** Category codes a merchant sometimes sends instead of its own: high-risk and blocked ones. */
const OTHER_CATEGORIES = ['4829', '5967', '5993', '6051', '7273', '7995', '5411', '5812'];
const IP_COUNTRIES = ['NG', 'RU', 'BR', 'US', 'DE', 'CN', 'VN'];

/** Winter UTC offsets of the seed's countries, so timestamps are written the way a local terminal would. */
const OFFSET_MINUTES: Readonly<Record<string, number>> = {
  DE: 60, FR: 60, NL: 60, IT: 60, ES: 60, CH: 60, SE: 60, GB: 0, US: -300, JP: 540, BH: 180, KW: 180,
};

function healthy(merchant: SeedMerchant): boolean {
  return merchant.status === 'active' && merchant.categoryCode !== '7995';
}

function defaultTypical(currency: Currency): number {
  return currency === 'JPY' ? 3_000 : currency === 'BHD' || currency === 'KWD' ? 10_000 : 3_000;
}

/** ISO 8601 in the given offset, e.g. `2026-11-23T10:15:00+01:00`, optionally with milliseconds. */
function formatTimestamp(epochMs: number, offsetMinutes: number, withMs: boolean): string {
  const local = new Date(epochMs + offsetMinutes * 60_000).toISOString();
  const clock = withMs ? local.slice(0, 23) : local.slice(0, 19);
  if (offsetMinutes === 0) return `${clock}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${clock}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
