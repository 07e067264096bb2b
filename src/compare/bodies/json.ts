import { formatLocation } from '../../util/json-path.js';
import { differingPaths } from '../differing-paths.js';
import type { BodyComparer } from './body-comparer.js';

/** `application/json`, `application/problem+json`, …: compared field by field after normalisation. */
export const jsonComparer: BodyComparer = {
  kind: 'json',
  summary: 'field by field after the ignore rules and normalisers; paths like `$.items[*].id`',
  accepts: (mediaType) => mediaType === 'application/json' || mediaType.endsWith('+json') || mediaType === 'text/json',
  // A body that says JSON but does not parse is compared as its text, as a whole (`$`).
  comparable: (view, normaliseJson) => (view.isJson() ? normaliseJson(view.json()) : view.content().toString('utf8')),
  differences: (legacy, candidate, limit) => [...new Set(differingPaths(legacy, candidate, limit).map((p) => formatLocation(p, true)))],
  shown: (view) => view.content().toString('utf8'),
};
