import type { JsonPath, Location } from '../util/json-path.js';
import { matchesPath } from '../util/json-path.js';
import { bodyDifferences, type ComparedBody } from './bodies/differences.js';
import { jsonComparer } from './bodies/json.js';
import { differingPaths } from './differing-paths.js';
import { differingHeaders } from './headers.js';
import type { Change } from './transitions.js';
import { changesAt } from './transitions.js';

/**
 * Everything that differs between two answers, bodies and compared headers, as templated paths
 * with their values. JSON on both sides is walked again by location (only when the bodies differ)
 * so that paths are templated and leaves keep their values; other kinds keep the comparer's paths.
 * Locations `skip` points at (what a decision or code change already says) are left out.
 */
export function answerChanges(a: ComparedBody, b: ComparedBody, headers: readonly string[], skip: readonly JsonPath[] = []): Change[] {
  const paths = bodyDifferences(a, b);
  const body: Change[] =
    paths.length === 0
      ? []
      : a.comparer === jsonComparer && b.comparer === jsonComparer && !paths.some((p) => !p.startsWith('$'))
        ? changesAt(differingPaths(a.body, b.body).filter((location: Location) => !skip.some((path) => matchesPath(path, location))), a.body, b.body)
        : paths.map((path) => ({ path, values: null }));
  // A media type the body comparison already named is one finding, not two.
  const typeNamed = paths.some((p) => p.startsWith('(content-type)'));
  const header = differingHeaders(a.view, b.view, headers).filter((h) => !(typeNamed && h.path === 'header content-type'));
  return [...body, ...header];
}
