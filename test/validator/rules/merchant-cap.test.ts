import { describe, expect, test } from 'vitest';
import type { Currency } from '../../../src/validator/currencies.js';
import { merchantCap } from '../../../src/validator/rules/merchant-cap.js';
import { contextOf, paymentOf } from '../../helpers/payments.js';

// MRC-0001 caps EUR at 1 000.00 (100 000 minor units) and BHD at 50.000 (50 000); MRC-0002 has no caps.
function check(amount: number, currency: Currency = 'EUR', id = 'MRC-0001') {
  return merchantCap().validate(paymentOf({ amount, currency, merchant: { id } }), contextOf());
}

describe('merchant-cap rule', () => {
  test('names itself and what it emits', () => {
    const rule = merchantCap();
    expect(rule.name).toBe('merchant-cap');
    expect(rule.emits).toEqual(['MERCHANT_CAP_EXCEEDED']);
    expect(rule.describe()).toBe("declines amounts above the merchant's per-transaction cap for the currency");
  });

  test('passes the cap itself and declines one minor unit over', () => {
    expect(check(100_000)).toEqual({ status: 'pass' });
    expect(check(100_001)).toEqual({
      status: 'fail',
      code: 'MERCHANT_CAP_EXCEEDED',
      message: "amount 100001 exceeds merchant MRC-0001's cap of 100000 EUR minor units",
    });
  });

  test('converts a cap in a 3-decimal currency (BHD) to minor units', () => {
    expect(check(50_000, 'BHD').status).toBe('pass');
    expect(check(50_001, 'BHD')).toMatchObject({ status: 'fail', code: 'MERCHANT_CAP_EXCEEDED' });
  });

  test('finds the merchant when the id is in other case', () => {
    expect(check(100_001, 'EUR', 'mrc-0001')).toMatchObject({ status: 'fail', code: 'MERCHANT_CAP_EXCEEDED' });
  });

  test('passes when the merchant has no cap for the currency', () => {
    expect(check(400_000, 'JPY')).toEqual({ status: 'pass' });
    expect(check(400_000, 'EUR', 'MRC-0002')).toEqual({ status: 'pass' });
  });

  test('skips an unknown merchant and an invalid amount', () => {
    expect(check(100_001, 'EUR', 'MRC-9999')).toEqual({ status: 'skip' });
    expect(check(0)).toEqual({ status: 'skip' });
    expect(check(100_000.5)).toEqual({ status: 'skip' });
  });
});
