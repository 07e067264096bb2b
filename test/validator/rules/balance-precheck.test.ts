import { describe, expect, test } from 'vitest';
import type { Currency } from '../../../src/validator/currencies.js';
import { balancePrecheck } from '../../../src/validator/rules/balance-precheck.js';
import { contextOf, paymentOf, type TestContext } from '../../helpers/payments.js';

const HOUR = 3_600_000;
const NOW = paymentOf().timestamp.epochMs;

// ACC-2 holds 100 000 EUR minor units and nothing else.
function check(amount: number, ctx: TestContext = contextOf(), currency: Currency = 'EUR', accountId = 'ACC-2') {
  return balancePrecheck().validate(paymentOf({ accountId, amount, currency }), ctx);
}

describe('balance-precheck rule', () => {
  test('names itself and what it emits', () => {
    const rule = balancePrecheck();
    expect(rule.name).toBe('balance-precheck');
    expect(rule.emits).toEqual(['INSUFFICIENT_FUNDS']);
    expect(rule.describe()).toBe('declines when balance minus holds in the currency does not cover the amount (a hold is released after the hold period)');
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
    ctx.state.placeHold('ACC-2', { epochMs: NOW - HOUR, currency: 'EUR', amount: 20_000 });
    ctx.state.placeHold('ACC-2', { epochMs: NOW - HOUR, currency: 'EUR', amount: 10_000 });
    expect(check(70_000, ctx)).toEqual({ status: 'pass' });
    expect(check(70_001, ctx)).toEqual({ status: 'fail', code: 'INSUFFICIENT_FUNDS', message: 'available 70000 EUR minor units do not cover 70001' });
  });

  test('a hold older than the hold period (72 h) no longer counts', () => {
    const ctx = contextOf();
    ctx.state.placeHold('ACC-2', { epochMs: NOW - 72 * HOUR, currency: 'EUR', amount: 50_000 });
    ctx.state.placeHold('ACC-2', { epochMs: NOW - 72 * HOUR + 1, currency: 'EUR', amount: 30_000 });
    expect(check(70_000, ctx).status).toBe('pass');
    expect(check(70_001, ctx).status).toBe('fail');
  });

  test('ignores holds in another currency or on another account', () => {
    const ctx = contextOf();
    ctx.state.placeHold('ACC-2', { epochMs: NOW - HOUR, currency: 'USD', amount: 50_000 });
    ctx.state.placeHold('ACC-1', { epochMs: NOW - HOUR, currency: 'EUR', amount: 50_000 });
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
