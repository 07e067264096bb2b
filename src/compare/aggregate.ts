import { shownBody } from './bodies/shown.js';
import type { Exchange } from '../core/exchange.js';
import { Histogram } from '../util/histogram.js';
import { CATEGORIES, SEVERITY_RANK, type Category, type Example, type Group, type PathTransitions } from '../report/model.js';
import type { Verdict } from './classify.js';
import { renderDiff, withoutNoise } from './diff.js';
import { endpointOf } from './endpoint.js';
import { SideView, type Side } from './side.js';

export interface AggregateOptions {
  readonly examplesPerGroup: number;
  readonly maxGroups: number;
  readonly maxExampleBodyChars: number;
}

/**
 * What an example may show of an exchange: examples reach files (reports), so the replay redacts
 * the answers it quotes, and the request too when the capture was not redacted when written.
 */
export interface ExampleRedaction {
  request(exchange: Exchange): Exchange;
  answer(exchange: Exchange, view: SideView): SideView;
}

const SHOW_AS_IS: ExampleRedaction = { request: (exchange) => exchange, answer: (_exchange, view) => view };

/** The limits a replay aggregates with (and a merge of its shards). */
export const AGGREGATE_LIMITS: AggregateOptions = { examplesPerGroup: 3, maxGroups: 500, maxExampleBodyChars: 2_000 };

/**
 * Noise is known only once the run is over, after the examples were chosen: an example whose
 * diff may still lose its noise keeps, until then, how to make that diff again without given
 * paths. Keyed by the example, so shards merged in this process keep it and evicted examples free it.
 */
const diffsWithoutNoise = new WeakMap<Example, (noise: ReadonlySet<string>) => string>();

/** Bodies held for diffs made again without noise, legacy and candidate bytes together, per aggregator; beyond it an example keeps its diff as made. */
const MAX_HELD_EXAMPLE_BYTES = 16 * 1024 * 1024;

/** How a missing decision (no answer, or no decision field) shows in the decision matrix. */
export const NO_DECISION = '(none)';

/** The key of a cell of the decision matrix: legacy decision × candidate decision. */
export function decisionCell(legacy: string, candidate: string): string {
  return `${legacy}\u0000${candidate}`;
}

/** The two decisions of a `decisionCell` key. */
export function decisionsOfCell(cell: string): [legacy: string, candidate: string] {
  const at = cell.indexOf('\u0000');
  return [cell.slice(0, at), cell.slice(at + 1)];
}


/**
 * Folds verdicts into counters as they come: matches are only counted, and detail (bodies, a
 * diff) is kept for at most `examplesPerGroup` exchanges of each group, so memory does not grow
 * with the capture.
 */
export class Aggregator {
  readonly #options: AggregateOptions;
  readonly categories = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  readonly endpoints = new Map<string, { total: number; matched: number }>();
  readonly decisions = new Map<string, number>();
  readonly groups = new Map<string, Group>();
  readonly noise = new Map<string, { exchanges: number; paths: Map<string, number> }>();
  readonly latency = { legacy: new Histogram(), candidate: new Histogram() };
  overflowGroups = 0;
  compared = 0;

  readonly #redaction: ExampleRedaction;
  #heldExampleBytes = 0;

  constructor(options: AggregateOptions, redaction: ExampleRedaction = SHOW_AS_IS) {
    this.#options = options;
    this.#redaction = redaction;
  }

