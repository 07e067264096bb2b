import { describe, expect, test } from 'vitest';
import { amountFormat } from '../../../src/validator/rules/amount-format.js';
import { contextOf, paymentOf } from '../../helpers/payments.js';

function check(amount: number) {
  return amountFormat().validate(paymentOf({ amount }), contextOf());
}

describe('amount-format rule', () => {
  test('names itself and what it emits', () => {
    const rule = amountFormat();
    expect(rule.name).toBe('amount-format');
    expect(rule.emits).toEqual(['AMOUNT_INVALID']);
    expect(rule.describe()).toBe('declines amounts that are not a positive whole number of minor units');
  });

  test.each([1, 2_599, Number.MAX_SAFE_INTEGER])('passes %s', (amount) => {
    expect(check(amount)).toEqual({ status: 'pass' });
  });

  test.each([0, -1, 25.99, 0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])('declines %s', (amount) => {
    expect(check(amount)).toEqual({
      status: 'fail',
      code: 'AMOUNT_INVALID',
      message: `amount ${amount} is not a positive whole number of minor units`,
    });
  });
});
