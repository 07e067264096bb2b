import type { JsonPath, PathStep } from '../util/json-path.js';
import type { ResolvedCompare } from './settings.js';
import type { Side, SideView } from './side.js';

/** What the comparison is about, pulled out of one side's answer. */
export interface Extracted {
  readonly decision: string | undefined;
  readonly codes: readonly string[];
  readonly primaryCode: string | undefined;
}

/** Extracts decision and codes; legacy codes are mapped through the crosswalk so both sides speak one vocabulary. */
export function extract(view: SideView, settings: ResolvedCompare, side: Side): Extracted {
  // Nothing to extract (a service compared with `decision: null` and no codes): the body is not parsed for it.
  const body = settings.decision || settings.primaryCode || settings.codePaths.length > 0 ? view.json() : undefined;
  const translate = (code: string) => (side === 'legacy' ? (settings.crosswalk.get(code) ?? code) : code);
  const codes = settings.codePaths.flatMap((p) => strings(body, p)).map(translate);
  const primary = settings.primaryCode ? strings(body, settings.primaryCode)[0] : undefined;
  return {
    decision: settings.decision ? strings(body, settings.decision)[0] : undefined,
    codes,
    primaryCode: primary === undefined ? undefined : translate(primary),
  };
}

function strings(body: unknown, path: JsonPath): string[] {
  const out: string[] = [];
  if (body !== undefined) stringsAt(body, path.steps, 0, out);
  return out;
}

/**
 * The strings and numbers (as text) the path points at, in the order selectPath finds them, without
 * the locations it records: this runs three times on every answer.
 */
function stringsAt(value: unknown, steps: readonly PathStep[], s: number, out: string[]): void {
  const step = steps[s];
  if (step === undefined) {
    if (typeof value === 'string') out.push(value);
    else if (typeof value === 'number') out.push(String(value));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (step.kind === 'key') {
    if (!Array.isArray(value) && Object.hasOwn(value, step.key)) stringsAt((value as Record<string, unknown>)[step.key], steps, s + 1, out);
    return;
  }
  if (step.kind === 'index') {
    if (Array.isArray(value) && step.index < value.length) stringsAt(value[step.index], steps, s + 1, out);
    return;
  }
  // `[*]` goes one level down; `..key` goes on looking below every child, and past the key where it is one.
  const next = step.kind === 'descend' ? s : s + 1;
  if (Array.isArray(value)) {
    for (const child of value) stringsAt(child, steps, next, out);
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    if (step.kind === 'descend' && key === step.key) stringsAt(child, steps, s + 1, out);
    stringsAt(child, steps, next, out);
  }
}
