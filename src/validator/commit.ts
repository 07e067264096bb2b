import type { Conventions } from './conventions.js';
import type { Payment } from './payment.js';
import type { Evaluation } from './pipeline.js';
import type { ValidatorState } from './state.js';

/**
 * The only writer of validator state, applied after a decision: every attempt counts towards the
 * card's velocity; an approval counts towards the daily limit and reserves the amount (until the hold is released).
 */
export function commit(state: ValidatorState, payment: Payment, evaluation: Evaluation, conventions: Conventions): void {
  state.addCardUse(payment.card.number, payment.timestamp.epochMs);
  if (evaluation.decision !== 'approve') return;
  state.addApproval(payment.accountId, { timestamp: payment.timestamp, currency: payment.currency, amount: payment.amount });
  if (conventions.holdOnApproval) state.placeHold(payment.accountId, { epochMs: payment.timestamp.epochMs, currency: payment.currency, amount: payment.amount });
}
