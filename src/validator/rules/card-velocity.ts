import { fail, PASS, type Rule } from '../rule.js';

export interface CardVelocityOptions {
  /** Added to the configured window: a rewrite that counts one minute too many sets 1. */
  readonly extraWindowMinutes: number;
}

export function cardVelocity({ extraWindowMinutes }: CardVelocityOptions = { extraWindowMinutes: 0 }): Rule {
  return {
    name: 'card-velocity',
    emits: ['VELOCITY_CARD_EXCEEDED'],
    describe: () => 'declines a card used more than the allowed number of times within the sliding window (attempts count, not only approvals)',
    validate(payment, { state, settings }) {
      const { maxUses, windowMinutes } = settings.velocity;
      const now = payment.timestamp.epochMs;
      const from = now - (windowMinutes + extraWindowMinutes) * 60_000;
      let uses = 1;
      for (const t of state.cardUses(payment.card.number)) if (t > from && t <= now) uses++;
      return uses > maxUses ? fail('VELOCITY_CARD_EXCEEDED', `card used ${uses} times in ${windowMinutes} minutes; at most ${maxUses} allowed`) : PASS;
    },
  };
}
