import { planPayment } from '../payment-draft.js';
import type { Scenario } from '../scenario.js';
import { channelFor, chooseCurrency, chooseShop, drawAmount, typicalOf } from '../shopping.js';

/** The holder of a blocked account still trying to pay. */
export const blockedAccount: Scenario = {
  name: 'blocked-account',
  weight: 0.6,
  plan(ctx) {
    const { random } = ctx;
    const account = random.pick(ctx.population.blockedAccounts);
    const currency = chooseCurrency(random, account);
    const amount = drawAmount(random, typicalOf(ctx.settings, account, currency), currency);
    const merchant = chooseShop(ctx, account);
    return [planPayment(ctx, { at: ctx.now, account, merchant, amount, currency, channel: channelFor(random, merchant) })];
  },
};
