import { fraudSignals } from '../rules/fraud-signals.js';
import { replaceRule, type Mutation } from './mutation.js';

export const riskThresholdExclusive = {
  name: 'risk-threshold-exclusive',
  description: 'approves a risk score equal to the review threshold (`>` where legacy has `>=`)',
  apply: (p) => replaceRule(p, fraudSignals({ thresholdInclusive: false })),
} satisfies Mutation;
