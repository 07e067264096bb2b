import { selectPath, type JsonPath } from '../util/json-path.js';
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
  if (body === undefined) return [];
  return selectPath(body, path).flatMap(({ value }) => (typeof value === 'string' ? [value] : typeof value === 'number' ? [String(value)] : []));
}
