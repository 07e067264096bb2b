import { planPayment } from '../payment-draft.js';
import type { Scenario } from '../scenario.js';
import { channelFor, choosePurchase, chooseShop } from '../shopping.js';

/** A merchant id the validator does not know: a new merchant not yet onboarded, or an id with its zero padding lost. */
export const unknownMerchant: Scenario = {
  name: 'unknown-merchant',
  weight: 0.6,
  plan(ctx) {
    const { random, population } = ctx;
    const { account, currency, amount } = choosePurchase(ctx);
    const shop = chooseShop(ctx, account);
    const id = random.chance(0.7) ? `MRC-${String(random.int(population.merchants.length + 1, 9_999)).padStart(4, '0')}` : shop.id.replace(/-0+/, '-');
    return [planPayment(ctx, { at: ctx.now, account, merchant: { ...shop, id }, amount, currency, channel: channelFor(random, shop) })];
  },
};
