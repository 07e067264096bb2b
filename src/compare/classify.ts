import type { Category, Severity } from '../report/model.js';
import { formatLocation, type JsonPath } from '../util/json-path.js';
import { sortCanonically } from './canonical-json.js';
import { differingPaths } from './differing-paths.js';
import { extract, type Extracted } from './extract.js';
import { mapAt, REMOVE } from './normalise/map-at.js';
import type { Normaliser } from './normalise/normaliser.js';
import type { ResolvedCompare } from './settings.js';
import type { Side, SideView } from './side.js';


export interface Verdict {
  readonly category: Category;
  readonly severity: Severity | undefined;
  readonly legacy: Extracted;
  readonly candidate: Extracted;
  readonly codesAdded: readonly string[];
  readonly codesRemoved: readonly string[];
  /** Generalised paths (`$.items[*].id`) where the normalised bodies differ, noise excluded. */
  readonly bodyPaths: readonly string[];
  /** Paths that differed between legacy and secondary on this exchange: noise, not a defect. */
  readonly noisePaths: readonly string[];
  /** Whether the bodies were compared with a secondary (so this exchange counts towards noise shares). */
  readonly noiseSampled: boolean;
}

export interface Comparator {
  compare(legacy: SideView, candidate: SideView, secondary?: SideView): Verdict;
  /** A body after normalisation, for rendering a diff of a kept example. */
  normalised(view: SideView, side: Side): unknown;
}

const NO_CODES: Extracted = { decision: undefined, codes: [], primaryCode: undefined };


export function createComparator(settings: ResolvedCompare, normalisers: readonly Normaliser[]): Comparator {
  // What the error-code check already judged must not count again as a body difference:
  // renamed codes (crosswalk) and, when codes are a set, the order of the array holding them.
  const codeArrays = settings.orderedCodes ? [] : settings.codePaths.flatMap(arrayHolding);
  const codeLocations = [...settings.codePaths, ...(settings.primaryCode ? [settings.primaryCode] : [])];
  const normalised = (view: SideView, side: Side): unknown => {
    let body = view.isJson() ? view.json() : view.text();
    if (view.isJson()) {
      for (const path of settings.ignorePaths) body = mapAt(body, path, () => REMOVE);
      if (side === 'legacy' && settings.crosswalk.size > 0) {
        for (const path of codeLocations) body = mapAt(body, path, (v) => (typeof v === 'string' ? (settings.crosswalk.get(v) ?? v) : v));
      }
      for (const path of codeArrays) body = sortArrayAt(body, path);
      for (const n of normalisers) body = n.apply(body);
    }
    const headers: Record<string, string | undefined> = {};
    for (const name of settings.headers) if (!settings.ignoreHeaders.has(name)) headers[name] = view.header(name);
    return settings.headers.length > 0 ? { body, headers } : body;
  };

  return {
    normalised,
    compare(legacy, candidate, secondary) {
      if (!legacy.answered || !candidate.answered) {
        return verdict(settings.approvals, 'transport', legacy.answered ? extract(legacy, settings, 'legacy') : NO_CODES, candidate.answered ? extract(candidate, settings, 'candidate') : NO_CODES);
      }
      const l = extract(legacy, settings, 'legacy');
      const c = extract(candidate, settings, 'candidate');
      if (l.decision !== c.decision) return verdict(settings.approvals, 'decision', l, c);
      if (codesDiffer(l, c, settings.orderedCodes)) return verdict(settings.approvals, 'error_codes', l, c);
      if (legacy.status !== candidate.status) return verdict(settings.approvals, 'status', l, c);
      const legacyBody = normalised(legacy, 'legacy');
      const noise = secondary?.answered ? new Set(differingPaths(legacyBody, normalised(secondary, 'legacy')).map((p) => formatLocation(p, true))) : new Set<string>();
      const paths = [...new Set(differingPaths(legacyBody, normalised(candidate, 'candidate')).map((p) => formatLocation(p, true)))].filter((p) => !noise.has(p));
      return verdict(settings.approvals, paths.length > 0 ? 'body' : 'match', l, c, paths, [...noise], secondary?.answered ?? false);
    },
  };
}

/** `$.errors[*].code` → the path of the array, `$.errors`. */
function arrayHolding(path: JsonPath): JsonPath[] {
  const i = path.steps.findIndex((s) => s.kind === 'any');
  return i === -1 ? [] : [{ source: path.source, steps: path.steps.slice(0, i) }];
}

function sortArrayAt(body: unknown, path: JsonPath): unknown {
  return mapAt(body, path, (v) => (Array.isArray(v) ? sortCanonically(v) : v));
}

function codesDiffer(l: Extracted, c: Extracted, ordered: boolean): boolean {
  if (l.primaryCode !== c.primaryCode) return true;
  if (ordered) return l.codes.length !== c.codes.length || l.codes.some((code, i) => code !== c.codes[i]);
  const a = [...l.codes].sort();
  const b = [...c.codes].sort();
  return a.length !== b.length || a.some((code, i) => code !== b[i]);
}

function verdict(
  approvals: ReadonlySet<string>,
  category: Category,
  legacy: Extracted,
  candidate: Extracted,
  bodyPaths: readonly string[] = [],
  noisePaths: readonly string[] = [],
  noiseSampled = false,
): Verdict {
  const before = new Set(legacy.codes);
  const after = new Set(candidate.codes);
  return {
    category,
    severity: severityOf(category, legacy.decision, candidate.decision, approvals),
    legacy,
    candidate,
    codesAdded: [...after].filter((c) => !before.has(c)).sort(),
    codesRemoved: [...before].filter((c) => !after.has(c)).sort(),
    bodyPaths,
    noisePaths,
    noiseSampled,
  };
}

/**
 * Direction matters for money: a candidate that approves what legacy refused lets money leave
 * that should not (critical); one that declines what legacy approved loses revenue (high).
 */
export function severityOf(category: Category, legacy: string | undefined, candidate: string | undefined, approvals: ReadonlySet<string>): Severity | undefined {
  if (category === 'match') return undefined;
  if (category === 'decision') {
    const approved = (d: string | undefined) => d !== undefined && approvals.has(d);
    if (approved(candidate) && !approved(legacy)) return 'critical';
    if (approved(legacy)) return 'high';
    return 'medium';
  }
  if (category === 'transport' || category === 'error_codes' || category === 'status') return 'medium';
  return 'low';
}
