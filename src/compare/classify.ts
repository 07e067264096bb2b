import type { Category, Severity } from '../report/model.js';
import type { JsonPath } from '../util/json-path.js';
import { sortCanonically } from './canonical-json.js';
import type { ComparedBody } from './bodies/differences.js';
import { bodyComparerFor } from './bodies/registry.js';
import { answerChanges } from './answer-changes.js';
import { extract, type Extracted } from './extract.js';
import { differingHeaders } from './headers.js';
import { overCapFinding } from './over-cap.js';
import { mapAt, REMOVE } from './normalise/map-at.js';
import { sameBodyTest } from './same-body.js';
import type { Normaliser } from './normalise/normaliser.js';
import type { DecisionPolicy, ResolvedCompare } from './settings.js';
import type { Side, SideView } from './side.js';
import type { Change } from './transitions.js';


export interface Verdict {
  readonly category: Category;
  readonly severity: Severity | undefined;
  readonly legacy: Extracted;
  readonly candidate: Extracted;
  /** HTTP statuses of both answers (undefined for a side that did not answer). */
  readonly statuses: { readonly legacy: number | undefined; readonly candidate: number | undefined };
  readonly codesAdded: readonly string[];
  readonly codesRemoved: readonly string[];
  /**
   * Templated paths (`$.items[*].id`, `header content-type`) where the answers differ, noise
   * excluded. Beside a decision, code or status change: the other fields that changed with it.
   */
  readonly bodyPaths: readonly string[];
  /** The difference at each differing location, with both values when they are short scalars. */
  readonly changes: readonly Change[];
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


export interface ComparatorOptions {
  /**
   * Whether bodies provably equal from their bytes (same-body.ts) skip the full comparison (the
   * default). Off, every pair takes the full comparison: the reference the shortcut is tested against.
   */
  readonly sameBodyShortcut?: boolean;
}

export function createComparator(settings: ResolvedCompare, normalisers: readonly Normaliser[], options: ComparatorOptions = {}): Comparator {
  // What the error-code check already judged must not count again as a body difference:
  // renamed codes (crosswalk) and, when codes are a set, the order of the array holding them.
  const codeArrays = settings.orderedCodes ? [] : settings.codePaths.flatMap(arrayHolding);
  const codeLocations = [...settings.codePaths, ...(settings.primaryCode ? [settings.primaryCode] : [])];
  const judgedLocations = [...codeLocations, ...(settings.decision ? [settings.decision] : [])];
  const comparedHeaders = settings.headers.filter((name) => !settings.ignoreHeaders.has(name));
  const normaliseJson = (json: unknown, side: Side): unknown => {
    let body = json;
    for (const path of settings.ignorePaths) body = mapAt(body, path, () => REMOVE);
    if (side === 'legacy' && settings.crosswalk.size > 0) {
      for (const path of codeLocations) body = mapAt(body, path, (v) => (typeof v === 'string' ? (settings.crosswalk.get(v) ?? v) : v));
    }
    for (const path of codeArrays) body = sortArrayAt(body, path);
    for (const n of normalisers) body = n.apply(body);
    return body;
  };
  const compared = (view: SideView, side: Side): ComparedBody => {
    const comparer = bodyComparerFor(view);
    const body = comparer.comparable(view, (json) => normaliseJson(json, side));
    // Headers are compared on their own (answer-changes.ts), as `header <name>` paths.
    return { view, comparer, body };
  };
  const normalised = (view: SideView, side: Side): unknown => compared(view, side).body;
  const sameBody = options.sameBodyShortcut === false ? () => false : sameBodyTest(settings);

  return {
    normalised,
    compare(legacy, candidate, secondary) {
      const statuses = { legacy: legacy.status, candidate: candidate.status };
      if (!legacy.answered || !candidate.answered) {
        return verdict(settings, statuses, 'transport', legacy.answered ? extract(legacy, settings, 'legacy') : NO_CODES, candidate.answered ? extract(candidate, settings, 'candidate') : NO_CODES);
      }
      const overCap = overCapFinding(legacy, candidate);
      if (overCap === undefined && !secondary && sameBody(legacy, candidate)) {
        // Equal bodies hold equal decisions and codes: the legacy body, parsed once, speaks for both.
        const both = extract(legacy, settings, 'legacy');
        const changes = differingHeaders(legacy, candidate, comparedHeaders);
        const category: Category = legacy.status !== candidate.status ? 'status' : changes.length > 0 ? 'body' : 'match';
        return verdict(settings, statuses, category, both, both, changes.map((change) => change.path), changes);
      }
      const l = extract(legacy, settings, 'legacy');
      const c = extract(candidate, settings, 'candidate');
      const category: Category = l.decision !== c.decision ? 'decision' : codesDiffer(l, c, settings.orderedCodes) ? 'error_codes' : legacy.status !== candidate.status ? 'status' : 'body';
      if (overCap !== undefined) {
        // Cut bodies compare by length and hash only (see over-cap.ts), and are not sampled for noise.
        const changes: Change[] = [...overCap.map((path) => ({ path, values: null })), ...differingHeaders(legacy, candidate, comparedHeaders)];
        const paths = changes.map((change) => change.path);
        return verdict(settings, statuses, category === 'body' && paths.length === 0 ? 'match' : category, l, c, paths, changes);
      }
      if (!secondary && sameLargeBody(legacy, candidate)) {
        // Byte-equal bodies are equal under any normalisation: a large one is neither parsed nor diffed.
        const changes = differingHeaders(legacy, candidate, comparedHeaders);
        return verdict(settings, statuses, category === 'body' && changes.length === 0 ? 'match' : category, l, c, changes.map((change) => change.path), changes);
      }
      const legacyBody = compared(legacy, 'legacy');
      // Noise is sampled where it always was: on answers that agree on decision, codes and status.
      const sampled = category === 'body' && secondary?.answered === true;
      const noise = new Set(sampled && secondary ? answerChanges(legacyBody, compared(secondary, 'legacy'), comparedHeaders).map((n) => n.path) : []);
      // Beside a decision or code change, the fields that carry it are not news; the others are.
      const changes = answerChanges(legacyBody, compared(candidate, 'candidate'), comparedHeaders, category === 'body' ? [] : judgedLocations).filter((change) => !noise.has(change.path));
      const paths = [...new Set(changes.map((change) => change.path))];
      return verdict(settings, statuses, category === 'body' && paths.length === 0 ? 'match' : category, l, c, paths, changes, [...noise], sampled);
    },
  };
}

/**
 * Bodies at least this large that are byte-equal skip the comparer of their kind: parsing and
 * walking a 1 MiB JSON body twice takes some 50 ms, time the replay loop would stall for.
 */
export const SAME_BYTES_SHORTCUT = 256 * 1024;

function sameLargeBody(a: SideView, b: SideView): boolean {
  const x = a.reply;
  const y = b.reply;
  if (x.kind !== 'answer' || y.kind !== 'answer' || x.body.byteLength < SAME_BYTES_SHORTCUT || x.body.byteLength !== y.body.byteLength) return false;
  // The same bytes under another coding or type would read differently.
  if (a.header('content-encoding') !== b.header('content-encoding') || a.header('content-type') !== b.header('content-type')) return false;
  return Buffer.from(x.body.buffer, x.body.byteOffset, x.body.byteLength).equals(y.body);
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
  policy: DecisionPolicy,
  statuses: Verdict['statuses'],
  category: Category,
  legacy: Extracted,
  candidate: Extracted,
  bodyPaths: readonly string[] = [],
  changes: readonly Change[] = [],
  noisePaths: readonly string[] = [],
  noiseSampled = false,
): Verdict {
  const before = new Set(legacy.codes);
  const after = new Set(candidate.codes);
  return {
    category,
    severity: severityOf(category, legacy.decision, candidate.decision, policy, statuses),
    statuses,
    legacy,
    candidate,
    codesAdded: [...after].filter((c) => !before.has(c)).sort(),
    codesRemoved: [...before].filter((c) => !after.has(c)).sort(),
    bodyPaths,
    changes,
    noisePaths,
    noiseSampled,
  };
}

/**
 * Direction matters for money: a candidate that approves what legacy refused lets money leave
 * that should not (critical); one that declines what legacy approved loses revenue (high). With a
 * decision order, every move towards the most permissive value is a loosening (critical when it
 * reaches it, high otherwise) and every move away a tightening (medium).
 *
 * A status change says how the service failed: a success that became a server error is high (the
 * candidate breaks), and so is a success that became a client error, because to the caller a
 * request that worked is now refused, the same harm as a decline of what legacy approved.
 */
export function severityOf(
  category: Category,
  legacy: string | undefined,
  candidate: string | undefined,
  policy: DecisionPolicy,
  statuses: { readonly legacy?: number | undefined; readonly candidate?: number | undefined } = {},
): Severity | undefined {
  if (category === 'match') return undefined;
  if (category === 'decision') return decisionSeverity(legacy, candidate, policy);
  if (category === 'status') return statusSeverity(statuses.legacy, statuses.candidate);
  if (category === 'transport' || category === 'error_codes') return 'medium';
  return 'low';
}

function decisionSeverity(legacy: string | undefined, candidate: string | undefined, policy: DecisionPolicy): Severity {
  const from = legacy === undefined ? -1 : policy.decisionOrder.indexOf(legacy);
  const to = candidate === undefined ? -1 : policy.decisionOrder.indexOf(candidate);
  if (from !== -1 && to !== -1) {
    if (to < from) return to === 0 ? 'critical' : 'high';
    return 'medium';
  }
  const approved = (d: string | undefined) => d !== undefined && policy.approvals.has(d);
  if (approved(candidate) && !approved(legacy)) return 'critical';
  if (approved(legacy)) return 'high';
  return 'medium';
}

function statusSeverity(legacy: number | undefined, candidate: number | undefined): Severity {
  const succeeded = legacy !== undefined && legacy >= 200 && legacy < 300;
  if (succeeded && candidate !== undefined && candidate >= 400) return 'high';
  return 'medium';
}
