import { parseJsonPath } from '../../util/json-path.js';
import { mapAt, REMOVE } from './map-at.js';
import type { Normaliser } from './normaliser.js';

/** Drops a field from both sides (ids, timestamps: values that differ on every call by design). */
export function ignorePath({ path }: { readonly path: string }): Normaliser {
  const parsed = parseJsonPath(path);
  return { type: 'ignore', describe: () => `ignore ${path}`, apply: (body) => mapAt(body, parsed, () => REMOVE) };
}
