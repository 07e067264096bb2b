import type { JsonPath, PathStep } from '../../util/json-path.js';

export const REMOVE = Symbol('remove');

/**
 * A copy of `root` where every value the path points at is replaced by `fn(value)` (or removed);
 * `root` itself when a named key or index on the way is not there. Values are never changed in place.
 */
export function mapAt(root: unknown, path: JsonPath, fn: (value: unknown) => unknown): unknown {
  return step(root, path.steps, 0, fn);
}

function step(value: unknown, steps: readonly PathStep[], s: number, fn: (value: unknown) => unknown): unknown {
  const here = steps[s];
  if (!here) return fn(value);
  // A named key or an index is one lookup: a value without it is returned as it is, and one with it
  // is copied once, without walking its siblings (this runs for every ignore rule on every answer).
  if (here.kind === 'key') return isRecord(value) && Object.hasOwn(value, here.key) ? withKey(value, here.key, step(value[here.key], steps, s + 1, fn)) : value;
  if (here.kind === 'index') return Array.isArray(value) && here.index < value.length ? withIndex(value, here.index, step(value[here.index], steps, s + 1, fn)) : value;
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

function withKey(value: Record<string, unknown>, key: string, next: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    if (k !== key) out[k] = value[k];
    else if (next !== REMOVE) out[k] = next;
  }
  return out;
}

function withIndex(value: readonly unknown[], index: number, next: unknown): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < value.length; i++) {
    if (i !== index) out.push(value[i]);
    else if (next !== REMOVE) out.push(next);
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
