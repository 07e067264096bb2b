import { planPayment } from '../payment-draft.js';
import type { PlannedRequest } from '../pending-requests.js';
import type { Scenario } from '../scenario.js';
import { channelFor, choosePurchase, chooseShop } from '../shopping.js';

/**
 * Exactly as many uses as the velocity rule allows, then one more timed around the window's edge:
 * the first use exactly one window back (it no longer counts: allowed), up to a minute further
 * back (allowed; an off-by-one window declines it), or still inside the window (declined).
 */
export const velocityWindowEdge: Scenario = {
  name: 'velocity-window-edge',
  weight: 0.6,
  plan(ctx) {
    const { random, settings } = ctx;
    const { account, currency, amount } = choosePurchase(ctx, 0.5);
    const card = account.cardSampler.pick(random);
    const merchant = chooseShop(ctx, account);
    const channel = channelFor(random, merchant);
    const windowMs = settings.velocity.windowMinutes * 60_000;
    const planned: PlannedRequest[] = [];
    let at = ctx.now;
    for (let i = 0; i < settings.velocity.maxUses; i++) {
      if (ctx.funds.available(account, currency) >= amount) ctx.funds.spend(account, currency, amount);
      planned.push(planPayment(ctx, { at, account, card, merchant, amount, currency, channel }));
      at += random.int(20, 50) * 1000;
    }
    const edge = random.weighted<() => number>([
      [() => windowMs, 4],
      [() => windowMs + random.int(1, 60) * 1000, 4],
      [() => windowMs - random.int(1, 59) * 1000, 2],
    ])();
    planned.push(planPayment(ctx, { at: ctx.now + edge, account, card, merchant, amount, currency, channel }));
    return planned;
  },
};
