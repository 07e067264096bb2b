import { describe, expect, test } from 'vitest';
import type { Currency } from '../../../src/validator/currencies.js';
import { balancePrecheck } from '../../../src/validator/rules/balance-precheck.js';
import { contextOf, paymentOf, type TestContext } from '../../helpers/payments.js';

// ACC-2 holds 100 000 EUR minor units and nothing else.
function check(amount: number, ctx: TestContext = contextOf(), currency: Currency = 'EUR', accountId = 'ACC-2') {
  return balancePrecheck().validate(paymentOf({ accountId, amount, currency }), ctx);
}

describe('balance-precheck rule', () => {
  test('names itself and what it emits', () => {
    const rule = balancePrecheck();
    expect(rule.name).toBe('balance-precheck');
    expect(rule.emits).toEqual(['INSUFFICIENT_FUNDS']);
    expect(rule.describe()).toBe('declines when balance minus holds in the currency does not cover the amount');
  });

  test('passes the whole balance and declines one minor unit more', () => {
    expect(check(100_000)).toEqual({ status: 'pass' });
    expect(check(100_001)).toEqual({
      status: 'fail',
      code: 'INSUFFICIENT_FUNDS',
      message: 'available 100000 EUR minor units do not cover 100001',
    });
  });

  test('subtracts holds in the currency', () => {
    const ctx = contextOf();
    ctx.state.placeHold('ACC-2', 'EUR', 20_000);
    ctx.state.placeHold('ACC-2', 'EUR', 10_000);
    expect(check(70_000, ctx)).toEqual({ status: 'pass' });
    expect(check(70_001, ctx)).toEqual({ status: 'fail', code: 'INSUFFICIENT_FUNDS', message: 'available 70000 EUR minor units do not cover 70001' });
  });

  test('ignores holds in another currency or on another account', () => {
    const ctx = contextOf();
    ctx.state.placeHold('ACC-2', 'USD', 50_000);
    ctx.state.placeHold('ACC-1', 'EUR', 50_000);
    expect(check(100_000, ctx).status).toBe('pass');
  });

  test('a currency the account does not hold has nothing available', () => {
    expect(check(1, contextOf(), 'USD')).toEqual({ status: 'fail', code: 'INSUFFICIENT_FUNDS', message: 'available 0 USD minor units do not cover 1' });
  });

  test('skips an unknown account and an invalid amount', () => {
    expect(check(1, contextOf(), 'EUR', 'ACC-404')).toEqual({ status: 'skip' });
    expect(check(-1)).toEqual({ status: 'skip' });
    expect(check(0.5)).toEqual({ status: 'skip' });
  });
});
