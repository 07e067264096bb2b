import { DEFAULT_CONVENTIONS, type Conventions } from './conventions.js';
import { BUSINESS_CODES, type BusinessCode } from './error-codes.js';
import type { Payment } from './payment.js';
import type { Rule, RuleContext } from './rule.js';
import { accountStatus } from './rules/account-status.js';
import { amountFormat } from './rules/amount-format.js';
import { balancePrecheck } from './rules/balance-precheck.js';
import { cardExpiry } from './rules/card-expiry.js';
import { cardNumber } from './rules/card-number.js';
import { cardVelocity } from './rules/card-velocity.js';
import { dailyLimit } from './rules/daily-limit.js';
import { duplicateTransaction } from './rules/duplicate-transaction.js';
import { fraudSignals } from './rules/fraud-signals.js';
import { merchantCap } from './rules/merchant-cap.js';
import { merchantCategory } from './rules/merchant-category.js';
import { merchantStatus } from './rules/merchant-status.js';
import { transactionLimits } from './rules/transaction-limits.js';
import type { RiskSignal } from './settings.js';

export type Decision = 'approve' | 'decline' | 'review';
export type CheckStatus = 'pass' | 'fail' | 'skip';

/** The validator's behaviour as a value: mutations are pure transforms of it. */
export interface Pipeline {
  readonly rules: readonly Rule[];
  /** When several rules fail, the first code in this list is the `reason_code`. */
  readonly precedence: readonly BusinessCode[];
  readonly conventions: Conventions;
}

export interface RuleFailure {
  readonly code: BusinessCode;
  readonly rule: string;
  readonly message: string;
}

export interface Evaluation {
  readonly decision: Decision;
  readonly reasonCode: BusinessCode | null;
  /** In rule order. */
  readonly errors: readonly RuleFailure[];
  readonly riskScore: number;
  readonly riskSignals: readonly RiskSignal[];
  readonly checks: Readonly<Record<string, CheckStatus>>;
}

export const CODE_PRECEDENCE: readonly BusinessCode[] = [
  'DUPLICATE_TRANSACTION_ID',
  'CARD_NUMBER_INVALID',
  'CARD_EXPIRED',
  'AMOUNT_INVALID',
  'ACCOUNT_UNKNOWN',
  'ACCOUNT_BLOCKED',
  'MERCHANT_UNKNOWN',
  'MERCHANT_SUSPENDED',
  'MERCHANT_CATEGORY_BLOCKED',
  'VELOCITY_CARD_EXCEEDED',
  'LIMIT_PER_TRANSACTION_EXCEEDED',
  'AMOUNT_BELOW_MINIMUM',
  'MERCHANT_CAP_EXCEEDED',
  'LIMIT_DAILY_EXCEEDED',
  'INSUFFICIENT_FUNDS',
  'RISK_REVIEW',
];

/** The reference validator's rules, in the order they run and report. */
export function defaultPipeline(): Pipeline {
  return {
    rules: [
      cardNumber(),
      cardExpiry(),
      amountFormat(),
      duplicateTransaction(),
      accountStatus(),
      merchantStatus(),
      merchantCategory(),
      transactionLimits(),
      merchantCap(),
      cardVelocity(),
      dailyLimit(),
      balancePrecheck(),
      fraudSignals(),
    ],
    precedence: CODE_PRECEDENCE,
    conventions: DEFAULT_CONVENTIONS,
  };
}

/** Runs every rule (a decline does not stop the others, so all reasons are reported) and decides. */
export function runPipeline(pipeline: Pipeline, payment: Payment, ctx: RuleContext): Evaluation {
  const errors: RuleFailure[] = [];
  const checks: Record<string, CheckStatus> = {};
  let riskScore = 0;
  let riskSignals: readonly RiskSignal[] = [];
  for (const rule of pipeline.rules) {
    const result = rule.validate(payment, ctx);
    checks[rule.name] = result.status;
    if (result.status === 'skip') continue;
    if (result.risk) {
      riskScore = Math.min(100, riskScore + result.risk.score);
      riskSignals = [...riskSignals, ...result.risk.signals];
    }
    if (result.status === 'fail') errors.push({ code: result.code, rule: rule.name, message: result.message });
  }
  const outcomes = new Set(errors.map((e) => BUSINESS_CODES[e.code].outcome));
  const decision: Decision = outcomes.has('decline') ? 'decline' : outcomes.has('review') ? 'review' : 'approve';
  return { decision, reasonCode: primaryCode(pipeline.precedence, errors), errors, riskScore, riskSignals, checks };
}

function primaryCode(precedence: readonly BusinessCode[], errors: readonly RuleFailure[]): BusinessCode | null {
  if (errors.length === 0) return null;
  const rank = (code: BusinessCode) => {
    const i = precedence.indexOf(code);
    return i === -1 ? precedence.length : i;
  };
  return errors.reduce((best, e) => (rank(e.code) < rank(best.code) ? e : best)).code;
}
