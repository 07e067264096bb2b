import { amountIsValid, fail, PASS, SKIP, type Rule } from '../rule.js';

export function balancePrecheck(): Rule {
  return {
    name: 'balance-precheck',
    emits: ['INSUFFICIENT_FUNDS'],
    describe: () => 'declines when balance minus holds in the currency does not cover the amount (a hold is released after the hold period)',
    validate(payment, { state, settings }) {
      const account = state.account(payment.accountId);
      if (!account || !amountIsValid(payment)) return SKIP;
      const since = payment.timestamp.epochMs - settings.holdHours * 3_600_000;
      const available = (account.balances[payment.currency] ?? 0) - state.held(account.id, payment.currency, since);
      return payment.amount > available
        ? fail('INSUFFICIENT_FUNDS', `available ${available} ${payment.currency} minor units do not cover ${payment.amount}`)
        : PASS;
    },
  };
}
