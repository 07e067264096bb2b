import { codePrecedenceSwapped } from './code-precedence-swapped.js';
import { dailyLimitLocalTime } from './daily-limit-local-time.js';
import { expiryStartOfMonth } from './expiry-start-of-month.js';
import { holdNotPlaced } from './hold-not-placed.js';
import { limitBoundaryExclusive } from './limit-boundary-exclusive.js';
import { merchantCategoryDropped } from './merchant-category-dropped.js';
import { merchantIdCaseSensitive } from './merchant-id-case-sensitive.js';
import { minorUnitsTwoDecimals } from './minor-units-two-decimals.js';
import type { Mutation } from './mutation.js';
import { riskThresholdExclusive } from './risk-threshold-exclusive.js';
import { velocityWindowOffByOne } from './velocity-window-off-by-one.js';

/** Every mutation by name (a test checks each key equals its `name`): adding one is a file plus a line here. */
export const MUTATIONS = {
  'limit-boundary-exclusive': limitBoundaryExclusive,
  'minor-units-two-decimals': minorUnitsTwoDecimals,
  'code-precedence-swapped': codePrecedenceSwapped,
  'merchant-category-dropped': merchantCategoryDropped,
  'daily-limit-local-time': dailyLimitLocalTime,
  'merchant-id-case-sensitive': merchantIdCaseSensitive,
  'velocity-window-off-by-one': velocityWindowOffByOne,
  'hold-not-placed': holdNotPlaced,
  'expiry-start-of-month': expiryStartOfMonth,
  'risk-threshold-exclusive': riskThresholdExclusive,
} as const satisfies Record<string, Mutation>;

export type MutationName = keyof typeof MUTATIONS;

export function isMutationName(name: string): name is MutationName {
  return Object.hasOwn(MUTATIONS, name);
}
