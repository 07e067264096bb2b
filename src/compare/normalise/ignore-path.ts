import { z } from 'zod';
import { jsonPathString } from '../../util/schema.js';
import { parseJsonPath } from '../../util/json-path.js';
import { mapAt, REMOVE } from './map-at.js';
import type { Normaliser } from './normaliser.js';

export const ignoreSchema = z.object({ type: z.literal('ignore'), path: jsonPathString }).strict();

/** Drops a field from both sides (ids, timestamps: values that differ on every call by design). */
export function ignorePath({ path }: z.infer<typeof ignoreSchema>): Normaliser {
  const parsed = parseJsonPath(path);
  return { type: 'ignore', describe: () => `ignore ${path}`, apply: (body) => mapAt(body, parsed, () => REMOVE) };
}
