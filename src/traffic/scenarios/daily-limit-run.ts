import type { Currency } from '../../validator/currencies.js';
import { merchantCap, minorLimits } from '../limits.js';
import { planPayment } from '../payment-draft.js';
import type { PlannedRequest } from '../pending-requests.js';
import type { TrafficAccount, TrafficMerchant } from '../population.js';
import type { Scenario, ScenarioContext } from '../scenario.js';

const DAY_MS = 86_400_000;

/**
 * A customer making several large approvals in one UTC day, then one more that lands exactly on
 * the daily limit or goes over it. Some runs happen around midnight UTC: the last payment then
 * falls a moment before it (same day: over the limit) or after it (a new day: allowed), which is
 * where rewrites that count days in local time diverge.
 */
export const dailyLimitRun: Scenario = {
  name: 'daily-limit-run',
  weight: 0.3,
  plan(ctx) {
    const { random } = ctx;
    const { account, currency } = bigSpender(ctx);
    const { max, daily } = minorLimits(ctx.settings, currency);
    const remainder = Math.max(1, Math.round(daily * (0.01 + random.next() * 0.09)));
    const parts = splitAmount(random, daily - remainder, max);
    const merchant = uncappedShop(ctx, account, currency, max);

    const midnight = Math.floor(ctx.now / DAY_MS) * DAY_MS + DAY_MS;
    const aroundMidnight = midnight - ctx.now < 8 * 3_600_000 && random.chance(0.5);
    let at = aroundMidnight ? Math.max(ctx.now, midnight - parts.length * 15 * 60_000 - 5 * 60_000) : ctx.now;
    const planned: PlannedRequest[] = [];
    for (const amount of parts) {
      if (ctx.funds.available(account, currency) >= amount) ctx.funds.spend(account, currency, amount);
      planned.push(planPayment(ctx, { at, account, merchant, amount, currency, channel: 'pos' }));
      at += random.int(3, 14) * 60_000;
    }
    const left = ctx.funds.available(account, currency);
    const last = random.weighted<() => number>([
      [() => remainder, 3],
      [() => remainder + 1, 3],
      [() => remainder + random.int(2, remainder), 2],
      // Over the daily limit and beyond what is left of the balance: both rules fail, the daily limit is the reason.
      [() => (left >= remainder && left < max ? left + random.int(1, 100) : remainder + 1), left >= remainder && left < max ? 5 : 0],
    ])();
    if (aroundMidnight) at = Math.max(at, midnight + (random.chance(0.5) ? -random.int(1, 120) : random.int(0, 600)) * 1000);
    planned.push(planPayment(ctx, { at, account, merchant, amount: last, currency, channel: 'pos' }));
    return planned;
  },
};

/** Splits `total` into 2+ payments of at most `max` each, unevenly. */
function splitAmount(random: ScenarioContext['random'], total: number, max: number): number[] {
  const count = Math.max(2, Math.ceil(total / max)) + (random.chance(0.4) ? 1 : 0);
  const weights = Array.from({ length: count }, () => 0.7 + random.next() * 0.6);
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => Math.min(max, Math.floor((total * w) / sum)));
  let missing = total - parts.reduce((a, b) => a + b, 0);
  for (let i = 0; missing > 0 && i < parts.length; i++) {
    const add = Math.min(missing, max - (parts[i] ?? 0));
    parts[i] = (parts[i] ?? 0) + add;
    missing -= add;
  }
  return parts;
}

/**
 * An active customer who can still afford a whole day's limit in a currency, if there is one;
 * often one with little more than that, so the day's last payment can also exceed the balance.
 */
function bigSpender(ctx: ScenarioContext): { account: TrafficAccount; currency: Currency } {
  const { accounts } = ctx.population;
  const offset = ctx.random.int(0, accounts.length - 1);
  const barely = ctx.random.chance(0.5);
  let found: { account: TrafficAccount; currency: Currency } | undefined;
  for (let i = 0; i < accounts.length; i++) {
    const account = accounts[(offset + i) % accounts.length]!;
    if (account.status !== 'active') continue;
    for (const currency of account.currencies) {
      const { daily, max } = minorLimits(ctx.settings, currency);
      const available = ctx.funds.available(account, currency);
      if (available < daily) continue;
      if (!barely || available < daily + max / 2) return { account, currency };
      found ??= { account, currency };
    }
  }
  if (found) return found;
  const account = ctx.population.shoppers.pick(ctx.random);
  return { account, currency: account.currencies[0]! };
}

function uncappedShop(ctx: ScenarioContext, account: TrafficAccount, currency: Currency, amount: number): TrafficMerchant {
  const shops = ctx.population.shops.items.filter((m) => (merchantCap(m, currency) ?? Infinity) >= amount && !ctx.settings.risk.highRiskCategories.includes(m.categoryCode));
  const home = shops.filter((m) => m.country === account.country);
  return ctx.random.pick(home.length > 0 ? home : shops);
}
