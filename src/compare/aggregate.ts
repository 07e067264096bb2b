import type { Exchange } from '../core/exchange.js';
import { Histogram } from '../util/histogram.js';
import { CATEGORIES, type Category, type Severity, type Verdict } from './classify.js';
import { renderDiff } from './diff.js';
import { endpointOf } from './endpoint.js';
import type { SideView } from './side.js';

export interface Example {
  readonly seq: number;
  readonly request: { readonly method: string; readonly path: string; readonly query: string; readonly body: string };
  readonly legacy: { readonly status: number | null; readonly body: string; readonly error?: string };
  readonly candidate: { readonly status: number | null; readonly body: string; readonly error?: string };
  readonly diff: string;
}

export interface Group {
  readonly signature: string;
  readonly category: Exclude<Category, 'match'>;
  readonly severity: Severity;
  readonly endpoint: string;
  readonly legacyDecision: string | null;
  readonly candidateDecision: string | null;
  readonly codesAdded: readonly string[];
  readonly codesRemoved: readonly string[];
  readonly bodyPaths: readonly string[];
  count: number;
  readonly examples: Example[];
}

export interface AggregateOptions {
  readonly examplesPerGroup: number;
  readonly maxGroups: number;
  readonly maxExampleBodyChars: number;
}

/** How a missing decision (no answer, or no decision field) shows in the decision matrix. */
export const NO_DECISION = '(none)';

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 0, high: 1, medium: 2, low: 3 };

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

  constructor(options: AggregateOptions) {
    this.#options = options;
  }

  add(exchange: Exchange, legacy: SideView, candidate: SideView, verdict: Verdict, normalised: (view: SideView, side: 'legacy' | 'candidate') => unknown): void {
    this.compared++;
    this.categories[verdict.category]++;
    const endpoint = endpointOf(exchange.method, exchange.path);
    const stats = this.endpoints.get(endpoint) ?? { total: 0, matched: 0 };
    stats.total++;
    if (verdict.category === 'match') stats.matched++;
    this.endpoints.set(endpoint, stats);
    if (legacy.outcome.kind === 'response') this.latency.legacy.record(legacy.outcome.latencyUs);
    if (candidate.outcome.kind === 'response') this.latency.candidate.record(candidate.outcome.latencyUs);
    const cell = `${verdict.legacy.decision ?? NO_DECISION}\u0000${verdict.candidate.decision ?? NO_DECISION}`;
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
        bodyPaths: verdict.bodyPaths,
        count: 0,
        examples: [],
      };
      this.groups.set(signature, group);
    }
    group.count++;
    if (group.examples.length < this.#options.examplesPerGroup) group.examples.push(this.#example(exchange, legacy, candidate, normalised));
  }

  /**
   * Paths that differed between legacy and secondary on at least `threshold` of an endpoint's
   * exchanges are noise for the whole endpoint: body groups made only of them become matches.
   * Returns the excluded paths per endpoint.
   */
  excludeNoise(threshold: number): Map<string, Set<string>> {
    const excluded = new Map<string, Set<string>>();
    for (const [endpoint, n] of this.noise) {
      excluded.set(endpoint, new Set([...n.paths].filter(([, count]) => count / n.exchanges >= threshold).map(([path]) => path)));
    }
    for (const [signature, group] of this.groups) {
      const noisy = excluded.get(group.endpoint);
      if (group.category !== 'body' || !noisy || !group.bodyPaths.every((p) => noisy.has(p))) continue;
      this.groups.delete(signature);
      this.categories.body -= group.count;
      this.categories.match += group.count;
      const stats = this.endpoints.get(group.endpoint);
      if (stats) stats.matched += group.count;
    }
    return excluded;
  }

  /** Groups worst first: severity, then count. */
  sortedGroups(): Group[] {
    return [...this.groups.values()].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.count - a.count || a.signature.localeCompare(b.signature));
  }

  #countNoise(endpoint: string, paths: readonly string[]): void {
    const entry = this.noise.get(endpoint) ?? { exchanges: 0, paths: new Map<string, number>() };
    entry.exchanges++;
    for (const p of paths) entry.paths.set(p, (entry.paths.get(p) ?? 0) + 1);
    this.noise.set(endpoint, entry);
  }

  #example(exchange: Exchange, legacy: SideView, candidate: SideView, normalised: (view: SideView, side: 'legacy' | 'candidate') => unknown): Example {
    const cap = (text: string) => (text.length > this.#options.maxExampleBodyChars ? `${text.slice(0, this.#options.maxExampleBodyChars)}…` : text);
    const side = (view: SideView) =>
      view.outcome.kind === 'response' ? { status: view.outcome.status, body: cap(view.text()) } : { status: null, body: '', error: view.outcome.error };
    const both = legacy.answered && candidate.answered;
    return {
      seq: exchange.seq,
      request: { method: exchange.method, path: exchange.path, query: exchange.query, body: cap(Buffer.from(exchange.requestBody).toString('utf8')) },
      legacy: side(legacy),
      candidate: side(candidate),
      diff: both ? renderDiff(normalised(legacy, 'legacy'), normalised(candidate, 'candidate')) : '',
    };
  }
}

/** One root cause, one group: category, endpoint, decision change, codes added/removed, body paths. */
export function signatureOf(endpoint: string, v: Verdict): string {
  const parts = [v.category, endpoint];
  if (v.legacy.decision !== undefined || v.candidate.decision !== undefined) parts.push(`${v.legacy.decision ?? '(none)'}→${v.candidate.decision ?? '(none)'}`);
  if (v.codesAdded.length > 0) parts.push(`+${v.codesAdded.join(',')}`);
  if (v.codesRemoved.length > 0) parts.push(`-${v.codesRemoved.join(',')}`);
  if (v.category === 'error_codes' && v.codesAdded.length === 0 && v.codesRemoved.length === 0) parts.push(`primary ${v.legacy.primaryCode ?? '(none)'}→${v.candidate.primaryCode ?? '(none)'}`);
  // All paths, so a group's paths are exactly those of each of its exchanges.
  if (v.category === 'body') parts.push(v.bodyPaths.join(' '));
  return parts.join(' ');
}
