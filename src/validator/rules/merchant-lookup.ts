import type { Payment } from '../payment.js';
import type { RuleContext } from '../rule.js';
import type { SeedMerchant } from '../seed/seed.js';

/** The registered merchant a payment names, under the id convention in force. */
export function findMerchant(payment: Payment, { state, conventions }: RuleContext): SeedMerchant | undefined {
  const requested = payment.merchant.id;
  return state.merchantsNamed(requested).find((m) => conventions.sameMerchantId(requested, m.id));
}
