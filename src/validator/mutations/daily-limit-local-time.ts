import { localDay } from '../../util/timestamp.js';
import { replaceConventions } from './replace-conventions.js';
import type { Mutation } from './mutation.js';

export const dailyLimitLocalTime = {
  name: 'daily-limit-local-time',
  description: "counts daily limits per local day of the timestamp's offset instead of per UTC day",
  apply: (p) => replaceConventions(p, { dayOf: localDay }),
} satisfies Mutation;
