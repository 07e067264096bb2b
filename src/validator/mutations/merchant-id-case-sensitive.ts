import { replaceConventions } from './replace-conventions.js';
import type { Mutation } from './mutation.js';

export const merchantIdCaseSensitive = {
  name: 'merchant-id-case-sensitive',
  description: 'compares merchant ids case-sensitively ("mrc-0007" no longer finds "MRC-0007")',
  apply: (p) => replaceConventions(p, { sameMerchantId: (requested, registered) => requested === registered }),
} satisfies Mutation;
