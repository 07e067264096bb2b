import { luhnValid } from '../../util/luhn.js';
import { fail, PASS, type Rule } from '../rule.js';

export function cardNumber(): Rule {
  return {
    name: 'card-number',
    emits: ['CARD_NUMBER_INVALID'],
    describe: () => 'declines card numbers that are not 12 to 19 digits or fail the Luhn check',
    validate(payment) {
      const { number } = payment.card;
      if (number.length < 12 || number.length > 19) return fail('CARD_NUMBER_INVALID', `card number has ${number.length} digits; expected 12 to 19`);
      return luhnValid(number) ? PASS : fail('CARD_NUMBER_INVALID', 'card number fails the Luhn check');
    },
  };
}
