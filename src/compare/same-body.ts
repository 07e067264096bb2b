import { matchesPathOrAncestor, type JsonPath, type Location, type PathStep } from '../util/json-path.js';
import { jsonComparer } from './bodies/json.js';
import { bodyComparerFor } from './bodies/registry.js';
import type { ResolvedCompare } from './settings.js';
import type { SideView } from './side.js';
import { differingStrings } from './differing-strings.js';

/**
 * Whether two answers' bodies are provably equal once compared (ignore rules, normalisers), with
 * the same decision and codes, told from their bytes and the legacy body alone: the candidate's
 * body is then neither parsed nor walked. That is the common case of a replay (answers that
 * differ only in an id or a timestamp the ignore rules drop), and its cost is one parse and one
 * scan of the bytes instead of two parses, the rules' copies and a walk of both trees.
 *
 * It holds when the decoded bodies are byte-equal, or when they are the same JSON text but for
 * the content of string values (a request id and a timestamp, say) that `ignore.body` rules drop
 * and from which no decision or code is read. Anything else (and any doubt) answers false: the
 * full comparison decides.
 */
export function sameBodyTest(settings: ResolvedCompare): (legacy: SideView, candidate: SideView) => boolean {
  // A crosswalk rewrites legacy codes only: equal bytes could then compare as different bodies.
  if (settings.crosswalk.size > 0) return () => false;
  const removers = positionFreeRemovers(settings.ignorePaths);
  const read = [...(settings.decision ? [settings.decision] : []), ...settings.codePaths, ...(settings.primaryCode ? [settings.primaryCode] : [])];
  const dropped = (location: Location) => removers.some((path) => matchesPathOrAncestor(path, location)) && !read.some((path) => mayRead(path.steps, location));
  return (legacy, candidate) => {
    if (legacy.reply.kind !== 'answer' || candidate.reply.kind !== 'answer') return false;
    // The charset and coding decide how bytes read: the same bytes must read the same way.
    if (legacy.header('content-type') !== candidate.header('content-type') || legacy.undecodable() !== undefined || candidate.undecodable() !== undefined) return false;
    const a = legacy.content();
    const b = candidate.content();
    if (a.byteLength === 0 || b.byteLength === 0) return false;
    if (a.byteLength === b.byteLength && a.equals(b)) return true;
    if (removers.length === 0 || bodyComparerFor(legacy) !== jsonComparer || !legacy.isJson()) return false;
    const differing = differingStrings(a, b);
    return differing === 'identical' || (differing !== undefined && differing.every(dropped));
  };
}

/**
 * The ignore rules applied in order from the first: a rule removing array items (ending in `[*]`
 * or `[n]`) shifts the indexes later rules name, so a rule with an index after such a rule is
 * left out (it would be matched against the wrong item).
 */
function positionFreeRemovers(paths: readonly JsonPath[]): JsonPath[] {
  const out: JsonPath[] = [];
  let shifted = false;
  for (const path of paths) {
    if (!(shifted && path.steps.some((step) => step.kind === 'index'))) out.push(path);
    const last = path.steps[path.steps.length - 1];
    if (last?.kind === 'any' || last?.kind === 'index') shifted = true;
  }
  return out;
}

/** Whether a decision or code path could read at, above or below `location` (`..key` always could). */
function mayRead(steps: readonly PathStep[], location: Location): boolean {
  for (let s = 0; s < steps.length && s < location.length; s++) {
    const step = steps[s];
    const here = location[s];
    if (!step || step.kind === 'descend') return true;
    if (step.kind === 'key' ? here !== step.key : step.kind === 'index' ? here !== step.index : false) return false;
  }
  return true;
}
