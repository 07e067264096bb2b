import type { Payment } from '../payment.js';
import type { Risk, Rule, RuleContext } from '../rule.js';
import type { RiskSignal } from '../settings.js';

export interface FraudSignalsOptions {
  /** Review from the threshold itself (`>=`); a rewrite that writes `>` lets the threshold pass. */
  readonly thresholdInclusive: boolean;
}

/** Scores fraud signals into a risk score (0-100); a score at the threshold sends the payment to review. */
export function fraudSignals({ thresholdInclusive }: FraudSignalsOptions = { thresholdInclusive: true }): Rule {
  return {
    name: 'fraud-signals',
    emits: ['RISK_REVIEW'],
    describe: () =>
      `scores country mismatch on ecom, high-risk categories, unusual amounts and cross-border payments; reviews a score ${thresholdInclusive ? 'at or above' : 'above'} the threshold`,
    validate(payment, ctx) {
      const risk = score(payment, ctx);
      const threshold = ctx.settings.risk.reviewThreshold;
      const review = thresholdInclusive ? risk.score >= threshold : risk.score > threshold;
      if (!review) return { status: 'pass', risk };
      return { status: 'fail', code: 'RISK_REVIEW', message: `risk score ${risk.score} (${risk.signals.join(', ')}) reaches the review threshold ${threshold}`, risk };
    },
  };
}

function score(payment: Payment, { state, settings }: RuleContext): Risk {
  const signals: RiskSignal[] = [];
  if (payment.channel === 'ecom' && payment.ipCountry !== undefined && payment.ipCountry !== payment.customerCountry) signals.push('COUNTRY_MISMATCH');
  if (settings.risk.highRiskCategories.includes(payment.merchant.categoryCode)) signals.push('HIGH_RISK_CATEGORY');
  const typical = state.account(payment.accountId)?.typicalAmounts[payment.currency];
  if (typical !== undefined && payment.amount > typical * settings.risk.unusualFactor) signals.push('AMOUNT_UNUSUAL');
  if (payment.customerCountry !== payment.merchant.country) signals.push('CROSS_BORDER');
  const total = signals.reduce((sum, s) => sum + settings.risk.weights[s], 0);
  return { score: Math.min(100, total), signals };
}
