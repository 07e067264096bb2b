import { describe, expect, test } from 'vitest';
import { duplicateTransaction } from '../../../src/validator/rules/duplicate-transaction.js';
import { contextOf, paymentOf, rememberedAnswer } from '../../helpers/payments.js';

describe('duplicate-transaction rule', () => {
  test('names itself and what it emits', () => {
    const rule = duplicateTransaction();
    expect(rule.name).toBe('duplicate-transaction');
    expect(rule.emits).toEqual(['DUPLICATE_TRANSACTION_ID']);
    expect(rule.describe()).toBe('declines a transaction id already used with a different payload');
  });

  test('passes a transaction id never seen', () => {
    expect(duplicateTransaction().validate(paymentOf(), contextOf())).toEqual({ status: 'pass' });
  });

  test('passes a known id with the same fingerprint (a retry)', () => {
    const ctx = contextOf({ fingerprint: 'fp-same' });
    ctx.state.rememberTransaction('tx-1', { fingerprint: 'fp-same', answer: rememberedAnswer(0) });
    expect(duplicateTransaction().validate(paymentOf(), ctx)).toEqual({ status: 'pass' });
  });

  test('declines a known id with another fingerprint (a reused id)', () => {
    const ctx = contextOf({ fingerprint: 'fp-new' });
    ctx.state.rememberTransaction('tx-1', { fingerprint: 'fp-old', answer: rememberedAnswer(0) });
    expect(duplicateTransaction().validate(paymentOf(), ctx)).toEqual({
      status: 'fail',
      code: 'DUPLICATE_TRANSACTION_ID',
      message: 'transaction id tx-1 was already used for another payment',
    });
  });

  test('only the same id counts', () => {
    const ctx = contextOf({ fingerprint: 'fp-new' });
    ctx.state.rememberTransaction('tx-other', { fingerprint: 'fp-old', answer: rememberedAnswer(0) });
    expect(duplicateTransaction().validate(paymentOf(), ctx).status).toBe('pass');
  });
});
