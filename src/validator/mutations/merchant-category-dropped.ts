import type { Mutation } from './mutation.js';

export const merchantCategoryDropped = {
  name: 'merchant-category-dropped',
  description: 'the blocked-category rule was not ported: blocked category codes are no longer declined',
  apply: (p) => ({ ...p, rules: p.rules.filter((r) => r.name !== 'merchant-category') }),
} satisfies Mutation;
