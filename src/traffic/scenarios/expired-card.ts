import { monthFrom } from '../cards.js';
import { planPayment } from '../payment-draft.js';
import type { Scenario } from '../scenario.js';
import { channelFor, choosePurchase, chooseShop } from '../shopping.js';

/** An old card still stored at a shop: the customer's card number with an expiry in the past, often last month. */
export const expiredCard: Scenario = {
  name: 'expired-card',
  weight: 1,
  plan(ctx) {
    const { random } = ctx;
    const { account, currency, amount } = choosePurchase(ctx);
    const card = account.cardSampler.pick(random);
    const { month, year } = monthFrom(ctx.now, random.chance(0.5) ? -1 : -random.int(2, 24));
    const merchant = chooseShop(ctx, account);
    const channel = random.chance(0.7) ? 'ecom' : channelFor(random, merchant);
    return [planPayment(ctx, { at: ctx.now, account, card: { ...card, expiryMonth: month, expiryYear: year }, merchant, amount, currency, channel })];
  },
};
