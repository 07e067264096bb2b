import { describe, expect, test } from 'vitest';
import { BUSINESS_CODES, type BusinessCode } from '../../src/validator/error-codes.js';
import { CODE_PRECEDENCE, defaultPipeline, runPipeline, type Pipeline } from '../../src/validator/pipeline.js';
import { fraudSignals } from '../../src/validator/rules/fraud-signals.js';
import { contextOf, paymentOf, rememberedAnswer, type PaymentOverrides, type TestContext } from '../helpers/payments.js';

const RULE_NAMES = [
  'card-number',
  'card-expiry',
  'amount-format',
  'duplicate-transaction',
  'account-status',
  'merchant-status',
  'merchant-category',
  'transaction-limits',
  'merchant-cap',
  'card-velocity',
  'daily-limit',
  'balance-precheck',
  'fraud-signals',
];

/** Country mismatch (40) + high-risk category (30): exactly the review threshold, nothing else wrong. */
const RISKY: PaymentOverrides = { ipCountry: 'RU', merchant: { categoryCode: '6051' } };

function evaluate(overrides: PaymentOverrides = {}, ctx: TestContext = contextOf(), pipeline: Pipeline = defaultPipeline()) {
  return runPipeline(pipeline, paymentOf(overrides), ctx);
}

/** ACC-2 (100 000 EUR) with 950 000 EUR already approved today: 60 000 more breaks both the daily limit and the balance. */
function dailyAndFunds(): { ctx: TestContext; overrides: PaymentOverrides } {
  const ctx = contextOf();
  ctx.state.addApproval('ACC-2', { timestamp: paymentOf().timestamp, currency: 'EUR', amount: 950_000 });
  return { ctx, overrides: { accountId: 'ACC-2', merchant: { id: 'MRC-0002' }, amount: 100_001 } };
}

describe('defaultPipeline', () => {
  test('runs the 13 rules in this order', () => {
    expect(defaultPipeline().rules.map((r) => r.name)).toEqual(RULE_NAMES);
  });

  test('ranks every business code exactly once, and every code a rule emits', () => {
    expect([...CODE_PRECEDENCE].sort()).toEqual(Object.keys(BUSINESS_CODES).sort());
    const emitted = defaultPipeline().rules.flatMap((r) => r.emits);
    expect([...new Set(emitted)].sort()).toEqual(Object.keys(BUSINESS_CODES).sort());
  });
});

describe('runPipeline', () => {
  test('approves when every rule passes, with every check reported', () => {
    const evaluation = evaluate();
    expect(evaluation).toEqual({
      decision: 'approve',
      reasonCode: null,
      errors: [],
      riskScore: 0,
      riskSignals: [],
      checks: Object.fromEntries(RULE_NAMES.map((n) => [n, 'pass'])),
    });
  });

  test('approves with the risk score of signals below the threshold', () => {
    expect(evaluate({ merchant: { categoryCode: '6051' } })).toMatchObject({ decision: 'approve', riskScore: 30, riskSignals: ['HIGH_RISK_CATEGORY'] });
  });

  test('sends to review when the only failure is RISK_REVIEW', () => {
    expect(evaluate(RISKY)).toMatchObject({
      decision: 'review',
      reasonCode: 'RISK_REVIEW',
      errors: [{ code: 'RISK_REVIEW', rule: 'fraud-signals' }],
      riskScore: 70,
      riskSignals: ['COUNTRY_MISMATCH', 'HIGH_RISK_CATEGORY'],
    });
  });

  test('any decline wins over review', () => {
    const evaluation = evaluate({ ...RISKY, accountId: 'ACC-BLOCKED' });
    expect(evaluation.decision).toBe('decline');
    expect(evaluation.reasonCode).toBe('ACCOUNT_BLOCKED');
    expect(evaluation.errors.map((e) => e.code)).toEqual(['ACCOUNT_BLOCKED', 'RISK_REVIEW']);
  });

  test('reports every failure in rule order, with its rule and message', () => {
    const evaluation = evaluate({ card: { number: '4111111111111112' }, accountId: 'ACC-2', merchant: { id: 'MRC-0002' }, amount: 600_000 });
    expect(evaluation.errors).toEqual([
      { code: 'CARD_NUMBER_INVALID', rule: 'card-number', message: 'card number fails the Luhn check' },
      { code: 'LIMIT_PER_TRANSACTION_EXCEEDED', rule: 'transaction-limits', message: 'amount 600000 exceeds the maximum 500000 EUR minor units' },
      { code: 'INSUFFICIENT_FUNDS', rule: 'balance-precheck', message: 'available 100000 EUR minor units do not cover 600000' },
    ]);
    expect(evaluation.reasonCode).toBe('CARD_NUMBER_INVALID');
  });

  test('the reason code follows precedence, not rule order', () => {
    const ctx = contextOf({ fingerprint: 'fp-new' });
    ctx.state.rememberTransaction('tx-1', { fingerprint: 'fp-old', answer: rememberedAnswer(0) });
    const evaluation = evaluate({ card: { number: '4111111111111112' } }, ctx);
    expect(evaluation.errors.map((e) => e.rule)).toEqual(['card-number', 'duplicate-transaction']);
    expect(evaluation.reasonCode).toBe('DUPLICATE_TRANSACTION_ID');
  });

  test('LIMIT_DAILY_EXCEEDED outranks INSUFFICIENT_FUNDS when both fail', () => {
    const { ctx, overrides } = dailyAndFunds();
    const evaluation = evaluate(overrides, ctx);
    expect(evaluation.errors.map((e) => e.code)).toEqual(['LIMIT_DAILY_EXCEEDED', 'INSUFFICIENT_FUNDS']);
    expect(evaluation.reasonCode).toBe('LIMIT_DAILY_EXCEEDED');
  });

  test("uses the pipeline's own precedence; codes it does not list rank last", () => {
    const { ctx, overrides } = dailyAndFunds();
    const swapped: Pipeline = { ...defaultPipeline(), precedence: ['INSUFFICIENT_FUNDS'] satisfies BusinessCode[] };
    expect(evaluate(overrides, ctx, swapped).reasonCode).toBe('INSUFFICIENT_FUNDS');
    const none: Pipeline = { ...defaultPipeline(), precedence: [] };
    expect(evaluate(overrides, ctx, none).reasonCode).toBe('LIMIT_DAILY_EXCEEDED');
  });

  test('checks name every rule with pass, fail or skip', () => {
    const evaluation = evaluate({ amount: 0, merchant: { id: 'MRC-9999' } });
    expect(evaluation.checks).toEqual({
      'card-number': 'pass',
      'card-expiry': 'pass',
      'amount-format': 'fail',
      'duplicate-transaction': 'pass',
      'account-status': 'pass',
      'merchant-status': 'fail',
      'merchant-category': 'pass',
      'transaction-limits': 'skip',
      'merchant-cap': 'skip',
      'card-velocity': 'pass',
      'daily-limit': 'skip',
      'balance-precheck': 'skip',
      'fraud-signals': 'pass',
    });
    expect(evaluation.reasonCode).toBe('AMOUNT_INVALID');
  });

  test('adds the risk of several scoring rules, capped at 100', () => {
    const twice: Pipeline = { ...defaultPipeline(), rules: [fraudSignals(), fraudSignals()] };
    expect(evaluate(RISKY, contextOf(), twice)).toMatchObject({
      decision: 'review',
      riskScore: 100,
      riskSignals: ['COUNTRY_MISMATCH', 'HIGH_RISK_CATEGORY', 'COUNTRY_MISMATCH', 'HIGH_RISK_CATEGORY'],
    });
  });
});
