import { describe, expect, test } from 'vitest';
import { luhnCheckDigit } from '../../../src/util/luhn.js';
import { cardNumber } from '../../../src/validator/rules/card-number.js';
import { contextOf, paymentOf } from '../../helpers/payments.js';

/** A Luhn-valid card number of `length` digits. */
function validNumber(length: number): string {
  const payload = '4' + '0'.repeat(length - 2);
  return payload + luhnCheckDigit(payload);
}

function check(number: string) {
  return cardNumber().validate(paymentOf({ card: { number } }), contextOf());
}

describe('card-number rule', () => {
  test('names itself and what it emits', () => {
    const rule = cardNumber();
    expect(rule.name).toBe('card-number');
    expect(rule.emits).toEqual(['CARD_NUMBER_INVALID']);
    expect(rule.describe()).toBe('declines card numbers that are not 12 to 19 digits or fail the Luhn check');
  });

  test('passes a Luhn-valid 16-digit number', () => {
    expect(check('4111111111111111')).toEqual({ status: 'pass' });
  });

  test.each([12, 19])('passes a Luhn-valid number of %i digits (the length bounds)', (length) => {
    expect(check(validNumber(length))).toEqual({ status: 'pass' });
  });

  test.each([11, 20])('declines a Luhn-valid number of %i digits for its length', (length) => {
    expect(check(validNumber(length))).toEqual({
      status: 'fail',
      code: 'CARD_NUMBER_INVALID',
      message: `card number has ${length} digits; expected 12 to 19`,
    });
  });

  test('declines a number that fails the Luhn check', () => {
    expect(check('4111111111111112')).toEqual({ status: 'fail', code: 'CARD_NUMBER_INVALID', message: 'card number fails the Luhn check' });
  });
});
