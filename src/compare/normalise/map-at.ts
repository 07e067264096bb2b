import type { JsonPath, PathStep } from '../../util/json-path.js';

export const REMOVE = Symbol('remove');

/** A copy of `root` where every value the path points at is replaced by `fn(value)` (or removed). */
export function mapAt(root: unknown, path: JsonPath, fn: (value: unknown) => unknown): unknown {
  return step(root, path.steps, 0, fn);
}

function step(value: unknown, steps: readonly PathStep[], s: number, fn: (value: unknown) => unknown): unknown {
  const here = steps[s];
  if (!here) return fn(value);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    value.forEach((child, i) => {
      const next = childResult(child, i, here, steps, s, fn);
      if (next !== REMOVE) out.push(next);
    });
    return out;
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const next = childResult(child, key, here, steps, s, fn);
      if (next !== REMOVE) out[key] = next;
    }
    return out;
  }
  return value;
}

function childResult(child: unknown, key: string | number, here: PathStep, steps: readonly PathStep[], s: number, fn: (value: unknown) => unknown): unknown {
  if (here.kind === 'descend') {
    const deeper = step(child, steps, s, fn);
    return key === here.key ? step(deeper, steps, s + 1, fn) : deeper;
  }
  const matches = here.kind === 'any' || (here.kind === 'key' ? key === here.key : key === here.index);
  return matches ? step(child, steps, s + 1, fn) : child;
}
