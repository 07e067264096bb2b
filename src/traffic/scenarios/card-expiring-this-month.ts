import { monthFrom } from '../cards.js';
import { planPayment } from '../payment-draft.js';
import type { Scenario } from '../scenario.js';
import { channelFor, choosePurchase, chooseShop } from '../shopping.js';

/** A card whose expiry month is the transaction's own (UTC) month: still valid through the month's last day. */
export const cardExpiringThisMonth: Scenario = {
  name: 'card-expiring-this-month',
  weight: 0.7,
  plan(ctx) {
    const { random } = ctx;
    const { account, currency, amount, affordable } = choosePurchase(ctx);
    const card = account.cardSampler.pick(random);
    const { month, year } = monthFrom(ctx.now, 0);
    const merchant = chooseShop(ctx, account);
    if (affordable) ctx.funds.spend(account, currency, amount);
    return [planPayment(ctx, { at: ctx.now, account, card: { ...card, expiryMonth: month, expiryYear: year }, merchant, amount, currency, channel: channelFor(random, merchant) })];
  },
};
