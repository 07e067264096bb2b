import { foreignCountry } from '../countries.js';
import { planPayment } from '../payment-draft.js';
import type { Scenario } from '../scenario.js';
import { channelFor, choosePurchase, chooseShop } from '../shopping.js';

/**
 * An ordinary purchase: a popular-weighted customer, a usual amount in one of its currencies, mostly
 * at home. Small shares carry real-world quirks: a merchant id in lowercase (ids compare
 * case-insensitively), an online shopper behind a foreign IP address, an unusually large amount.
 */
export const normalPurchase: Scenario = {
  name: 'normal-purchase',
  weight: 32,
  plan(ctx) {
    const { random } = ctx;
    const unusual = random.chance(0.01);
    const { account, currency, amount, affordable } = choosePurchase(ctx, unusual ? 14 : 1);
    const merchant = chooseShop(ctx, account);
    const channel = channelFor(random, merchant);
    const ipCountry = channel === 'ecom' && random.chance(0.03) ? foreignCountry(random, account.country) : undefined;
    const id = random.chance(0.03) ? merchant.id.toLowerCase() : merchant.id;
    if (affordable) ctx.funds.spend(account, currency, amount);
    return [planPayment(ctx, { at: ctx.now, account, merchant: { ...merchant, id }, amount, currency, channel, ...(ipCountry ? { ipCountry } : {}) })];
  },
};
