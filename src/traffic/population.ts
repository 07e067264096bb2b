import type { Random } from '../util/random.js';
import type { Currency } from '../validator/currencies.js';
import type { Seed, SeedAccount, SeedMerchant } from '../validator/seed/seed.js';
import type { ValidatorSettings } from '../validator/settings.js';
import { issueCard, type TrafficCard } from './cards.js';
import type { TimestampStyle } from './time-zones.js';
import { WeightedSampler, zipfWeights } from './weighted-sampler.js';

/** A seed account with the cards and habits the generator gives it. */
export interface TrafficAccount {
  readonly id: string;
  readonly status: SeedAccount['status'];
  readonly country: string;
  /** The account's currencies, the one it pays in most first. */
  readonly currencies: readonly Currency[];
  readonly balances: SeedAccount['balances'];
  readonly typicalAmounts: SeedAccount['typicalAmounts'];
  /** 1 to 3 cards, the primary one first. */
  readonly cards: readonly TrafficCard[];
  readonly cardSampler: WeightedSampler<TrafficCard>;
  readonly timestampStyle: TimestampStyle;
  readonly deviceId: string;
}

export type TrafficMerchant = SeedMerchant;

/** Who pays and where: accounts and merchants from the validator seed, with skewed popularity. */
export interface Population {
  readonly accounts: readonly TrafficAccount[];
  /** Active accounts: a few hot ones (the big spenders) and a long tail. */
  readonly shoppers: WeightedSampler<TrafficAccount>;
  readonly blockedAccounts: readonly TrafficAccount[];
  readonly merchants: readonly TrafficMerchant[];
  /** Active merchants under a category no rule blocks, weighted by how often people shop there. */
  readonly shops: WeightedSampler<TrafficMerchant>;
  /** Shops by country, for domestic purchases. */
  readonly shopsIn: ReadonlyMap<string, WeightedSampler<TrafficMerchant>>;
}

/** How hot the hottest accounts are: rank r gets weight 1 / r^ACCOUNT_SKEW. */
const ACCOUNT_SKEW = 0.8;

/** Relative shopping frequency by merchant category code. */
const CATEGORY_WEIGHTS: Readonly<Record<string, number>> = {
  '5411': 4, // grocery stores
  '5812': 4, // restaurants
  '5311': 2, // department stores
  '5999': 2, // miscellaneous retail
  '5732': 1, // electronics
  '5045': 0.7, // computers
  '5967': 0.4, // direct marketing (high risk)
  '5993': 0.4, // tobacco (high risk)
};

export function buildPopulation(seed: Seed, settings: ValidatorSettings, random: Random, start: number): Population {
  const issued = new Set<string>();
  const accounts = seed.accounts.map((a) => trafficAccount(a, random, start, issued));
  const active = accounts.filter((a) => a.status === 'active');
  // Big spenders are hot: rank by balance relative to the usual payment size, with some noise.
  const spending = (a: TrafficAccount) => a.currencies.reduce((sum, c) => sum + (a.balances[c] ?? 0) / Math.max(1, a.typicalAmounts[c] ?? 1), 0);
  const ranked = active
    .map((a) => ({ a, score: spending(a) * (0.5 + random.next()) }))
    .sort((x, y) => y.score - x.score)
    .map(({ a }) => a);
  const weights = zipfWeights(ranked.length, ACCOUNT_SKEW);
  const shoppers = new WeightedSampler(ranked.map((a, i) => [a, weights[i] ?? 0] as const));

  const merchants = seed.merchants;
  const shoppable = merchants.filter((m) => m.status === 'active' && !settings.blockedCategories.includes(m.categoryCode));
  const weightOf = (m: TrafficMerchant) => CATEGORY_WEIGHTS[m.categoryCode] ?? 1;
  const shopsIn = new Map<string, WeightedSampler<TrafficMerchant>>();
  for (const country of new Set(shoppable.map((m) => m.country))) {
    shopsIn.set(country, new WeightedSampler(shoppable.filter((m) => m.country === country).map((m) => [m, weightOf(m)] as const)));
  }
  return {
    accounts,
    shoppers,
    blockedAccounts: accounts.filter((a) => a.status === 'blocked'),
    merchants,
    shops: new WeightedSampler(shoppable.map((m) => [m, weightOf(m)] as const)),
    shopsIn,
  };
}

function trafficAccount(account: SeedAccount, random: Random, start: number, issued: Set<string>): TrafficAccount {
  // The seed lists the home currency first.
  const currencies = Object.keys(account.balances) as Currency[];
  const cardCount = random.weighted([[1, 55], [2, 35], [3, 10]] as const);
  // A card belongs to one account: partitioning a replay by account then keeps each card's history whole.
  const cards = Array.from({ length: cardCount }, (_, i) => {
    let card = issueCard(random, account.country, start, i === 0);
    while (issued.has(card.number)) card = issueCard(random, account.country, start, i === 0);
    issued.add(card.number);
    return card;
  });
  const cardWeights = [0.78, 0.17, 0.05];
  return {
    id: account.id,
    status: account.status,
    country: account.country,
    currencies,
    balances: account.balances,
    typicalAmounts: account.typicalAmounts,
    cards,
    cardSampler: new WeightedSampler(cards.map((c, i) => [c, cardWeights[i] ?? 0.05] as const)),
    timestampStyle: timestampStyle(random),
    deviceId: `dev-${Math.floor(random.next() * 2 ** 40).toString(36)}`,
  };
}

/** Most clients write local time with their offset; some write UTC; some add milliseconds. */
export function timestampStyle(random: Random): TimestampStyle {
  return {
    zone: random.chance(0.8) ? 'local' : 'utc',
    utcSuffix: random.chance(0.75) ? 'Z' : '+00:00',
    millis: random.chance(0.3),
  };
}
