import { fail, PASS, type Rule } from '../rule.js';

/**
 * A retry with the same id and the same payload never reaches the rules (the service answers it
 * from memory); reaching here with a known id means the id was reused for another payment.
 */
export function duplicateTransaction(): Rule {
  return {
    name: 'duplicate-transaction',
    emits: ['DUPLICATE_TRANSACTION_ID'],
    describe: () => 'declines a transaction id already used with a different payload',
    validate(payment, { state, fingerprint }) {
      const seen = state.transaction(payment.transactionId);
      if (!seen || seen.fingerprint === fingerprint) return PASS;
      return fail('DUPLICATE_TRANSACTION_ID', `transaction id ${payment.transactionId} was already used for another payment`);
    },
  };
}
