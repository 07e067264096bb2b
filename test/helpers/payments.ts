import { parseTimestamp, type Timestamp } from '../../src/util/timestamp.js';
import type { RememberedAnswer } from '../../src/validator/remembered-answer.js';
import { DEFAULT_CONVENTIONS, type Conventions } from '../../src/validator/conventions.js';
import type { Payment } from '../../src/validator/payment.js';
import type { RuleContext } from '../../src/validator/rule.js';
import type { Seed } from '../../src/validator/seed/seed.js';
import { DEFAULT_SETTINGS, type ValidatorSettings } from '../../src/validator/settings.js';
import { ValidatorState } from '../../src/validator/state.js';

/**
 * A small literal seed. ACC-1 holds 10 000.00 EUR, 1 000 000 JPY and 5 000.000 BHD (minor units
 * below), with a typical EUR payment of 50.00. MRC-0001 caps EUR at 1 000.00 and BHD at 50.000.
 */
export const TEST_SEED: Seed = {
  accounts: [
    { id: 'ACC-1', status: 'active', country: 'DE', balances: { EUR: 1_000_000, JPY: 1_000_000, BHD: 5_000_000 }, typicalAmounts: { EUR: 5_000 } },
    { id: 'ACC-2', status: 'active', country: 'FR', balances: { EUR: 100_000 }, typicalAmounts: {} },
    { id: 'ACC-BLOCKED', status: 'blocked', country: 'DE', balances: { EUR: 100_000 }, typicalAmounts: {} },
  ],
  merchants: [
    { id: 'MRC-0001', name: 'Corner Shop', status: 'active', categoryCode: '5999', country: 'DE', blockedCategories: ['5993'], caps: { EUR: 1_000, BHD: 50 } },
    { id: 'MRC-0002', name: 'Open Market', status: 'active', categoryCode: '5411', country: 'DE', blockedCategories: [], caps: {} },
    { id: 'MRC-SUSP', name: 'Closed Shop', status: 'suspended', categoryCode: '5999', country: 'DE', blockedCategories: [], caps: {} },
  ],
};

/** A timestamp from ISO 8601 text; throws on text the validator would refuse. */
export function at(iso: string): Timestamp {
  const ts = parseTimestamp(iso);
  if (!ts) throw new Error(`bad test timestamp ${iso}`);
  return ts;
}

export type PaymentOverrides = Partial<Omit<Payment, 'card' | 'merchant' | 'timestamp'>> & {
  readonly timestamp?: Timestamp | string;
  readonly card?: Partial<Payment['card']>;
  readonly merchant?: Partial<Payment['merchant']>;
};

/** A parsed payment that every rule passes against `TEST_SEED` with empty history, changed by `overrides`. */
export function paymentOf(overrides: PaymentOverrides = {}): Payment {
  const { timestamp, card, merchant, ...rest } = overrides;
  return {
    transactionId: 'tx-1',
    accountId: 'ACC-1',
    amount: 2_599,
    currency: 'EUR',
    channel: 'ecom',
    customerCountry: 'DE',
    ipCountry: 'DE',
    deviceId: 'dev-1',
    ...rest,
    timestamp: typeof timestamp === 'string' ? at(timestamp) : (timestamp ?? at('2026-11-23T10:15:00Z')),
    card: { number: '4111111111111111', expiryMonth: 12, expiryYear: 2028, cvv: '123', ...card },
    merchant: { id: 'MRC-0001', categoryCode: '5999', country: 'DE', ...merchant },
  };
}

export interface TestContext extends RuleContext {
  readonly state: ValidatorState;
}

export interface ContextOptions {
  readonly seed?: Seed;
  /** An existing state (its seed wins over `seed`). */
  readonly state?: ValidatorState;
  readonly settings?: ValidatorSettings;
  readonly conventions?: Conventions;
  readonly fingerprint?: string;
}

/** A rule context over a real `ValidatorState` (fresh from `TEST_SEED` unless given). */
export function contextOf(options: ContextOptions = {}): TestContext {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  return {
    state: options.state ?? new ValidatorState(options.seed ?? TEST_SEED, settings),
    settings,
    conventions: options.conventions ?? DEFAULT_CONVENTIONS,
    fingerprint: options.fingerprint ?? 'fp-1',
  };
}

/** A remembered answer told apart by `n`, for state tests that do not look inside it. */
export function rememberedAnswer(n: number): RememberedAnswer {
  return { transactionId: `tx-${n}`, verdict: '{}', requestId: `req-${n}`, processedAt: n };
}
