import { MUTATIONS, type MutationName } from './mutations/index.js';
import { defaultPipeline, type Pipeline } from './pipeline.js';
import { defaultSeed } from './seed/load-seed.js';
import type { Seed } from './seed/seed.js';
import { PaymentValidator } from './service.js';
import { DEFAULT_SETTINGS, type ValidatorSettings } from './settings.js';

export { listenValidator, type ListeningValidator } from './server.js';
export { loadSeed, defaultSeed } from './seed/load-seed.js';
export { MUTATIONS, isMutationName, type MutationName } from './mutations/index.js';
export { PaymentValidator, type ValidationAnswer, type ServiceReply } from './service.js';
export { VALIDATOR_NOISE } from './noise.js';

export interface ValidatorOptions {
  readonly seed?: Seed;
  readonly settings?: ValidatorSettings;
  /** A mutation name from `MUTATIONS`: the validator then behaves like a buggy rewrite. */
  readonly mutation?: MutationName;
}

/** The reference validator's pipeline, mutated when asked. */
export function buildPipeline(mutation?: MutationName): Pipeline {
  const base = defaultPipeline();
  return mutation ? MUTATIONS[mutation].apply(base) : base;
}

export function createValidator(options: ValidatorOptions = {}): PaymentValidator {
  return new PaymentValidator(buildPipeline(options.mutation), options.settings ?? DEFAULT_SETTINGS, options.seed ?? defaultSeed());
}
