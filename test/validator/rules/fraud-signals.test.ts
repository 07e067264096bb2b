import { describe, expect, test } from 'vitest';
import { fraudSignals } from '../../../src/validator/rules/fraud-signals.js';
import { DEFAULT_SETTINGS } from '../../../src/validator/settings.js';
import { contextOf, paymentOf, type PaymentOverrides } from '../../helpers/payments.js';

// Weights: COUNTRY_MISMATCH 40, HIGH_RISK_CATEGORY 30, AMOUNT_UNUSUAL 35, CROSS_BORDER 10; review at 70.
// ACC-1's typical EUR amount is 5 000, so more than 40 000 is unusual (factor 8).
function check(overrides: PaymentOverrides, rule = fraudSignals(), ctx = contextOf()) {
  return rule.validate(paymentOf(overrides), ctx);
}

const MISMATCH: PaymentOverrides = { channel: 'ecom', customerCountry: 'DE', ipCountry: 'RU', merchant: { country: 'DE' } };
const HIGH_RISK: PaymentOverrides = { merchant: { categoryCode: '6051' } };

describe('fraud-signals rule', () => {
  test('names itself and what it emits', () => {
    const rule = fraudSignals();
    expect(rule.name).toBe('fraud-signals');
    expect(rule.emits).toEqual(['RISK_REVIEW']);
    expect(rule.describe()).toBe(
      'scores country mismatch on ecom, high-risk categories, unusual amounts and cross-border payments; reviews a score at or above the threshold',
    );
  });

  test('passes with a zero score when no signal fires', () => {
    expect(check({})).toEqual({ status: 'pass', risk: { score: 0, signals: [] } });
  });

  test.each([
    ['COUNTRY_MISMATCH', MISMATCH, 40],
    ['HIGH_RISK_CATEGORY', HIGH_RISK, 30],
    ['AMOUNT_UNUSUAL', { amount: 40_001 }, 35],
    ['CROSS_BORDER', { customerCountry: 'FR', ipCountry: 'FR' }, 10],
  ] as const)('%s alone scores its weight and passes', (signal, overrides, score) => {
    expect(check(overrides)).toEqual({ status: 'pass', risk: { score, signals: [signal] } });
  });

  test('country mismatch counts only on ecom and only with an ip country', () => {
    expect(check({ ...MISMATCH, channel: 'pos' })).toMatchObject({ risk: { signals: [] } });
    expect(check({ ...MISMATCH, channel: 'moto' })).toMatchObject({ risk: { signals: [] } });
    expect(check({ ...MISMATCH, ipCountry: undefined })).toMatchObject({ risk: { signals: [] } });
  });

  test('an amount of exactly factor × typical is not unusual; no typical amount means no signal', () => {
    expect(check({ amount: 40_000 })).toMatchObject({ risk: { signals: [] } });
    expect(check({ amount: 900_000, currency: 'JPY' })).toMatchObject({ risk: { signals: [] } });
    expect(check({ amount: 900_000, accountId: 'ACC-404' })).toMatchObject({ risk: { signals: [] } });
  });

  test('cross border compares the customer country with the merchant country', () => {
    expect(check({ merchant: { country: 'US' } })).toMatchObject({ risk: { signals: ['CROSS_BORDER'] } });
  });

  test('a score of exactly the threshold (40 + 30 = 70) goes to review', () => {
    expect(check({ ...MISMATCH, ...HIGH_RISK })).toEqual({
      status: 'fail',
      code: 'RISK_REVIEW',
      message: 'risk score 70 (COUNTRY_MISMATCH, HIGH_RISK_CATEGORY) reaches the review threshold 70',
      risk: { score: 70, signals: ['COUNTRY_MISMATCH', 'HIGH_RISK_CATEGORY'] },
    });
  });

  test('a score below the threshold passes (30 + 35 = 65)', () => {
    expect(check({ ...HIGH_RISK, amount: 40_001 })).toMatchObject({ status: 'pass', risk: { score: 65 } });
  });

  test('the score is capped at 100 with every signal listed', () => {
    const all = { ...MISMATCH, ...HIGH_RISK, amount: 40_001, merchant: { categoryCode: '6051', country: 'US' } };
    expect(check(all)).toMatchObject({
      status: 'fail',
      code: 'RISK_REVIEW',
      risk: { score: 100, signals: ['COUNTRY_MISMATCH', 'HIGH_RISK_CATEGORY', 'AMOUNT_UNUSUAL', 'CROSS_BORDER'] },
    });
  });

  test('reads the threshold, weights and categories from the settings', () => {
    const settings = { ...DEFAULT_SETTINGS, risk: { ...DEFAULT_SETTINGS.risk, reviewThreshold: 10, highRiskCategories: ['5999'] } };
    expect(check({}, fraudSignals(), contextOf({ settings }))).toMatchObject({ status: 'fail', risk: { score: 30, signals: ['HIGH_RISK_CATEGORY'] } });
  });

  describe('thresholdInclusive: false (the risk-threshold-exclusive mutation)', () => {
    const exclusive = fraudSignals({ thresholdInclusive: false });

    test('describes the changed behaviour', () => {
      expect(exclusive.describe()).toBe(
        'scores country mismatch on ecom, high-risk categories, unusual amounts and cross-border payments; reviews a score above the threshold',
      );
    });

    test('passes a score of exactly the threshold and reviews above it', () => {
      expect(check({ ...MISMATCH, ...HIGH_RISK }, exclusive)).toMatchObject({ status: 'pass', risk: { score: 70 } });
      expect(check({ ...MISMATCH, ...HIGH_RISK, merchant: { categoryCode: '6051', country: 'US' } }, exclusive)).toMatchObject({
        status: 'fail',
        code: 'RISK_REVIEW',
        risk: { score: 80 },
      });
    });
  });
});
