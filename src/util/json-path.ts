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
  if (!source.startsWith('$')) throw new Error(`JSON path must start with $: ${JSON.stringify(source)}`);
  const steps: PathStep[] = [];
  let rest = source.slice(1);
  while (rest.length > 0) {
    const m = STEP.exec(rest);
    if (!m) throw new Error(`JSON path ${JSON.stringify(source)}: cannot read ${JSON.stringify(rest)} at position ${source.length - rest.length}`);
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
  return matchFrom(path.steps, 0, location, 0);
}

function matchFrom(steps: readonly PathStep[], s: number, location: Location, l: number): boolean {
  if (s === steps.length) return l === location.length;
  const step = steps[s];
  if (!step) return false;
  if (step.kind === 'descend') {
    for (let i = l; i < location.length; i++) {
      if (location[i] === step.key && matchFrom(steps, s + 1, location, i + 1)) return true;
    }
    return false;
  }
  if (l >= location.length) return false;
  const here = location[l];
  const ok = step.kind === 'any' || (step.kind === 'key' ? here === step.key : here === step.index);
  return ok && matchFrom(steps, s + 1, location, l + 1);
}
