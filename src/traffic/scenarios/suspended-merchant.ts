import { planPayment } from '../payment-draft.js';
import type { Scenario } from '../scenario.js';
import { channelFor, choosePurchase } from '../shopping.js';

/** A purchase at a suspended merchant (its terminal or web shop still sends payments). */
export const suspendedMerchant: Scenario = {
  name: 'suspended-merchant',
  weight: 0.8,
  plan(ctx) {
    const { random } = ctx;
    const suspended = ctx.population.merchants.filter((m) => m.status === 'suspended');
    const { account, currency, amount } = choosePurchase(ctx);
    const home = suspended.filter((m) => m.country === account.country);
    const merchant = random.pick(home.length > 0 && random.chance(0.6) ? home : suspended);
    return [planPayment(ctx, { at: ctx.now, account, merchant, amount, currency, channel: channelFor(random, merchant) })];
  },
};
