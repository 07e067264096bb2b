import { foreignCountry } from '../countries.js';
import { planPayment } from '../payment-draft.js';
import type { Scenario } from '../scenario.js';
import { choosePurchase, chooseShop } from '../shopping.js';

/**
 * A customer abroad (or behind a foreign VPN) buying online: the IP country differs from the
 * customer's (a fraud signal), often at a merchant in that country (cross-border). Now and then
 * the amount is also unusually large, which together reaches review.
 */
export const crossBorderEcom: Scenario = {
  name: 'cross-border-ecom',
  weight: 5,
  plan(ctx) {
    const { random } = ctx;
    const large = random.chance(0.25);
    const { account, currency, amount, affordable } = choosePurchase(ctx, large ? 12 : 1);
    const ipCountry = foreignCountry(random, account.country);
    const local = ctx.population.shopsIn.get(ipCountry);
    const merchant = local && random.chance(0.6) ? local.pick(random) : chooseShop(ctx, account, 0.3);
    if (affordable && !large) ctx.funds.spend(account, currency, amount);
    return [planPayment(ctx, { at: ctx.now, account, merchant, amount, currency, channel: 'ecom', ipCountry })];
  },
};
