import { cardNumber, cvvFor, monthFrom } from '../cards.js';
import { foreignCountry } from '../countries.js';
import { planPayment } from '../payment-draft.js';
import { timestampStyle } from '../population.js';
import type { Scenario } from '../scenario.js';
import { channelFor } from '../shopping.js';
import { WeightedSampler } from '../weighted-sampler.js';

/** A payment for an account the validator does not know: a closed account, a typo, or a lowercase id (account ids are case-sensitive). */
export const unknownAccount: Scenario = {
  name: 'unknown-account',
  weight: 0.6,
  plan(ctx) {
    const { random, population } = ctx;
    const known = random.pick(population.accounts);
    const id = random.weighted<() => string>([
      [() => `ACC-${String(random.int(population.accounts.length + 1, 99_999)).padStart(5, '0')}`, 6],
      [() => known.id.toLowerCase(), 2],
      [() => known.id.replace('-0', '-'), 2],
    ])();
    const country = random.chance(0.7) ? known.country : foreignCountry(random, known.country);
    const number = cardNumber(random, country);
    const expiry = monthFrom(ctx.now, random.int(1, 36));
    const card = { number, cvv: cvvFor(random, number), expiryMonth: expiry.month, expiryYear: expiry.year };
    const account = { id, country, timestampStyle: timestampStyle(random), deviceId: `dev-${random.int(0, 1e9).toString(36)}`, cardSampler: new WeightedSampler([[card, 1]]) };
    const merchant = population.shops.pick(random);
    const currency = random.pick(known.currencies);
    const amount = Math.max(1, Math.round(random.logNormal(known.typicalAmounts[currency] ?? 2_000, 0.7)));
    return [planPayment(ctx, { at: ctx.now, account, merchant, amount, currency, channel: channelFor(random, merchant) })];
  },
};
