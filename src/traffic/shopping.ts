import type { Random } from '../util/random.js';
import type { Currency } from '../validator/currencies.js';
import type { Channel } from '../validator/payment.js';
import type { ValidatorSettings } from '../validator/settings.js';
import { minorLimits } from './limits.js';
import type { TrafficAccount, TrafficMerchant } from './population.js';
import type { ScenarioContext } from './scenario.js';

/** Where a customer shops: mostly at home, sometimes abroad (online or travelling). */
export function chooseShop(ctx: ScenarioContext, account: TrafficAccount, domesticShare = 0.7): TrafficMerchant {
  const home = ctx.population.shopsIn.get(account.country);
  return home && ctx.random.chance(domesticShare) ? home.pick(ctx.random) : ctx.population.shops.pick(ctx.random);
}

const IN_PERSON = new Set(['5411', '5812', '5311', '5993']);

/** How people pay at this kind of merchant. */
export function channelFor(random: Random, merchant: Pick<TrafficMerchant, 'categoryCode'>): Channel {
  if (merchant.categoryCode === '5967') return random.chance(0.6) ? 'ecom' : 'moto';
  if (IN_PERSON.has(merchant.categoryCode)) return random.weighted<Channel>([['pos', 75], ['ecom', 20], ['moto', 5]]);
  return random.weighted<Channel>([['ecom', 60], ['pos', 35], ['moto', 5]]);
}

/** The account's usual payment size in minor units (20 times the minimum when the seed has none). */
export function typicalOf(settings: ValidatorSettings, account: TrafficAccount, currency: Currency): number {
  return account.typicalAmounts[currency] ?? minorLimits(settings, currency).min * 20;
}

/** A purchase amount around the account's usual size (log-normal), in minor units; yen rounded to tens. */
export function drawAmount(random: Random, typical: number, currency: Currency): number {
  const raw = random.logNormal(typical * 0.75, 0.6);
  const amount = currency === 'JPY' ? Math.round(raw / 10) * 10 : Math.round(raw);
  return Math.max(1, amount);
}

/** The currency a customer pays in: the home currency mostly. */
export function chooseCurrency(random: Random, account: TrafficAccount): Currency {
  const [home, ...others] = account.currencies;
  if (home === undefined) throw new Error(`account ${account.id} has no currency`);
  return others.length > 0 && random.chance(0.25) ? random.pick(others) : home;
}

export interface Purchase {
  readonly account: TrafficAccount;
  readonly currency: Currency;
  readonly amount: number;
  /** Whether the generator expects the account to cover it. */
  readonly affordable: boolean;
}

/**
 * An ordinary purchase by a popular-weighted active customer. A customer whose money has run out
 * (by the generator's estimate) usually does not try: another customer comes instead, a few tries
 * at most, so some insufficient-funds attempts still happen.
 */
export function choosePurchase(ctx: ScenarioContext, sizeFactor = 1): Purchase {
  const { random, funds } = ctx;
  let purchase: Purchase | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    const account = ctx.population.shoppers.pick(random);
    const currency = chooseCurrency(random, account);
    const amount = drawAmount(random, typicalOf(ctx.settings, account, currency) * sizeFactor, currency);
    const affordable = funds.available(account, currency) >= amount;
    purchase = { account, currency, amount, affordable };
    if (affordable || random.chance(0.08)) return purchase;
  }
  return purchase!;
}
