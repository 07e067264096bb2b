import { describe, expect, test } from 'vitest';
import { localDay } from '../../../src/util/timestamp.js';
import { DEFAULT_CONVENTIONS } from '../../../src/validator/conventions.js';
import type { Currency } from '../../../src/validator/currencies.js';
import { dailyLimit } from '../../../src/validator/rules/daily-limit.js';
import { at, contextOf, paymentOf, type TestContext } from '../../helpers/payments.js';

// EUR daily limit: 10 000.00 = 1 000 000 minor units. JPY: 1 400 000.
const TODAY = '2026-11-23T10:15:00Z';

function approve(ctx: TestContext, timestamp: string, amount: number, currency: Currency = 'EUR', accountId = 'ACC-1'): void {
  ctx.state.addApproval(accountId, { timestamp: at(timestamp), currency, amount });
}

function check(ctx: TestContext, amount: number, currency: Currency = 'EUR', timestamp = TODAY) {
  return dailyLimit().validate(paymentOf({ amount, currency, timestamp }), ctx);
}

/** A context where ACC-1 already had 600 000 EUR minor units approved today. */
function withTodaysApprovals(): TestContext {
  const ctx = contextOf();
  approve(ctx, '2026-11-23T00:00:00Z', 300_000);
  approve(ctx, '2026-11-23T09:00:00Z', 300_000);
  return ctx;
}

describe('daily-limit rule', () => {
  test('names itself and what it emits', () => {
    const rule = dailyLimit();
    expect(rule.name).toBe('daily-limit');
    expect(rule.emits).toEqual(['LIMIT_DAILY_EXCEEDED']);
    expect(rule.describe()).toBe("declines when the account's approved amounts for the currency and the transaction's UTC day would exceed the daily limit");
  });

  test('passes when the approved total reaches exactly the limit', () => {
    expect(check(withTodaysApprovals(), 400_000)).toEqual({ status: 'pass' });
  });

  test('declines one minor unit over the limit', () => {
    expect(check(withTodaysApprovals(), 400_001)).toEqual({
      status: 'fail',
      code: 'LIMIT_DAILY_EXCEEDED',
      message: 'approved total 1000001 would exceed the daily limit of 1000000 EUR minor units on 2026-11-23',
    });
  });

  test('a single payment over the daily limit is declined without history', () => {
    expect(check(contextOf(), 1_000_001)).toMatchObject({ status: 'fail', code: 'LIMIT_DAILY_EXCEEDED' });
  });

  test('approvals on another UTC day do not count', () => {
    const ctx = contextOf();
    approve(ctx, '2026-11-22T23:59:59.999Z', 900_000);
    approve(ctx, '2026-11-24T00:00:00Z', 900_000);
    // 00:30 at +01:00 is 23:30 on the 22nd in UTC.
    approve(ctx, '2026-11-23T00:30:00+01:00', 900_000);
    expect(check(ctx, 1_000_000)).toEqual({ status: 'pass' });
  });

  test('an approval written with an offset counts towards its UTC day', () => {
    const ctx = contextOf();
    // 23:30 on the 22nd at -01:00 is 00:30 on the 23rd in UTC.
    approve(ctx, '2026-11-22T23:30:00-01:00', 900_000);
    expect(check(ctx, 100_001).status).toBe('fail');
  });

  test('approvals in another currency or for another account do not count', () => {
    const ctx = contextOf();
    approve(ctx, TODAY, 1_000_000, 'JPY');
    approve(ctx, TODAY, 1_000_000, 'EUR', 'ACC-2');
    expect(check(ctx, 1_000_000).status).toBe('pass');
  });

  test('uses the limit of the payment currency in its minor units (JPY, no decimals)', () => {
    const ctx = contextOf();
    approve(ctx, TODAY, 700_000, 'JPY');
    expect(check(ctx, 700_000, 'JPY').status).toBe('pass');
    expect(check(ctx, 700_001, 'JPY')).toMatchObject({ status: 'fail', code: 'LIMIT_DAILY_EXCEEDED' });
  });

  test('skips an invalid amount and an unknown account', () => {
    expect(check(contextOf(), 0)).toEqual({ status: 'skip' });
    expect(dailyLimit().validate(paymentOf({ accountId: 'ACC-404' }), contextOf())).toEqual({ status: 'skip' });
  });

  test('follows the day convention (local day counts an approval the UTC day would not)', () => {
    const ctx = contextOf({ conventions: { ...DEFAULT_CONVENTIONS, dayOf: localDay } });
    approve(ctx, '2026-11-23T00:30:00+01:00', 900_000);
    expect(check(ctx, 100_001, 'EUR', '2026-11-23T10:15:00+01:00').status).toBe('fail');
  });
});
