import { describe, expect, test } from 'vitest';
import type { Currency } from '../../../src/validator/currencies.js';
import { DEFAULT_CONVENTIONS } from '../../../src/validator/conventions.js';
import { transactionLimits } from '../../../src/validator/rules/transaction-limits.js';
import { contextOf, paymentOf } from '../../helpers/payments.js';

function check(amount: number, currency: Currency, rule = transactionLimits(), ctx = contextOf()) {
  return rule.validate(paymentOf({ amount, currency }), ctx);
}

// Minor units: EUR min 0.50 max 5 000.00; JPY (no decimals) min 50 max 700 000; BHD (3 decimals) min 0.200 max 2 000.000.
const BOUNDS = [
  { currency: 'EUR', min: 50, max: 500_000 },
  { currency: 'JPY', min: 50, max: 700_000 },
  { currency: 'BHD', min: 200, max: 2_000_000 },
] as const;

describe('transaction-limits rule', () => {
  test('names itself and what it emits', () => {
    const rule = transactionLimits();
    expect(rule.name).toBe('transaction-limits');
    expect(rule.emits).toEqual(['AMOUNT_BELOW_MINIMUM', 'LIMIT_PER_TRANSACTION_EXCEEDED']);
    expect(rule.describe()).toBe('declines amounts below the per-currency minimum or above the maximum (the maximum itself is allowed)');
  });

  describe.each(BOUNDS)('$currency', ({ currency, min, max }) => {
    test('passes the minimum and declines one minor unit below it', () => {
      expect(check(min, currency)).toEqual({ status: 'pass' });
      expect(check(min - 1, currency)).toEqual({
        status: 'fail',
        code: 'AMOUNT_BELOW_MINIMUM',
        message: `amount ${min - 1} is below the minimum ${min} ${currency} minor units`,
      });
    });

    test('passes max-1 and the maximum itself, declines max+1', () => {
      expect(check(max - 1, currency)).toEqual({ status: 'pass' });
      expect(check(max, currency)).toEqual({ status: 'pass' });
      expect(check(max + 1, currency)).toEqual({
        status: 'fail',
        code: 'LIMIT_PER_TRANSACTION_EXCEEDED',
        message: `amount ${max + 1} exceeds the maximum ${max} ${currency} minor units`,
      });
    });
  });

  test('rounds limits whose major units are not exact in binary (GBP 0.30, KWD 0.15)', () => {
    expect(check(30, 'GBP').status).toBe('pass');
    expect(check(29, 'GBP').status).toBe('fail');
    expect(check(150, 'KWD').status).toBe('pass');
    expect(check(149, 'KWD').status).toBe('fail');
  });

  test.each([0, -5, 25.5])('skips the invalid amount %s (amount-format reports it)', (amount) => {
    expect(check(amount, 'EUR')).toEqual({ status: 'skip' });
  });

  test('applies the minor-unit exponent convention (two decimals everywhere scales JPY limits by 100)', () => {
    const ctx = contextOf({ conventions: { ...DEFAULT_CONVENTIONS, exponentOf: () => 2 } });
    expect(check(700_001, 'JPY', transactionLimits(), ctx).status).toBe('pass');
    expect(check(4_999, 'JPY', transactionLimits(), ctx)).toMatchObject({ status: 'fail', code: 'AMOUNT_BELOW_MINIMUM' });
  });

  describe('maxInclusive: false (the limit-boundary-exclusive mutation)', () => {
    const exclusive = transactionLimits({ maxInclusive: false });

    test('describes the changed behaviour', () => {
      expect(exclusive.describe()).toBe('declines amounts below the per-currency minimum or above the maximum (the maximum itself is declined)');
    });

    test('declines the maximum itself and still passes max-1', () => {
      expect(check(500_000, 'EUR', exclusive)).toMatchObject({ status: 'fail', code: 'LIMIT_PER_TRANSACTION_EXCEEDED' });
      expect(check(499_999, 'EUR', exclusive).status).toBe('pass');
    });
  });
});
