import { describe, expect, test } from 'vitest';
import { accountStatus } from '../../../src/validator/rules/account-status.js';
import { contextOf, paymentOf } from '../../helpers/payments.js';

function check(accountId: string) {
  return accountStatus().validate(paymentOf({ accountId }), contextOf());
}

describe('account-status rule', () => {
  test('names itself and what it emits', () => {
    const rule = accountStatus();
    expect(rule.name).toBe('account-status');
    expect(rule.emits).toEqual(['ACCOUNT_UNKNOWN', 'ACCOUNT_BLOCKED']);
    expect(rule.describe()).toBe('declines unknown and blocked accounts');
  });

  test('passes an active account', () => {
    expect(check('ACC-1')).toEqual({ status: 'pass' });
  });

  test('declines an unknown account', () => {
    expect(check('ACC-404')).toEqual({ status: 'fail', code: 'ACCOUNT_UNKNOWN', message: 'no account ACC-404' });
  });

  test('declines a blocked account', () => {
    expect(check('ACC-BLOCKED')).toEqual({ status: 'fail', code: 'ACCOUNT_BLOCKED', message: 'account ACC-BLOCKED is blocked' });
  });

  test('account ids compare exactly (unlike merchant ids)', () => {
    expect(check('acc-1')).toMatchObject({ status: 'fail', code: 'ACCOUNT_UNKNOWN' });
  });
});
