import { ignorePath } from './ignore-path.js';
import type { Normaliser } from './normaliser.js';
import { roundNumbers } from './round-numbers.js';
import { unordered } from './unordered.js';

/** Config `type` → factory: adding a normaliser is a file plus a line here. */
export const NORMALISERS = {
  ignore: ignorePath,
  unordered,
  'round-numbers': roundNumbers,
} as const;

export type NormaliserType = keyof typeof NORMALISERS;

/** A normaliser as the config file writes it. */
export type NormaliserSpec = { readonly [K in NormaliserType]: { readonly type: K } & Parameters<(typeof NORMALISERS)[K]>[0] }[NormaliserType];

export function buildNormaliser(spec: NormaliserSpec): Normaliser {
  // The mapped union pairs each type with its own options; TypeScript cannot narrow the call itself.
  const factory = NORMALISERS[spec.type] as (options: NormaliserSpec) => Normaliser;
  return factory(spec);
}
