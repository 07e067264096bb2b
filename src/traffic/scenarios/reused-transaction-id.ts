import { planPayment } from '../payment-draft.js';
import type { PlannedRequest } from '../pending-requests.js';
import type { Scenario } from '../scenario.js';
import { channelFor, choosePurchase, chooseShop } from '../shopping.js';

/**
 * A transaction id used for a different payment: a client that rebuilds the body (new timestamp)
 * when it retries, or one whose id generator hands out an id already used.
 */
export const reusedTransactionId: Scenario = {
  name: 'reused-transaction-id',
  weight: 0.4,
  plan(ctx) {
    const { random } = ctx;
    const { account, currency, amount, affordable } = choosePurchase(ctx);
    const merchant = chooseShop(ctx, account);
    const channel = channelFor(random, merchant);
    const recent = ctx.ids.recent(random, account.id);
    if (recent !== undefined && random.chance(0.5)) {
      return [planPayment(ctx, { at: ctx.now, account, merchant, amount, currency, channel, transactionId: recent })];
    }
    if (affordable) ctx.funds.spend(account, currency, amount);
    const transactionId = ctx.ids.next(account.id);
    const first = planPayment(ctx, { at: ctx.now, account, merchant, amount, currency, channel, transactionId });
    const rebuilt: PlannedRequest = planPayment(ctx, { at: ctx.now + random.int(2, 30) * 1000, account, merchant, amount, currency, channel, transactionId });
    return [first, rebuilt];
  },
};
