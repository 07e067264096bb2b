import { whyPartial } from '../report/run-state.js';
import type { GateOutcome, PolicyResult } from '../gate/outcome.js';
import type { ReportGroup, ReportV1 } from '../report/model.js';
import { formatCount } from '../util/format-number.js';

export { formatCount, formatRatio } from '../util/format-number.js';

/** A report's parity percent (already floored to two decimals) as people write it: `97.5%`. */
export function formatPercent(value: number): string {
  return `${formatCount(value)}%`;
}

/**
 * A latency in µs as milliseconds, about three significant digits: sub-millisecond answers of a
 * rewrite and 200 ms GC spikes of the legacy service must both read well in one table.
 */
export function formatMs(us: number): string {
  const ms = us / 1000;
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return formatCount(Math.round(ms));
}

/** A latency in µs with its unit, for prose and the terminal. */
export function formatLatency(us: number): string {
  return `${formatMs(us)} ms`;
}


/** Candidate / legacy of two latencies, null when either side has none (as the report's own ratio). */
export function latencyRatio(legacyUs: number, candidateUs: number): number | null {
  return legacyUs > 0 && candidateUs > 0 ? candidateUs / legacyUs : null;
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** The capture's file name: its directory says where the run happened, not what was replayed. */
export function captureName(report: ReportV1): string {
  return report.run.capture.path.split(/[\\/]/).pop() || report.run.capture.path;
}

/** Which part of a run the report covers: `shard 2/4`, `merged from 4 shards` or `full run`. */
export function runScope(report: ReportV1): string {
  if (report.run.mergedShards !== null) return `merged from ${report.run.mergedShards} shards`;
  if (report.run.shard) return `shard ${report.run.shard.index}/${report.run.shard.count}`;
  return 'full run';
}

/** `97.5% parity: 25 of 1,000 exchanges differ`, or `Parity 100%` — the one line every rendering leads with. */
export function parityVerdict(report: ReportV1): { readonly passed: boolean; readonly text: string } {
  const t = report.totals;
  const why = whyPartial(report.run);
  const partial = why ? ` (partial run, ${why})` : '';
  if (t.mismatched === 0) return { passed: true, text: `Parity ${formatPercent(t.parityPercent)}: all ${formatCount(t.compared)} exchanges match${partial}` };
  return { passed: false, text: `${formatPercent(t.parityPercent)} parity: ${formatCount(t.mismatched)} of ${formatCount(t.compared)} exchanges differ${partial}` };
}

export function failedPolicies(gate: GateOutcome): readonly PolicyResult[] {
  return gate.policies.filter((p) => !p.passed);
}

/** `2 of 7 policies failed`, or `all 7 policies passed`. */
export function gateSummary(gate: GateOutcome): string {
  const total = gate.policies.length;
  const policies = total === 1 ? 'policy' : 'policies';
  return gate.passed ? `all ${total} ${policies} passed` : `${failedPolicies(gate).length} of ${total} ${policies} failed`;
}

/**
 * `max-decision-mismatches (7 > 0)`: a failed policy's measure against its limit. The direction
 * follows from the failure itself (a maximum fails above its limit, a minimum below).
 */
export function policyBrief(p: PolicyResult): string {
  if (p.actual === null || p.actual === p.limit) return p.name;
  return `${p.name} (${formatCount(p.actual)} ${p.actual > p.limit ? '>' : '<'} ${formatCount(p.limit)})`;
}

/** Keeps `max` characters and marks the cut, so a long signature or body cannot swamp a summary. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, cutAt(text, max - 1))}…` : text;
}

/** `at`, or one less so as not to split a surrogate pair (half an emoji is not text). */
function cutAt(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}

/**
 * The first `max` lines, long lines wrapped at `maxLineChars` (a body stored as one long line
 * still shows its start, its middle and maybe its end), and how many lines were left out.
 */
export function headLines(text: string, max: number, maxLineChars: number): { readonly lines: readonly string[]; readonly omitted: number } {
  const lines: string[] = [];
  let total = 0;
  for (const line of text.split(/\r?\n/)) {
    for (let at = 0, end = 0; at === 0 || at < line.length; at = end) {
      end = Math.max(at + 1, cutAt(line, at + maxLineChars));
      if (lines.length < max) lines.push(line.slice(at, end));
      total++;
    }
  }
  return { lines, omitted: total - lines.length };
}

// C0 and C1 controls: from captured traffic they could move a terminal's cursor, recolour it or
// (OSC) set its title, and a lone CR overwrite the line; in a table they break the row. Bidi
// overrides and isolates could make a signature read as something else than it is.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Shows control characters as `\u001b` escapes, keeping tabs and newlines. */
export function visibleControls(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One line: control characters made visible, line breaks and tabs turned into spaces. */
export function oneLine(text: string): string {
  return visibleControls(text.replace(/[\r\n\t]+/g, ' '));
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Every string of a report may come from captured traffic: escaped the same way for text and for
 * quoted attribute values, so one function is safe in both places. Control characters and bidi
 * overrides are shown as escapes, so a signature cannot be made to read as another.
 */
export function escapeHtml(value: unknown): string {
  return visibleControls(String(value)).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** What one side of an example answered, in a few words: its status, or `no answer (ECONNRESET)`. */
export function answerLabel(side: { readonly status: number | null; readonly error?: string }): string {
  if (side.status !== null) return String(side.status);
  return `no answer${side.error ? ` (${side.error})` : ''}`;
}

/**
 * What a group's signature cannot say, one line each: per body path the value transitions
 * (`$.brand maestro→verve (60), null→troy (2)`), and the fields that changed beside a decision,
 * code or status change. Groups of older reports have neither.
 */
export function groupChangeLines(g: ReportGroup): string[] {
  const lines = transitionLines(g);
  if (g.alsoChanged && g.alsoChanged.length > 0) lines.push(`also changed: ${g.alsoChanged.map((a) => `${a.path} (${formatCount(a.count)})`).join(', ')}`);
  return lines;
}

/** Per body path of a group, the value transitions seen: `$.brand maestro→verve (60), null→troy (2)`. */
export function transitionLines(g: ReportGroup): string[] {
  return (g.transitions ?? []).flatMap((t) => (t.changes && t.changes.length > 0 ? [`${t.path} ${t.changes.map((c) => `${c.from}→${c.to} (${formatCount(c.count)})`).join(', ')}`] : []));
}
