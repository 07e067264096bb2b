import { z } from 'zod';
import { describeInput } from '../../util/schema.js';
import { caseInsensitive, caseInsensitiveSchema } from './case-insensitive.js';
import { ignorePath, ignoreSchema } from './ignore-path.js';
import type { Normaliser } from './normaliser.js';
import { roundNumbers, roundNumbersSchema } from './round-numbers.js';
import { unordered, unorderedSchema } from './unordered.js';

/**
 * Config `type` → the normaliser's option schema and factory: adding a normaliser is a file
 * (its schema and factory) plus a line here; the config schema, its JSON Schema and the README
 * table follow from this registry.
 */
export const NORMALISERS = {
  ignore: { schema: ignoreSchema, build: ignorePath, summary: 'drops the field at `path` from both sides', example: { type: 'ignore', path: '$.id' } },
  unordered: { schema: unorderedSchema, build: unordered, summary: 'compares the array at `path` in any order', example: { type: 'unordered', path: '$.list' } },
  'round-numbers': { schema: roundNumbersSchema, build: roundNumbers, summary: 'rounds numbers at `path` to `digits` decimals', example: { type: 'round-numbers', path: '$.fee', digits: 1 } },
  'case-insensitive': { schema: caseInsensitiveSchema, build: caseInsensitive, summary: 'compares the strings at `path` without regard to case', example: { type: 'case-insensitive', path: '$.name' } },
} as const;

export type NormaliserType = keyof typeof NORMALISERS;

/** A normaliser as the config file writes it. */
export type NormaliserSpec = { [K in NormaliserType]: z.infer<(typeof NORMALISERS)[K]['schema']> }[NormaliserType];

const TYPES = Object.keys(NORMALISERS);
const schemas = Object.values(NORMALISERS).map((n) => n.schema) as unknown as [typeof ignoreSchema, ...(typeof ignoreSchema)[]];

/** One entry of `compare.normalise`: the registry's schemas, told apart by `type`. */
export const NORMALISER_SCHEMA = z.discriminatedUnion('type', schemas, {
  error: (issue) => `expected one of ${TYPES.join(', ')}, got ${describeInput((issue.input as { type?: unknown } | undefined)?.type)}`,
}) as unknown as z.ZodType<NormaliserSpec>;

export function buildNormaliser(spec: NormaliserSpec): Normaliser {
  // The mapped union pairs each type with its own options; TypeScript cannot narrow the call itself.
  const factory = NORMALISERS[spec.type].build as (options: NormaliserSpec) => Normaliser;
  return factory(spec);
}
