import { describe, expect, test } from 'vitest';
import { DEFAULT_CONVENTIONS } from '../../../src/validator/conventions.js';
import { merchantStatus } from '../../../src/validator/rules/merchant-status.js';
import { contextOf, paymentOf } from '../../helpers/payments.js';

function check(id: string, ctx = contextOf()) {
  return merchantStatus().validate(paymentOf({ merchant: { id } }), ctx);
}

describe('merchant-status rule', () => {
  test('names itself and what it emits', () => {
    const rule = merchantStatus();
    expect(rule.name).toBe('merchant-status');
    expect(rule.emits).toEqual(['MERCHANT_UNKNOWN', 'MERCHANT_SUSPENDED']);
    expect(rule.describe()).toBe('declines unknown and suspended merchants (merchant ids compare case-insensitively)');
  });

  test('passes an active merchant', () => {
    expect(check('MRC-0001')).toEqual({ status: 'pass' });
  });

  test('declines an unknown merchant', () => {
    expect(check('MRC-9999')).toEqual({ status: 'fail', code: 'MERCHANT_UNKNOWN', message: 'no merchant MRC-9999' });
  });

  test('declines a suspended merchant, naming its registered id', () => {
    expect(check('mrc-susp')).toEqual({ status: 'fail', code: 'MERCHANT_SUSPENDED', message: 'merchant MRC-SUSP is suspended' });
  });

  test.each(['mrc-0001', 'Mrc-0001'])('finds %s registered as MRC-0001', (id) => {
    expect(check(id)).toEqual({ status: 'pass' });
  });

  test('follows the merchant id convention (case-sensitive ids make other case unknown)', () => {
    const ctx = contextOf({ conventions: { ...DEFAULT_CONVENTIONS, sameMerchantId: (a, b) => a === b } });
    expect(check('mrc-0001', ctx)).toMatchObject({ status: 'fail', code: 'MERCHANT_UNKNOWN' });
    expect(check('MRC-0001', ctx).status).toBe('pass');
  });
});
