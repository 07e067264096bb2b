import { z } from 'zod';
import { jsonPathString } from '../../util/schema.js';
import { parseJsonPath } from '../../util/json-path.js';
import { sortCanonically } from '../canonical-json.js';
import { mapAt } from './map-at.js';
import type { Normaliser } from './normaliser.js';

export const unorderedSchema = z.object({ type: z.literal('unordered'), path: jsonPathString }).strict();

/** Compares the array at `path` as a multiset: order carries no meaning there. */
export function unordered({ path }: z.infer<typeof unorderedSchema>): Normaliser {
  const parsed = parseJsonPath(path);
  return {
    type: 'unordered',
    describe: () => `${path} compared in any order`,
    apply: (body) =>
      mapAt(body, parsed, (value) => (Array.isArray(value) ? sortCanonically(value) : value)),
  };
}
