import { describe, expect, test } from 'vitest';
import { cardExpiry } from '../../../src/validator/rules/card-expiry.js';
import { contextOf, paymentOf } from '../../helpers/payments.js';

function check(expiryMonth: number, expiryYear: number, timestamp: string, rule = cardExpiry()) {
  return rule.validate(paymentOf({ card: { expiryMonth, expiryYear }, timestamp }), contextOf());
}

describe('card-expiry rule', () => {
  test('names itself and what it emits', () => {
    const rule = cardExpiry();
    expect(rule.name).toBe('card-expiry');
    expect(rule.emits).toEqual(['CARD_EXPIRED']);
    expect(rule.describe()).toBe('declines cards whose expiry month ended before the transaction time (UTC)');
  });

  test('a card is valid through the last moment of its expiry month (leap February)', () => {
    expect(check(2, 2028, '2028-02-29T23:59:59.999Z')).toEqual({ status: 'pass' });
  });

  test('a card is expired from the first moment of the following month', () => {
    expect(check(2, 2028, '2028-03-01T00:00:00Z')).toEqual({ status: 'fail', code: 'CARD_EXPIRED', message: 'card expired 02/2028' });
  });

  test('a December expiry runs into the next year correctly', () => {
    expect(check(12, 2027, '2027-12-31T23:59:59.999Z').status).toBe('pass');
    expect(check(12, 2027, '2028-01-01T00:00:00Z')).toEqual({ status: 'fail', code: 'CARD_EXPIRED', message: 'card expired 12/2027' });
  });

  test('judges the instant in UTC, not on the wall clock of the offset', () => {
    // 00:30 on 1 March at +01:00 is still 29 February in UTC.
    expect(check(2, 2028, '2028-03-01T00:30:00+01:00').status).toBe('pass');
    // 23:30 on 29 February at -01:00 is already 1 March in UTC.
    expect(check(2, 2028, '2028-02-29T23:30:00-01:00').status).toBe('fail');
  });

  test('passes a card expiring in the future and declines one long expired', () => {
    expect(check(12, 2028, '2026-11-23T10:15:00Z').status).toBe('pass');
    expect(check(1, 2020, '2026-11-23T10:15:00Z').status).toBe('fail');
  });

  describe('validThroughExpiryMonth: false (the expiry-start-of-month mutation)', () => {
    const early = cardExpiry({ validThroughExpiryMonth: false });

    test('describes the changed behaviour', () => {
      expect(early.describe()).toBe('declines cards from the first day of their expiry month (UTC)');
    });

    test('declines from the first moment of the expiry month', () => {
      expect(check(2, 2028, '2028-01-31T23:59:59.999Z', early).status).toBe('pass');
      expect(check(2, 2028, '2028-02-01T00:00:00Z', early)).toEqual({ status: 'fail', code: 'CARD_EXPIRED', message: 'card expired 02/2028' });
    });
  });
});
