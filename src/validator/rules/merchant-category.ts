import { fail, PASS, type Rule } from '../rule.js';
import { findMerchant } from './merchant-lookup.js';

export function merchantCategory(): Rule {
  return {
    name: 'merchant-category',
    emits: ['MERCHANT_CATEGORY_BLOCKED'],
    describe: () => "declines category codes blocked for every merchant or in the merchant's own restrictions",
    validate(payment, ctx) {
      const code = payment.merchant.categoryCode;
      if (ctx.settings.blockedCategories.includes(code)) return fail('MERCHANT_CATEGORY_BLOCKED', `category ${code} is blocked`);
      const merchant = findMerchant(payment, ctx);
      if (merchant?.blockedCategories.includes(code)) return fail('MERCHANT_CATEGORY_BLOCKED', `category ${code} is blocked for merchant ${merchant.id}`);
      return PASS;
    },
  };
}
