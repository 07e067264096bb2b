import { foreignCountry } from '../countries.js';
import { planPayment } from '../payment-draft.js';
import type { TrafficMerchant } from '../population.js';
import type { Scenario } from '../scenario.js';
import { channelFor, choosePurchase } from '../shopping.js';

/**
 * A purchase under a high-risk category (direct marketing, tobacco). Alone it adds to the risk
 * score; with an online country mismatch at a domestic merchant it lands exactly on the review
 * threshold, and with a foreign merchant or a large amount above it.
 */
export const highRiskCategory: Scenario = {
  name: 'high-risk-category',
  weight: 3,
  plan(ctx) {
    const { random, settings } = ctx;
    const risky = ctx.population.merchants.filter((m) => m.status === 'active' && settings.risk.highRiskCategories.includes(m.categoryCode));
    const variant = random.weighted([['plain', 55], ['ip-mismatch', 30], ['large', 15]] as const);
    const { account, currency, amount, affordable } = choosePurchase(ctx, variant === 'large' ? 12 : 1);
    const domestic = risky.filter((m) => m.country === account.country);
    const merchant: TrafficMerchant = domestic.length > 0 && random.chance(0.7) ? random.pick(domestic) : random.pick(risky);
    const channel = variant === 'ip-mismatch' ? 'ecom' : channelFor(random, merchant);
    const ipCountry = variant === 'ip-mismatch' ? foreignCountry(random, account.country) : undefined;
    if (affordable && variant === 'plain') ctx.funds.spend(account, currency, amount);
    return [planPayment(ctx, { at: ctx.now, account, merchant, amount, currency, channel, ...(ipCountry ? { ipCountry } : {}) })];
  },
};
