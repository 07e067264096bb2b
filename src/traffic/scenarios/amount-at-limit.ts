import type { Currency } from '../../validator/currencies.js';
import { merchantCap, minorLimits } from '../limits.js';
import { planPayment } from '../payment-draft.js';
import type { TrafficAccount } from '../population.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { chooseCurrency, chooseShop } from '../shopping.js';

/**
 * An amount on a per-transaction limit of its currency: exactly at, one minor unit under or over
 * the minimum or the maximum (the maximum itself is allowed). Maximum-sized payments come from
 * customers who can afford them, in person at a merchant with no cap.
 */
export const amountAtLimit: Scenario = {
  name: 'amount-at-limit',
  weight: 1.5,
  plan(ctx) {
    const { random } = ctx;
    const edge = random.pick(['min', 'max'] as const);
    const delta = random.pick([-1, 0, 1] as const);
    const { account, currency } = edge === 'max' ? richCustomer(ctx) : anyCustomer(ctx);
    const limits = minorLimits(ctx.settings, currency);
    const amount = (edge === 'min' ? limits.min : limits.max) + delta;
    const uncapped = () => chooseShop(ctx, account, 0.8);
    let merchant = uncapped();
    for (let i = 0; i < 5 && (merchantCap(merchant, currency) ?? Infinity) < amount; i++) merchant = uncapped();
    const approved = amount >= limits.min && amount <= limits.max && ctx.funds.available(account, currency) >= amount;
    if (approved) ctx.funds.spend(account, currency, amount);
    return [planPayment(ctx, { at: ctx.now, account, merchant, amount, currency, channel: edge === 'max' ? 'pos' : random.pick(['pos', 'ecom'] as const) })];
  },
};

function anyCustomer(ctx: ScenarioContext): { account: TrafficAccount; currency: Currency } {
  const account = ctx.population.shoppers.pick(ctx.random);
  return { account, currency: chooseCurrency(ctx.random, account) };
}

/** A customer with at least the maximum available in a currency, if a few tries find one. */
function richCustomer(ctx: ScenarioContext): { account: TrafficAccount; currency: Currency } {
  let found = anyCustomer(ctx);
  for (let i = 0; i < 20; i++) {
    const candidate = anyCustomer(ctx);
    const { max } = minorLimits(ctx.settings, candidate.currency);
    if (ctx.funds.available(candidate.account, candidate.currency) >= max) return candidate;
    found = candidate;
  }
  return found;
}
