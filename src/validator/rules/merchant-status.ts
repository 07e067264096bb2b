import { fail, PASS, type Rule } from '../rule.js';
import { findMerchant } from './merchant-lookup.js';

export function merchantStatus(): Rule {
  return {
    name: 'merchant-status',
    emits: ['MERCHANT_UNKNOWN', 'MERCHANT_SUSPENDED'],
    describe: () => 'declines unknown and suspended merchants (merchant ids compare case-insensitively)',
    validate(payment, ctx) {
      const merchant = findMerchant(payment, ctx);
      if (!merchant) return fail('MERCHANT_UNKNOWN', `no merchant ${payment.merchant.id}`);
      return merchant.status === 'suspended' ? fail('MERCHANT_SUSPENDED', `merchant ${merchant.id} is suspended`) : PASS;
    },
  };
}