  add(exchange: Exchange, legacy: SideView, candidate: SideView, verdict: Verdict, normalised: (view: SideView, side: Side) => unknown): void {
    this.compared++;
    this.categories[verdict.category]++;
    const endpoint = endpointOf(exchange.method, exchange.path);
    const stats = this.endpoints.get(endpoint) ?? { total: 0, matched: 0 };
    stats.total++;
    if (verdict.category === 'match') stats.matched++;
    this.endpoints.set(endpoint, stats);
    if (legacy.reply.kind === 'answer') this.latency.legacy.record(legacy.reply.latencyUs);
    if (candidate.reply.kind === 'answer') this.latency.candidate.record(candidate.reply.latencyUs);
    const cell = decisionCell(verdict.legacy.decision ?? NO_DECISION, verdict.candidate.decision ?? NO_DECISION);
    this.decisions.set(cell, (this.decisions.get(cell) ?? 0) + 1);
    if (verdict.noiseSampled) this.#countNoise(endpoint, verdict.noisePaths);
    if (verdict.category === 'match' || !verdict.severity) return;

    const signature = signatureOf(endpoint, verdict);
    let group = this.groups.get(signature);
    if (!group) {
      if (this.groups.size >= this.#options.maxGroups) {
        this.overflowGroups++;
        return;
      }
      group = {
        signature,
        category: verdict.category,
        severity: verdict.severity,
        endpoint,
        legacyDecision: verdict.legacy.decision ?? null,
        candidateDecision: verdict.candidate.decision ?? null,
        codesAdded: verdict.codesAdded,
        codesRemoved: verdict.codesRemoved,
        bodyPaths: verdict.category === 'body' ? verdict.bodyPaths : [],
        ...(verdict.category === 'status' ? { statuses: { legacy: verdict.statuses.legacy ?? null, candidate: verdict.statuses.candidate ?? null } } : {}),
        ...(verdict.category === 'body' ? { transitions: verdict.bodyPaths.map((path) => ({ path, changes: [] })) } : verdict.category === 'transport' ? {} : { alsoChanged: [] }),
        count: 0,
        examples: [],
      };
      this.groups.set(signature, group);
    }
    group.count++;
    if (group.transitions) countTransitions(group.transitions, verdict);
    if (group.alsoChanged) countAlsoChanged(group.alsoChanged, verdict.bodyPaths.map((path) => ({ path, count: 1 })));
    // The earliest exchanges (by capture order) are the examples, whatever order replies came in:
    // a run is then reproducible, and shards merge into the examples one run would keep.
    if (keepsExample(group.examples, exchange.seq, this.#options.examplesPerGroup)) {
      addExample(group.examples, this.#example(exchange, legacy, candidate, verdict, normalised), this.#options.examplesPerGroup);
    }
  }

  /**
   * Adds another aggregator's counts, groups and examples: the shards of one run, each over
   * disjoint exchanges, merged into what a single run over all of them would have counted.
   */
  merge(other: Aggregator): void {
    this.compared += other.compared;
    this.overflowGroups += other.overflowGroups;
    for (const c of CATEGORIES) this.categories[c] += other.categories[c];
    for (const [endpoint, s] of other.endpoints) {
      const mine = this.endpoints.get(endpoint) ?? { total: 0, matched: 0 };
      this.endpoints.set(endpoint, { total: mine.total + s.total, matched: mine.matched + s.matched });
    }
    for (const [cell, n] of other.decisions) this.decisions.set(cell, (this.decisions.get(cell) ?? 0) + n);
    for (const [endpoint, n] of other.noise) {
      const mine = this.noise.get(endpoint) ?? { exchanges: 0, paths: new Map<string, number>() };
      mine.exchanges += n.exchanges;
      for (const [path, count] of n.paths) mine.paths.set(path, (mine.paths.get(path) ?? 0) + count);
      this.noise.set(endpoint, mine);
    }
    for (const side of ['legacy', 'candidate'] as const) this.latency[side].merge(other.latency[side].toJSON());
    for (const [signature, theirs] of other.groups) {
      const mine = this.groups.get(signature);
      if (!mine) {
        if (this.groups.size >= this.#options.maxGroups) {
          this.overflowGroups += theirs.count;
          continue;
        }
        this.groups.set(signature, copyGroup(theirs));
        continue;
      }
      this.#mergeGroupInto(mine, theirs);
    }
  }

  #mergeGroupInto(mine: Group, theirs: Group): void {
    mine.count += theirs.count;
    for (const example of theirs.examples) if (keepsExample(mine.examples, example.seq, this.#options.examplesPerGroup)) addExample(mine.examples, example, this.#options.examplesPerGroup);
    if (mine.transitions && theirs.transitions) mergeTransitions(mine.transitions, theirs.transitions);
    if (mine.alsoChanged && theirs.alsoChanged) countAlsoChanged(mine.alsoChanged, theirs.alsoChanged);
  }

  /**
   * Paths that differed between legacy and secondary on at least `threshold` of an endpoint's
   * exchanges are noise for the whole endpoint: body groups made only of them become matches,
   * other groups lose them from their signature (and join the group they then equal).
   * Returns the excluded paths per endpoint and the groups turned into matches.
   */
  excludeNoise(threshold: number): { excluded: Map<string, Set<string>>; noiseGroups: Group[] } {
    const excluded = new Map<string, Set<string>>();
    for (const [endpoint, n] of this.noise) {
      excluded.set(endpoint, new Set([...n.paths].filter(([, count]) => count / n.exchanges >= threshold).map(([path]) => path)));
    }
    const noiseGroups: Group[] = [];
    for (const [signature, group] of [...this.groups]) {
      const noisy = excluded.get(group.endpoint);
      if (!noisy || noisy.size === 0) continue;
      if (group.alsoChanged) group.alsoChanged.splice(0, group.alsoChanged.length, ...group.alsoChanged.filter((a) => !noisy.has(a.path)));
      if (group.category !== 'body') continue;
      const kept = group.bodyPaths.filter((p) => !noisy.has(p));
      if (kept.length === group.bodyPaths.length) continue;
      this.groups.delete(signature);
      if (kept.length > 0) {
        // Noise is out of every signature: what is left names the group, joined with any group it now equals.
        this.#rekey(group, kept);
        continue;
      }
      noiseGroups.push(group);
      this.categories.body -= group.count;
      this.categories.match += group.count;
      const stats = this.endpoints.get(group.endpoint);
      if (stats) stats.matched += group.count;
    }
    // The groups left differ on other paths: their diffs show those, not the noise now out of every
    // signature. Noise groups keep theirs, which show the noise they are made of.
    for (const group of this.groups.values()) {
      const noisy = excluded.get(group.endpoint);
      if (!noisy || noisy.size === 0) continue;
      group.examples.forEach((example, i) => {
        const remade = diffsWithoutNoise.get(example);
        if (remade) group.examples[i] = { ...example, diff: remade(noisy) };
      });
    }
    return { excluded, noiseGroups };
  }

  #rekey(group: Group, paths: readonly string[]): void {
    const signature = `${group.signature.slice(0, group.signature.length - group.bodyPaths.join(' ').length)}${paths.join(' ')}`;
    const copy = copyGroup(group);
    const rekeyed: Group = { ...copy, signature, bodyPaths: paths, ...(copy.transitions ? { transitions: copy.transitions.filter((t) => paths.includes(t.path)) } : {}) };
    const existing = this.groups.get(signature);
    if (existing) this.#mergeGroupInto(existing, rekeyed);
    else this.groups.set(signature, rekeyed);
  }

  /** Groups worst first: severity, then count. */
  sortedGroups(): Group[] {
    for (const g of this.groups.values()) for (const t of g.transitions ?? []) t.changes?.sort((x, y) => y.count - x.count || x.from.localeCompare(y.from) || x.to.localeCompare(y.to));
    return [...this.groups.values()].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.count - a.count || a.signature.localeCompare(b.signature));
  }

  #countNoise(endpoint: string, paths: readonly string[]): void {
    const entry = this.noise.get(endpoint) ?? { exchanges: 0, paths: new Map<string, number>() };
    entry.exchanges++;
    for (const p of paths) entry.paths.set(p, (entry.paths.get(p) ?? 0) + 1);
    this.noise.set(endpoint, entry);
  }

