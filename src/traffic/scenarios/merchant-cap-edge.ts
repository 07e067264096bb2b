import type { Currency } from '../../validator/currencies.js';
import { merchantCap } from '../limits.js';
import { planPayment } from '../payment-draft.js';
import type { Scenario } from '../scenario.js';
import { channelFor } from '../shopping.js';

/** A payment at a capped merchant right on its cap: one minor unit under, exactly at, or just over. */
export const merchantCapEdge: Scenario = {
  name: 'merchant-cap-edge',
  weight: 0.8,
  plan(ctx) {
    const { random, population } = ctx;
    const capped = population.shops.items.filter((m) => Object.keys(m.caps).length > 0);
    const merchant = random.pick(capped);
    const currency = random.pick(Object.keys(merchant.caps) as Currency[]);
    const cap = merchantCap(merchant, currency) ?? 0;
    const amount = cap + random.weighted([[-1, 3], [0, 3], [1, 3], [Math.round(cap * 0.4), 1]] as const);
    const holders = population.accounts.filter((a) => a.status === 'active' && a.currencies.includes(currency));
    const local = holders.filter((a) => a.country === merchant.country);
    let account = random.pick(local.length > 0 && random.chance(0.7) ? local : holders);
    for (let i = 0; i < 5 && ctx.funds.available(account, currency) < amount; i++) account = random.pick(holders);
    if (amount <= cap && ctx.funds.available(account, currency) >= amount) ctx.funds.spend(account, currency, amount);
    const channel = channelFor(random, merchant);
    return [planPayment(ctx, { at: ctx.now, account, merchant, amount, currency, channel })];
  },
};
