import { diff } from 'jest-diff';
import { parseJsonPath, selectPath, type JsonPath } from '../util/json-path.js';
import { mapAt, REMOVE } from './normalise/map-at.js';

const MAX_DIFF_CHARS = 4_000;

/** A human diff of two normalised bodies, for kept examples only: it costs far too much for every exchange. */
export function renderDiff(legacy: unknown, candidate: unknown): string {
  const text = diff(legacy, candidate, { aAnnotation: 'legacy', bAnnotation: 'candidate', contextLines: 2, expand: false, includeChangeCounts: true }) ?? '';
  // jest-diff colours by default through chalk; reports must stay plain text.
  const plain = text.replace(/\x1b\[[0-9;]*m/g, '');
  return plain.length > MAX_DIFF_CHARS ? `${plain.slice(0, MAX_DIFF_CHARS)}\n… (diff truncated)` : plain;
}

/**
 * Both bodies without the noise paths either holds, and which those were. Noise paths are the
 * generalised body paths of the report (`$.items[*].createdAt`); header and text-line paths
 * (`header date`, `line 3`) are no JSON path and are left alone.
 */
export function withoutNoise(legacy: unknown, candidate: unknown, noise: Iterable<string>): { legacy: unknown; candidate: unknown; removed: string[] } {
  const removed: string[] = [];
  let l = legacy;
  let c = candidate;
  for (const source of noise) {
    const path = jsonPathOf(source);
    // `$` alone is the whole body: masking it would leave nothing to diff.
    if (!path || path.steps.length === 0 || (selectPath(l, path).length === 0 && selectPath(c, path).length === 0)) continue;
    l = mapAt(l, path, () => REMOVE);
    c = mapAt(c, path, () => REMOVE);
    removed.push(source);
  }
  return { legacy: l, candidate: c, removed };
}

function jsonPathOf(source: string): JsonPath | null {
  if (!source.startsWith('$')) return null;
  try {
    return parseJsonPath(source);
  } catch {
    // A path the report names but the path dialect cannot read back (an odd key): shown, not masked.
    return null;
  }
}
