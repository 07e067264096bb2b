import { cardExpiry } from '../rules/card-expiry.js';
import { replaceRule, type Mutation } from './mutation.js';

export const expiryStartOfMonth = {
  name: 'expiry-start-of-month',
  description: 'treats a card as expired from the first day of its expiry month instead of after its last day',
  apply: (p) => replaceRule(p, cardExpiry({ validThroughExpiryMonth: false })),
} satisfies Mutation;
