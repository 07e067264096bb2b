import type { Currency } from '../../validator/currencies.js';
import { minorLimits } from '../limits.js';
import { planPayment } from '../payment-draft.js';
import type { TrafficAccount } from '../population.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { chooseShop } from '../shopping.js';

/**
 * A payment for the whole available balance: exactly it (allowed), one minor unit less, or one
 * more (insufficient funds). Accounts the generator has not spent from yet are preferred: their
 * balance is known exactly.
 */
export const balanceEdge: Scenario = {
  name: 'balance-edge',
  weight: 0.6,
  plan(ctx) {
    const { random } = ctx;
    const { account, currency } = wholeBalanceCandidate(ctx);
    const available = ctx.funds.available(account, currency);
    const delta = random.pick([-1, 0, 1] as const);
    const amount = Math.max(1, available + delta);
    if (amount <= available) ctx.funds.spend(account, currency, amount);
    const merchant = chooseShop(ctx, account, 0.9);
    return [planPayment(ctx, { at: ctx.now, account, merchant, amount, currency, channel: 'pos' })];
  },
};

/** An active account whose available balance in a currency lies within the per-transaction limits. */
function wholeBalanceCandidate(ctx: ScenarioContext): { account: TrafficAccount; currency: Currency } {
  const { accounts } = ctx.population;
  const fits = (account: TrafficAccount, currency: Currency) => {
    const { min, max } = minorLimits(ctx.settings, currency);
    const available = ctx.funds.available(account, currency);
    return available > min && available < max;
  };
  const offset = ctx.random.int(0, accounts.length - 1);
  let fallback: { account: TrafficAccount; currency: Currency } | undefined;
  for (let i = 0; i < accounts.length; i++) {
    const account = accounts[(offset + i) % accounts.length]!;
    if (account.status !== 'active') continue;
    for (const currency of account.currencies) {
      if (!fits(account, currency)) continue;
      if (ctx.funds.untouched(account, currency)) return { account, currency };
      fallback ??= { account, currency };
    }
  }
  if (fallback) return fallback;
  const account = ctx.population.shoppers.pick(ctx.random);
  return { account, currency: account.currencies[0]! };
}
