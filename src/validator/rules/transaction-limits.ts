import { toMinorUnits } from '../conventions.js';
import { amountIsValid, fail, PASS, SKIP, type Rule } from '../rule.js';

export interface TransactionLimitsOptions {
  /** The maximum itself is allowed (`>`); a rewrite that writes `>=` declines it. */
  readonly maxInclusive: boolean;
}

export function transactionLimits({ maxInclusive }: TransactionLimitsOptions = { maxInclusive: true }): Rule {
  return {
    name: 'transaction-limits',
    emits: ['AMOUNT_BELOW_MINIMUM', 'LIMIT_PER_TRANSACTION_EXCEEDED'],
    describe: () => `declines amounts below the per-currency minimum or above the maximum (the maximum itself is ${maxInclusive ? 'allowed' : 'declined'})`,
    validate(payment, { settings, conventions }) {
      if (!amountIsValid(payment)) return SKIP;
      const limits = settings.limits[payment.currency];
      const min = toMinorUnits(limits.min, payment.currency, conventions);
      const max = toMinorUnits(limits.max, payment.currency, conventions);
      if (payment.amount < min) return fail('AMOUNT_BELOW_MINIMUM', `amount ${payment.amount} is below the minimum ${min} ${payment.currency} minor units`);
      const over = maxInclusive ? payment.amount > max : payment.amount >= max;
      return over ? fail('LIMIT_PER_TRANSACTION_EXCEEDED', `amount ${payment.amount} exceeds the maximum ${max} ${payment.currency} minor units`) : PASS;
    },
  };
}
