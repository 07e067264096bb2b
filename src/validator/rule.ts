import type { Conventions } from './conventions.js';
import type { BusinessCode } from './error-codes.js';
import type { Payment } from './payment.js';
import type { RiskSignal, ValidatorSettings } from './settings.js';
import type { ReadonlyState } from './state.js';

export interface RuleContext {
  readonly state: ReadonlyState;
  readonly settings: ValidatorSettings;
  readonly conventions: Conventions;
  /** A digest of the payment's content, so a retried transaction id can be told from a reused one. */
  readonly fingerprint: string;
}

export interface Risk {
  readonly score: number;
  readonly signals: readonly RiskSignal[];
}

export type RuleResult =
  | { readonly status: 'pass'; readonly risk?: Risk }
  /** The rule could not judge: something it needs is invalid or unknown (another rule reports that). */
  | { readonly status: 'skip' }
  | { readonly status: 'fail'; readonly code: BusinessCode; readonly message: string; readonly risk?: Risk };

/**
 * One business check. Rules are pure: they read the payment and the state and return a result.
 * A rule's `name` is its file name; mutations find rules by it.
 */
export interface Rule {
  readonly name: string;
  readonly emits: readonly BusinessCode[];
  describe(): string;
  validate(payment: Payment, ctx: RuleContext): RuleResult;
}

export const PASS: RuleResult = { status: 'pass' };
export const SKIP: RuleResult = { status: 'skip' };

export function fail(code: BusinessCode, message: string): RuleResult {
  return { status: 'fail', code, message };
}

/** True when the amount can be compared with limits: other rules skip an invalid amount. */
export function amountIsValid(payment: Payment): boolean {
  return Number.isSafeInteger(payment.amount) && payment.amount > 0;
}
