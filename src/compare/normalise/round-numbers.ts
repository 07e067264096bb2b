import { z } from 'zod';
import { boundedNumber, jsonPathString } from '../../util/schema.js';
import { parseJsonPath } from '../../util/json-path.js';
import { mapAt } from './map-at.js';
import type { Normaliser } from './normaliser.js';

export const roundNumbersSchema = z.object({ type: z.literal('round-numbers'), path: jsonPathString, digits: boundedNumber(0, 15, { integer: true }) }).strict();

/** Rounds numbers at `path` to `digits` decimals: a numeric tolerance for floating-point rewrites. */
export function roundNumbers({ path, digits }: z.infer<typeof roundNumbersSchema>): Normaliser {
  const parsed = parseJsonPath(path);
  const factor = 10 ** digits;
  return {
    type: 'round-numbers',
    describe: () => `${path} rounded to ${digits} decimals`,
    apply: (body) => mapAt(body, parsed, (value) => (typeof value === 'number' ? Math.round(value * factor) / factor : value)),
  };
}
