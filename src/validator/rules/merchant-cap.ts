import { toMinorUnits } from '../conventions.js';
import { amountIsValid, fail, PASS, SKIP, type Rule } from '../rule.js';
import { findMerchant } from './merchant-lookup.js';

export function merchantCap(): Rule {
  return {
    name: 'merchant-cap',
    emits: ['MERCHANT_CAP_EXCEEDED'],
    describe: () => "declines amounts above the merchant's per-transaction cap for the currency",
    validate(payment, ctx) {
      const merchant = findMerchant(payment, ctx);
      if (!merchant || !amountIsValid(payment)) return SKIP;
      const capMajor = merchant.caps[payment.currency];
      if (capMajor === undefined) return PASS;
      const cap = toMinorUnits(capMajor, payment.currency, ctx.conventions);
      return payment.amount > cap
        ? fail('MERCHANT_CAP_EXCEEDED', `amount ${payment.amount} exceeds merchant ${merchant.id}'s cap of ${cap} ${payment.currency} minor units`)
        : PASS;
    },
  };
}
