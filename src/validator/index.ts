import { isMutationName, MUTATIONS } from './mutations/index.js';
import type { ValidatorMutationName } from './mutation-names.js';
import { isPerformanceMutationName, PERFORMANCE_MUTATIONS } from './performance-mutations/index.js';
import { defaultPipeline, type Pipeline } from './pipeline.js';
import { defaultSeed } from './seed/load-seed.js';
import type { Seed } from './seed/seed.js';
import { PaymentValidator } from './service.js';
import { DEFAULT_SETTINGS, type ValidatorSettings } from './settings.js';

export { listenValidator, type ListeningValidator } from './server.js';
export { loadSeed, defaultSeed } from './seed/load-seed.js';
export { MUTATIONS, isMutationName, type MutationName } from './mutations/index.js';
export { PERFORMANCE_MUTATIONS, isPerformanceMutationName, type PerformanceMutationName } from './performance-mutations/index.js';
export { isValidatorMutationName, listMutations, type ValidatorMutationName, type MutationListing } from './mutation-names.js';
export { PaymentValidator, type ValidationAnswer, type ServiceReply } from './service.js';
export { VALIDATOR_NOISE } from './noise.js';

export interface ValidatorOptions {
  readonly seed?: Seed;
  readonly settings?: ValidatorSettings;
  /**
   * A mutation name: from `MUTATIONS` the validator then behaves like a buggy rewrite; from
   * `PERFORMANCE_MUTATIONS` it answers like the reference, only slower or hungrier over HTTP.
   */
  readonly mutation?: ValidatorMutationName;
}

/** The reference validator's pipeline, mutated when asked (a performance mutation leaves it as is). */
export function buildPipeline(mutation?: ValidatorMutationName): Pipeline {
  const base = defaultPipeline();
  return mutation !== undefined && isMutationName(mutation) ? MUTATIONS[mutation].apply(base) : base;
}

export function createValidator(options: ValidatorOptions = {}): PaymentValidator {
  const { mutation } = options;
  const serving = mutation !== undefined && isPerformanceMutationName(mutation) ? PERFORMANCE_MUTATIONS[mutation].serving() : null;
  return new PaymentValidator(buildPipeline(mutation), options.settings ?? DEFAULT_SETTINGS, options.seed ?? defaultSeed(), serving);
}
