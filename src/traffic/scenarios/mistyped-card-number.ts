import { luhnValid } from '../../util/luhn.js';
import type { Random } from '../../util/random.js';
import { planPayment } from '../payment-draft.js';
import type { Scenario } from '../scenario.js';
import { choosePurchase, chooseShop } from '../shopping.js';

/** A card number typed by hand (online or over the phone) with a wrong or missing digit: it fails the Luhn check. */
export const mistypedCardNumber: Scenario = {
  name: 'mistyped-card-number',
  weight: 1,
  plan(ctx) {
    const { random } = ctx;
    const { account, currency, amount } = choosePurchase(ctx);
    const card = account.cardSampler.pick(random);
    const merchant = chooseShop(ctx, account);
    const number = mistype(random, card.number);
    return [planPayment(ctx, { at: ctx.now, account, card: { ...card, number }, merchant, amount, currency, channel: random.chance(0.75) ? 'ecom' : 'moto' })];
  },
};

/** A Luhn-invalid variant of `number`: one digit changed (always caught by Luhn), or one dropped. */
export function mistype(random: Random, number: string): string {
  if (random.chance(0.25)) {
    const i = random.int(0, number.length - 1);
    const dropped = number.slice(0, i) + number.slice(i + 1);
    if (!luhnValid(dropped)) return dropped;
  }
  const i = random.int(0, number.length - 1);
  const digit = Number(number[i]);
  const replacement = (digit + random.int(1, 9)) % 10;
  return number.slice(0, i) + String(replacement) + number.slice(i + 1);
}
