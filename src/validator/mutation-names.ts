import { isMutationName, MUTATIONS, type MutationName } from './mutations/index.js';
import { isPerformanceMutationName, PERFORMANCE_MUTATIONS, type PerformanceMutationName } from './performance-mutations/index.js';

/** What `--mutate` accepts: a behaviour bug, or a cost that changes only performance. */
export type ValidatorMutationName = MutationName | PerformanceMutationName;

export function isValidatorMutationName(name: string): name is ValidatorMutationName {
  return isMutationName(name) || isPerformanceMutationName(name);
}

export interface MutationListing {
  readonly name: ValidatorMutationName;
  readonly description: string;
  /** True when the answers are unchanged: only `parity bench` can tell it from the reference. */
  readonly performanceOnly: boolean;
}

/** Every mutation, the behaviour ones first: what `--list-mutations` prints. */
export function listMutations(): MutationListing[] {
  // Listed by key: the registries' tests check each key equals its mutation's name.
  return [
    ...(Object.keys(MUTATIONS) as MutationName[]).map((name) => ({ name, description: MUTATIONS[name].description, performanceOnly: false })),
    ...(Object.keys(PERFORMANCE_MUTATIONS) as PerformanceMutationName[]).map((name) => ({ name, description: PERFORMANCE_MUTATIONS[name].description, performanceOnly: true })),
  ];
}
