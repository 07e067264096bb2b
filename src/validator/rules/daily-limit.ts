import { formatDay } from '../../util/timestamp.js';
import { toMinorUnits } from '../conventions.js';
import { amountIsValid, fail, PASS, SKIP, type Rule } from '../rule.js';

export function dailyLimit(): Rule {
  return {
    name: 'daily-limit',
    emits: ['LIMIT_DAILY_EXCEEDED'],
    describe: () => "declines when the account's approved amounts for the currency and the transaction's UTC day would exceed the daily limit",
    validate(payment, { state, settings, conventions }) {
      if (!amountIsValid(payment) || !state.account(payment.accountId)) return SKIP;
      const day = conventions.dayOf(payment.timestamp);
      let total = payment.amount;
      for (const a of state.approvals(payment.accountId)) {
        if (a.currency === payment.currency && conventions.dayOf(a.timestamp) === day) total += a.amount;
      }
      const limit = toMinorUnits(settings.limits[payment.currency].daily, payment.currency, conventions);
      return total > limit
        ? fail('LIMIT_DAILY_EXCEEDED', `approved total ${total} would exceed the daily limit of ${limit} ${payment.currency} minor units on ${formatDay(day)}`)
        : PASS;
    },
  };
}
