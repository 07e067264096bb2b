import { transactionLimits } from '../rules/transaction-limits.js';
import { replaceRule, type Mutation } from './mutation.js';

export const limitBoundaryExclusive = {
  name: 'limit-boundary-exclusive',
  description: 'declines an amount equal to the per-transaction maximum (`>=` where legacy has `>`)',
  apply: (p) => replaceRule(p, transactionLimits({ maxInclusive: false })),
} satisfies Mutation;
