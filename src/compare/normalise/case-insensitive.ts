import { z } from 'zod';
import { jsonPathString } from '../../util/schema.js';
import { parseJsonPath } from '../../util/json-path.js';
import { mapAt } from './map-at.js';
import type { Normaliser } from './normaliser.js';

export const caseInsensitiveSchema = z.object({ type: z.literal('case-insensitive'), path: jsonPathString }).strict();

/** Compares the strings at `path` without regard to case: a rewrite that upper-cases ids or codes on purpose. */
export function caseInsensitive({ path }: z.infer<typeof caseInsensitiveSchema>): Normaliser {
  const parsed = parseJsonPath(path);
  return {
    type: 'case-insensitive',
    describe: () => `${path} compared without regard to case`,
    apply: (body) => mapAt(body, parsed, (value) => (typeof value === 'string' ? value.toLowerCase() : value)),
  };
}
