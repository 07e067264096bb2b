import { cpuHeavy } from './cpu-heavy.js';
import { leaky } from './leaky.js';
import type { PerformanceMutation } from './performance-mutation.js';
import { slowTail } from './slow-tail.js';

export type { PerformanceMutation, ServingCost } from './performance-mutation.js';

/**
 * Every performance-only mutation by name (a test checks each key equals its `name`). Apart
 * from `MUTATIONS` on purpose: those must each be found by a replay, these never can be.
 */
export const PERFORMANCE_MUTATIONS = {
  'slow-tail': slowTail,
  'cpu-heavy': cpuHeavy,
  leaky,
} as const satisfies Record<string, PerformanceMutation>;

export type PerformanceMutationName = keyof typeof PERFORMANCE_MUTATIONS;

export function isPerformanceMutationName(name: string): name is PerformanceMutationName {
  return Object.hasOwn(PERFORMANCE_MUTATIONS, name);
}
