import { planPayment } from '../payment-draft.js';
import type { TrafficMerchant } from '../population.js';
import type { Scenario } from '../scenario.js';
import { channelFor, choosePurchase } from '../shopping.js';

/**
 * A payment under a blocked category: at an active gambling merchant (blocked for everyone), or
 * at a shop that sends a category it is barred from (money transfer, quasi-cash).
 */
export const blockedCategory: Scenario = {
  name: 'blocked-category',
  weight: 0.8,
  plan(ctx) {
    const { random, settings } = ctx;
    const active = ctx.population.merchants.filter((m) => m.status === 'active');
    const gambling = active.filter((m) => settings.blockedCategories.includes(m.categoryCode));
    const barred = active.filter((m) => m.blockedCategories.length > 0);
    let merchant: TrafficMerchant;
    let categoryCode: string;
    if (barred.length === 0 || (gambling.length > 0 && random.chance(0.5))) {
      merchant = random.pick(gambling);
      categoryCode = merchant.categoryCode;
    } else {
      merchant = random.pick(barred);
      categoryCode = random.pick(merchant.blockedCategories);
    }
    const { account, currency, amount } = choosePurchase(ctx);
    return [planPayment(ctx, { at: ctx.now, account, merchant: { ...merchant, categoryCode }, amount, currency, channel: channelFor(random, merchant) })];
  },
};
