import { fail, PASS, type Rule } from '../rule.js';

export interface CardExpiryOptions {
  /** A card is valid through the last day of its expiry month; a common bug ends it on the first. */
  readonly validThroughExpiryMonth: boolean;
}

export function cardExpiry({ validThroughExpiryMonth }: CardExpiryOptions = { validThroughExpiryMonth: true }): Rule {
  return {
    name: 'card-expiry',
    emits: ['CARD_EXPIRED'],
    describe: () =>
      validThroughExpiryMonth
        ? 'declines cards whose expiry month ended before the transaction time (UTC)'
        : 'declines cards from the first day of their expiry month (UTC)',
    validate(payment) {
      const { expiryYear, expiryMonth } = payment.card;
      // Date.UTC months are 0-based: `expiryMonth` is the month after the expiry month.
      const expiresAt = validThroughExpiryMonth ? Date.UTC(expiryYear, expiryMonth, 1) : Date.UTC(expiryYear, expiryMonth - 1, 1);
      if (payment.timestamp.epochMs < expiresAt) return PASS;
      return fail('CARD_EXPIRED', `card expired ${String(expiryMonth).padStart(2, '0')}/${expiryYear}`);
    },
  };
}
