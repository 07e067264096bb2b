import { paymentRequest } from '../generated-request.js';
import { draftPayment } from '../payment-draft.js';
import type { Scenario } from '../scenario.js';
import { channelFor, choosePurchase, chooseShop } from '../shopping.js';

/**
 * A client that timed out and sent the very same request again (once, sometimes twice): the
 * validator must answer the retry from memory, byte-identical body and all. The retry follows the
 * original directly, so the account's timestamps never go backwards.
 */
export const exactRetry: Scenario = {
  name: 'exact-retry',
  weight: 1.5,
  plan(ctx) {
    const { random } = ctx;
    const { account, currency, amount, affordable } = choosePurchase(ctx);
    const merchant = chooseShop(ctx, account);
    if (affordable) ctx.funds.spend(account, currency, amount);
    const request = paymentRequest(draftPayment(ctx, { at: ctx.now, account, merchant, amount, currency, channel: channelFor(random, merchant) }));
    const copies = random.chance(0.15) ? 3 : 2;
    return Array.from({ length: copies }, () => ({ at: ctx.now, request }));
  },
};
