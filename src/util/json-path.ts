import { ParityError } from '../core/errors.js';

/**
 * A small JSON path dialect, enough to point at fields: `$.a.b`, `$.items[*].id`, `$.list[0]`,
 * `$..cvv` (a key at any depth), `$['odd key']`. Paths match concrete locations; they never
 * evaluate expressions.
 */
export type PathStep =
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'any' }
  | { readonly kind: 'descend'; readonly key: string };

export type Location = readonly (string | number)[];

export interface JsonPath {
  readonly source: string;
  readonly steps: readonly PathStep[];
}

const STEP = /^(?:\.\.([A-Za-z_$][\w$-]*)|\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[\*\]|\.\*|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\])/;

/** Parses a path; throws an Error naming the position of the first thing it does not understand. */
export function parseJsonPath(source: string): JsonPath {
  if (!source.startsWith('$')) throw new ParityError('JSON_PATH_INVALID', `JSON path must start with $: ${JSON.stringify(source)}`);
  const steps: PathStep[] = [];
  let rest = source.slice(1);
  while (rest.length > 0) {
    const m = STEP.exec(rest);
    if (!m) throw new ParityError('JSON_PATH_INVALID', `JSON path ${JSON.stringify(source)}: cannot read ${JSON.stringify(rest)} at position ${source.length - rest.length}`);
    if (m[1] !== undefined) steps.push({ kind: 'descend', key: m[1] });
    else if (m[2] !== undefined) steps.push({ kind: 'key', key: m[2] });
    else if (m[3] !== undefined) steps.push({ kind: 'index', index: Number(m[3]) });
    else if (m[4] !== undefined || m[5] !== undefined) steps.push({ kind: 'key', key: (m[4] ?? m[5] ?? '').replace(/\\(.)/g, '$1') });
    else steps.push({ kind: 'any' });
    rest = rest.slice(m[0].length);
  }
  return { source, steps };
}

/** True when the concrete location (keys and indexes from the root) is one the path points at. */
export function matchesPath(path: JsonPath, location: Location): boolean {
  return matchFrom(path.steps, 0, location, 0, false);
}

/** True when the path points at the location or at a value holding it (removing that removes the location too). */
export function matchesPathOrAncestor(path: JsonPath, location: Location): boolean {
  return matchFrom(path.steps, 0, location, 0, true);
}

function matchFrom(steps: readonly PathStep[], s: number, location: Location, l: number, ancestor: boolean): boolean {
  if (s === steps.length) return ancestor || l === location.length;
  const step = steps[s];
  if (!step) return false;
  if (step.kind === 'descend') {
    for (let i = l; i < location.length; i++) {
      if (location[i] === step.key && matchFrom(steps, s + 1, location, i + 1, ancestor)) return true;
    }
    return false;
  }
  if (l >= location.length) return false;
  const here = location[l];
  const ok = step.kind === 'any' || (step.kind === 'key' ? here === step.key : here === step.index);
  return ok && matchFrom(steps, s + 1, location, l + 1, ancestor);
}

/** Every value the path points at inside `root`, with its concrete location. */
export function selectPath(root: unknown, path: JsonPath): { readonly location: Location; readonly value: unknown }[] {
  const found: { location: Location; value: unknown }[] = [];
  const walk = (value: unknown, s: number, location: (string | number)[]): void => {
    const step = path.steps[s];
    if (!step) {
      found.push({ location: [...location], value });
      return;
    }
    if (step.kind === 'descend') {
      forEachChild(value, (child, key) => {
        location.push(key);
        if (key === step.key) walk(child, s + 1, location);
        walk(child, s, location);
        location.pop();
      });
      return;
    }
    if (step.kind === 'any') {
      forEachChild(value, (child, key) => {
        location.push(key);
        walk(child, s + 1, location);
        location.pop();
      });
      return;
    }
    // A named key or an index is one lookup, not a scan of every sibling (this runs per answer).
    const key = step.kind === 'key' ? step.key : step.index;
    const holds = step.kind === 'key' ? isRecord(value) && Object.hasOwn(value, step.key) : Array.isArray(value) && step.index < value.length;
    if (!holds) return;
    location.push(key);
    walk((value as Record<string | number, unknown>)[key], s + 1, location);
    location.pop();
  };
  walk(root, 0, []);
  return found;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function forEachChild(value: unknown, visit: (child: unknown, key: string | number) => void): void {
  if (Array.isArray(value)) value.forEach((child, i) => visit(child, i));
  else if (typeof value === 'object' && value !== null) for (const [k, child] of Object.entries(value)) visit(child, k);
}

/** `$.a[2].b` for a concrete location; `$.a[*].b` with `generalise`, so locations in arrays group together. */
export function formatLocation(location: Location, generalise = false): string {
  return `$${location.map((l) => (typeof l === 'number' ? (generalise ? '[*]' : `[${l}]`) : /^[A-Za-z_$][\w$-]*$/.test(l) ? `.${l}` : `['${l.replace(/'/g, "\\'")}']`)).join('')}`;
}
