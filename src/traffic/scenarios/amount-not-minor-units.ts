import { planPayment } from '../payment-draft.js';
import type { Scenario } from '../scenario.js';
import { channelFor, choosePurchase, chooseShop } from '../shopping.js';

/** A client bug: the amount sent in major units with decimals (12.99), as zero, or negative (a refund sent here). */
export const amountNotMinorUnits: Scenario = {
  name: 'amount-not-minor-units',
  weight: 0.4,
  plan(ctx) {
    const { random } = ctx;
    const { account, currency, amount } = choosePurchase(ctx);
    const bad = random.weighted<number>([[Number((Math.floor(amount / 100) + 0.99).toFixed(2)), 6], [0, 2], [-amount, 2]]);
    const merchant = chooseShop(ctx, account);
    return [planPayment(ctx, { at: ctx.now, account, merchant, amount: bad, currency, channel: channelFor(random, merchant) })];
  },
};
