import { replaceConventions } from './replace-conventions.js';
import type { Mutation } from './mutation.js';

export const minorUnitsTwoDecimals = {
  name: 'minor-units-two-decimals',
  description: 'assumes two decimals for every currency when applying limits (JPY, BHD and KWD limits off by 100x or 10x)',
  apply: (p) => replaceConventions(p, { exponentOf: () => 2 }),
} satisfies Mutation;
