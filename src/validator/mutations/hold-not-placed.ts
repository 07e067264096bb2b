import { replaceConventions } from './replace-conventions.js';
import type { Mutation } from './mutation.js';

export const holdNotPlaced = {
  name: 'hold-not-placed',
  description: 'an approval does not reserve its amount, so later payments see the full balance',
  apply: (p) => replaceConventions(p, { holdOnApproval: false }),
} satisfies Mutation;
