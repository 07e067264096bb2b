import { planPayment } from '../payment-draft.js';
import type { PlannedRequest } from '../pending-requests.js';
import type { Scenario } from '../scenario.js';
import { chooseShop, choosePurchase } from '../shopping.js';

/**
 * A card used again and again within minutes (a card-testing attack, or a shopper retrying at a
 * terminal): 6 to 9 small payments at 15-90 s intervals, more than the velocity rule allows in its
 * window.
 */
export const velocityBurst: Scenario = {
  name: 'velocity-burst',
  weight: 1.2,
  plan(ctx) {
    const { random } = ctx;
    const { account, currency, amount } = choosePurchase(ctx, 0.3);
    const card = account.cardSampler.pick(random);
    const merchant = chooseShop(ctx, account);
    const channel = random.chance(0.7) ? 'ecom' : 'pos';
    const uses = random.int(6, 9);
    const planned: PlannedRequest[] = [];
    let at = ctx.now;
    for (let i = 0; i < uses; i++) {
      const each = Math.max(1, Math.round(amount * (0.5 + random.next())));
      if (i < ctx.settings.velocity.maxUses && ctx.funds.available(account, currency) >= each) ctx.funds.spend(account, currency, each);
      planned.push(planPayment(ctx, { at, account, card, merchant, amount: each, currency, channel }));
      at += random.int(15, 90) * 1000;
    }
    return planned;
  },
};
