import type { Location } from '../util/json-path.js';

/**
 * Where two JSON values differ, as concrete locations (at most `limit`: one body that differs
 * everywhere must not cost more than a few). Object key order never matters. Lists of different
 * lengths differ as a whole: compared item by item, every item after the first one gained or lost
 * is misaligned and differs in whichever fields it happens to, so one cause (a filter ignored)
 * would split into a group per combination of fields. For the same reason, lists of records
 * whose ids differ at some position hold other records, not changed ones: they differ as a whole.
 */
export function differingPaths(a: unknown, b: unknown, limit = 32): Location[] {
  const out: Location[] = [];
  const walk = (x: unknown, y: unknown, at: (string | number)[]): void => {
    if (out.length >= limit || x === y) return;
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length || holdOtherRecords(x, y)) {
        out.push([...at]);
        return;
      }
      for (let i = 0; i < Math.max(x.length, y.length); i++) {
        at.push(i);
        walk(x[i], y[i], at);
        at.pop();
      }
      return;
    }
    if (isObject(x) && isObject(y)) {
      // Keys of x, then keys only y has: no merged key set to build for every object.
      for (const key in x) {
        at.push(key);
        walk(x[key], y[key], at);
        at.pop();
      }
      for (const key in y) {
        if (Object.hasOwn(x, key)) continue;
        at.push(key);
        walk(undefined, y[key], at);
        at.pop();
      }
      return;
    }
    out.push([...at]);
  };
  walk(a, b, []);
  return out;
}

/** Fields that name a record: two items with different values in one are different records. */
const ID_KEYS = ['id', '_id', 'uuid'] as const;

function holdOtherRecords(x: readonly unknown[], y: readonly unknown[]): boolean {
  return x.some((item, i) => {
    const other = y[i];
    return isObject(item) && isObject(other) && ID_KEYS.some((key) => item[key] !== undefined && other[key] !== undefined && item[key] !== other[key]);
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