  #example(recorded: Exchange, legacyView: SideView, candidateView: SideView, verdict: Verdict, normalised: (view: SideView, side: Side) => unknown): Example {
    const overCap = cutBody(legacyView) || cutBody(candidateView);
    // Only a preview of bodies over the cap is redacted and shown: megabytes redacted for a
    // 2,000-character excerpt would stall the replay. Its tail (where redaction may meet a cut
    // card number) lies well past what the excerpt shows.
    const preview = (view: SideView) => (overCap ? previewOf(view, this.#options.maxExampleBodyChars * 4 + PREVIEW_MARGIN) : view);
    const legacy = this.#redaction.answer(recorded, preview(legacyView));
    const candidate = this.#redaction.answer(recorded, preview(candidateView));
    const exchange = this.#redaction.request(recorded);
    const cap = (text: string) => (text.length > this.#options.maxExampleBodyChars ? `${text.slice(0, this.#options.maxExampleBodyChars)}…` : text);
    const side = (view: SideView) =>
      view.reply.kind === 'answer' ? { status: view.reply.status, body: cap(shownBody(view)) } : { status: null, body: '', error: view.reply.error };
    const both = legacy.answered && candidate.answered;
    const diffed = both && !overCap ? { legacy: normalised(legacy, 'legacy'), candidate: normalised(candidate, 'candidate') } : null;
    const example: Example = {
      seq: exchange.seq,
      request: { method: exchange.method, path: exchange.path, query: exchange.query, body: cap(Buffer.from(exchange.requestBody).toString('utf8')) },
      legacy: side(legacy),
      candidate: side(candidate),
      diff: both ? exampleDiff(verdict, diffed ? renderDiff(diffed.legacy, diffed.candidate) : overCapDiff(verdict)) : '',
    };
    const bytes = bodyBytes(legacy) + bodyBytes(candidate);
    if (diffed && this.#heldExampleBytes + bytes <= MAX_HELD_EXAMPLE_BYTES) {
      this.#heldExampleBytes += bytes;
      diffsWithoutNoise.set(example, (noise) => {
        const masked = withoutNoise(diffed.legacy, diffed.candidate, noise);
        if (masked.removed.length === 0) return example.diff;
        return exampleDiff(verdict, renderDiff(masked.legacy, masked.candidate), masked.removed);
      });
    }
    return example;
  }
}

function keepsExample(examples: readonly Example[], seq: number, max: number): boolean {
  return examples.length < max || seq < (examples[examples.length - 1]?.seq ?? Infinity);
}

/** Inserts in capture order and keeps the first `max`. */
function addExample(examples: Example[], example: Example, max: number): void {
  let at = examples.length;
  while (at > 0 && (examples[at - 1]?.seq ?? 0) > example.seq) at--;
  examples.splice(at, 0, example);
  if (examples.length > max) examples.length = max;
}

/** One root cause, one group: category, endpoint, decision (or status) change, codes added/removed, body paths. */
export function signatureOf(endpoint: string, v: Verdict): string {
  const parts = [v.category, endpoint];
  // A status group is named by its statuses: the decisions, equal on both sides, say nothing.
  if (v.category === 'status') parts.push(`${v.statuses.legacy ?? '(none)'}→${v.statuses.candidate ?? '(none)'}`);
  else if (v.legacy.decision !== undefined || v.candidate.decision !== undefined) parts.push(`${v.legacy.decision ?? '(none)'}→${v.candidate.decision ?? '(none)'}`);
  if (v.codesAdded.length > 0) parts.push(`+${v.codesAdded.join(',')}`);
  if (v.codesRemoved.length > 0) parts.push(`-${v.codesRemoved.join(',')}`);
  if (v.category === 'error_codes' && v.codesAdded.length === 0 && v.codesRemoved.length === 0) {
    parts.push(v.legacy.primaryCode === v.candidate.primaryCode ? 'codes reordered' : `primary ${v.legacy.primaryCode ?? '(none)'}→${v.candidate.primaryCode ?? '(none)'}`);
  }
  // All paths, so a group's paths are exactly those of each of its exchanges.
  if (v.category === 'body') parts.push(v.bodyPaths.join(' '));
  return parts.join(' ');
}

/** Distinct transitions kept per path: beyond them a path is named alone (bounded memory, readable groups). */
export const MAX_TRANSITIONS_PER_PATH = 8;
/** Co-changed fields kept per decision, code or status group. */
export const MAX_ALSO_CHANGED = 16;

/** A group that shares nothing mutable with `g`. */
export function copyGroup(g: Group): Group {
  return {
    ...g,
    examples: [...g.examples],
    ...(g.transitions ? { transitions: g.transitions.map((t) => ({ path: t.path, changes: t.changes ? t.changes.map((c) => ({ ...c })) : null })) } : {}),
    ...(g.alsoChanged ? { alsoChanged: g.alsoChanged.map((a) => ({ ...a })) } : {}),
  };
}

/** Counts each (path, from, to) once per exchange, however many array elements it changed in. */
function countTransitions(transitions: PathTransitions[], v: Verdict): void {
  const seen = new Set<string>();
  for (const change of v.changes) {
    const key = change.values ? `${change.path}\u0000${change.values[0]}\u0000${change.values[1]}` : change.path;
    if (seen.has(key)) continue;
    seen.add(key);
    const entry = transitions.find((t) => t.path === change.path);
    if (!entry) continue;
    addTransition(entry, change.values ? { from: change.values[0], to: change.values[1], count: 1 } : null);
  }
}

function addTransition(entry: PathTransitions, change: { from: string; to: string; count: number } | null): void {
  if (entry.changes === null) return;
  if (change === null) {
    entry.changes = null;
    return;
  }
  const same = entry.changes.find((c) => c.from === change.from && c.to === change.to);
  if (same) same.count += change.count;
  else if (entry.changes.length < MAX_TRANSITIONS_PER_PATH) entry.changes.push({ ...change });
  else entry.changes = null;
}

function mergeTransitions(mine: PathTransitions[], theirs: readonly PathTransitions[]): void {
  for (const t of theirs) {
    const entry = mine.find((m) => m.path === t.path);
    if (!entry) continue;
    if (t.changes === null) entry.changes = null;
    else for (const c of t.changes) addTransition(entry, c);
  }
}

function countAlsoChanged(mine: { path: string; count: number }[], theirs: readonly { readonly path: string; readonly count: number }[]): void {
  for (const { path, count } of theirs) {
    const entry = mine.find((m) => m.path === path);
    if (entry) entry.count += count;
    else if (mine.length < MAX_ALSO_CHANGED) mine.push({ path, count });
  }
  mine.sort((a, b) => b.count - a.count || a.path.localeCompare(b.path));
}

const NO_VISUAL_DIFFERENCE = /no visual difference/i;

const PREVIEW_MARGIN = 1_024;

function previewOf(view: SideView, bytes: number): SideView {
  const reply = view.reply;
  return reply.kind === 'answer' && reply.body.byteLength > bytes ? new SideView({ ...reply, body: reply.body.subarray(0, bytes), truncated: true }) : view;
}

function bodyBytes(view: SideView): number {
  return view.reply.kind === 'answer' ? view.reply.body.byteLength : 0;
}

function cutBody(view: SideView): boolean {
  return view.reply.kind === 'answer' && view.reply.truncated;
}

/**
 * A body cut at the cap is compared by length and hash only (see over-cap.ts): its example says
 * that, since a diff of a cut prefix against a whole body of megabytes would show nothing true
 * and stall the replay while it was computed.
 */
function overCapDiff(v: Verdict): string {
  const found = v.changes.filter((change) => change.path.startsWith('(body: over the cap'));
  return found.length === 0 ? 'no visual difference (bodies over the cap: same length and sha256)' : found.map((change) => change.path).join('\n');
}

/**
 * An example's diff names what the body diff cannot show: a status change and changed headers,
 * above the body diff, which is left out when the bodies are equal; then the noise paths the
 * body diff leaves out, so that a reviewer knows the bodies differ there too.
 */
function exampleDiff(v: Verdict, bodyDiff: string, noiseLeftOut: readonly string[] = []): string {
  const lines: string[] = [];
  if (v.statuses.legacy !== v.statuses.candidate) lines.push(`status ${v.statuses.legacy ?? '(none)'} → ${v.statuses.candidate ?? '(none)'}`);
  for (const change of v.changes) {
    if (change.path.startsWith('header ')) lines.push(change.values ? `${change.path}: ${change.values[0]} → ${change.values[1]}` : `${change.path} changed`);
  }
  const note = noiseLeftOut.length > 0 ? `noise left out of this diff: ${noiseLeftOut.join(', ')}` : '';
  const body = lines.length > 0 && NO_VISUAL_DIFFERENCE.test(bodyDiff) ? '' : bodyDiff;
  return [lines.join('\n'), note, body].filter((part) => part !== '').join('\n\n');
}
