import { describe, expect, test } from 'vitest';
import { merchantCategory } from '../../../src/validator/rules/merchant-category.js';
import { DEFAULT_SETTINGS } from '../../../src/validator/settings.js';
import { contextOf, paymentOf } from '../../helpers/payments.js';

function check(id: string, categoryCode: string, ctx = contextOf()) {
  return merchantCategory().validate(paymentOf({ merchant: { id, categoryCode } }), ctx);
}

describe('merchant-category rule', () => {
  test('names itself and what it emits', () => {
    const rule = merchantCategory();
    expect(rule.name).toBe('merchant-category');
    expect(rule.emits).toEqual(['MERCHANT_CATEGORY_BLOCKED']);
    expect(rule.describe()).toBe("declines category codes blocked for every merchant or in the merchant's own restrictions");
  });

  test('passes a category blocked nowhere', () => {
    expect(check('MRC-0001', '5999')).toEqual({ status: 'pass' });
  });

  test('declines a globally blocked category for any merchant, even an unknown one', () => {
    const blocked = { status: 'fail', code: 'MERCHANT_CATEGORY_BLOCKED', message: 'category 7995 is blocked' };
    expect(check('MRC-0002', '7995')).toEqual(blocked);
    expect(check('MRC-9999', '7995')).toEqual(blocked);
  });

  test('uses the configured global list', () => {
    const ctx = contextOf({ settings: { ...DEFAULT_SETTINGS, blockedCategories: ['5999'] } });
    expect(check('MRC-0002', '5999', ctx)).toMatchObject({ status: 'fail', code: 'MERCHANT_CATEGORY_BLOCKED' });
    expect(check('MRC-0002', '7995', ctx).status).toBe('pass');
  });

  test("declines a category in the merchant's own restrictions, also when the id is in other case", () => {
    const ownBlock = { status: 'fail', code: 'MERCHANT_CATEGORY_BLOCKED', message: 'category 5993 is blocked for merchant MRC-0001' };
    expect(check('MRC-0001', '5993')).toEqual(ownBlock);
    expect(check('mrc-0001', '5993')).toEqual(ownBlock);
  });

  test("one merchant's restrictions do not apply to another, nor to an unknown merchant", () => {
    expect(check('MRC-0002', '5993').status).toBe('pass');
    expect(check('MRC-9999', '5993').status).toBe('pass');
  });
});
