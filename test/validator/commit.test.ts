import { describe, expect, test } from 'vitest';
import { commit } from '../../src/validator/commit.js';
import { DEFAULT_CONVENTIONS } from '../../src/validator/conventions.js';
import { defaultPipeline, runPipeline, type Decision } from '../../src/validator/pipeline.js';
import { contextOf, paymentOf, type PaymentOverrides } from '../helpers/payments.js';

const CARD = '4111111111111111';

/** Payments the real pipeline approves, declines and reviews. */
const BY_DECISION: Record<Decision, PaymentOverrides> = {
  approve: {},
  decline: { accountId: 'ACC-BLOCKED' },
  review: { ipCountry: 'RU', merchant: { categoryCode: '6051' } },
};

function decideAndCommit(decision: Decision, conventions = DEFAULT_CONVENTIONS) {
  const ctx = contextOf({ conventions });
  const payment = paymentOf(BY_DECISION[decision]);
  const evaluation = runPipeline(defaultPipeline(), payment, ctx);
  expect(evaluation.decision).toBe(decision);
  commit(ctx.state, payment, evaluation, conventions);
  return { state: ctx.state, payment };
}

describe('commit', () => {
  test.each(['approve', 'decline', 'review'] as const)('records the card use on %s', (decision) => {
    const { state, payment } = decideAndCommit(decision);
    expect(state.cardUses(CARD)).toEqual([payment.timestamp.epochMs]);
  });

  test('an approval is recorded and its amount held', () => {
    const { state, payment } = decideAndCommit('approve');
    expect(state.approvals('ACC-1')).toEqual([{ timestamp: payment.timestamp, currency: 'EUR', amount: 2_599 }]);
    expect(state.held('ACC-1', 'EUR', 0)).toBe(2_599);
  });

  test.each(['decline', 'review'] as const)('%s records no approval and no hold', (decision) => {
    const { state, payment } = decideAndCommit(decision);
    expect(state.approvals(payment.accountId)).toEqual([]);
    expect(state.held(payment.accountId, 'EUR', 0)).toBe(0);
  });

  test('without holdOnApproval an approval is recorded but nothing is held', () => {
    const { state } = decideAndCommit('approve', { ...DEFAULT_CONVENTIONS, holdOnApproval: false });
    expect(state.approvals('ACC-1')).toHaveLength(1);
    expect(state.held('ACC-1', 'EUR', 0)).toBe(0);
  });
});
