import { fail, PASS, type Rule } from '../rule.js';

export function accountStatus(): Rule {
  return {
    name: 'account-status',
    emits: ['ACCOUNT_UNKNOWN', 'ACCOUNT_BLOCKED'],
    describe: () => 'declines unknown and blocked accounts',
    validate(payment, { state }) {
      const account = state.account(payment.accountId);
      if (!account) return fail('ACCOUNT_UNKNOWN', `no account ${payment.accountId}`);
      return account.status === 'blocked' ? fail('ACCOUNT_BLOCKED', `account ${payment.accountId} is blocked`) : PASS;
    },
  };
}
