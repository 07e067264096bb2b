import { amountIsValid, fail, PASS, type Rule } from '../rule.js';

export function amountFormat(): Rule {
  return {
    name: 'amount-format',
    emits: ['AMOUNT_INVALID'],
    describe: () => 'declines amounts that are not a positive whole number of minor units',
    validate: (payment) =>
      amountIsValid(payment) ? PASS : fail('AMOUNT_INVALID', `amount ${payment.amount} is not a positive whole number of minor units`),
  };
}
