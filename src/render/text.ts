import { BEING_WRITTEN_NOTE, whyPartial } from '../report/run-state.js';
import { CATEGORIES } from '../report/model.js';
import type { GateOutcome } from '../gate/outcome.js';
import type { ReportGroup, ReportV1 } from '../report/model.js';
import { failedPolicies, formatCount as n, formatLatency, oneLine, policyBrief, transitionLines, truncate } from './format.js';
import { performanceTextLines } from './performance-text.js';
import type { RenderContext, Renderer } from './renderer.js';

const TOP_GROUPS = 5;
// A body group's signature lists every differing path: a terminal line, not a page.
const MAX_SIGNATURE_CHARS = 240;
// Every endpoint may exclude its own paths: the line names them all only while it stays a line.
const MAX_NOISE_CHARS = 400;

/** The terminal summary printed at the end of `parity replay` and `parity report`. */
export const textRenderer: Renderer = {
  format: 'text',
  fileName: null,
  render: (report, context) => `${summaryLines(report, context).join('\n')}\n`,
};

// Signatures, decisions and paths come from captured traffic: every one goes through oneLine so
// that an escape sequence in a recorded body cannot drive the terminal that prints it.
function summaryLines(report: ReportV1, context: RenderContext): string[] {
  const t = report.totals;
  const lines = [
    `${t.mismatched === 0 ? 'PARITY' : 'MISMATCHES'}: ${t.parityPercent}% of ${n(t.compared)} exchanges match (${n(t.mismatched)} differ)${report.run.interrupted ? ' — partial' : ''}`,
  ];
  const why = whyPartial(report.run);
  if (why) lines.push(`partial run  ${oneLine(why)}`);
  if (report.run.capture.beingWritten) lines.push(`note         ${BEING_WRITTEN_NOTE}`);
  if (context.gate) lines.push(...gateLines(context.gate));
  lines.push(`by category  ${CATEGORIES.filter((c) => c !== 'match').map((c) => `${c} ${n(report.categories[c])}`).join(' · ')}`);
  const skipped = Object.entries(t.skipped);
  if (skipped.length > 0) lines.push(`skipped      ${skipped.map(([why, count]) => `${n(count)} (${oneLine(why)})`).join(' · ')}`);
  const coverage = report.run.partitionKeyCoverage;
  if (coverage && report.run.partitionKey !== null) lines.push(`ordered by   ${oneLine(report.run.partitionKey)}, held by ${Math.round(coverage.share * 1000) / 10}% of requests (${n(coverage.withKey)} of the first ${n(coverage.sampled)})`);
  const credentials = t.credentials ?? { restored: 0, missing: 0 };
  if (credentials.restored > 0 || credentials.missing > 0) {
    lines.push(`credentials  ${n(credentials.restored)} restored from seals · ${n(credentials.missing)} sent without them${credentials.missing > 0 ? ' (record and replay with PARITY_SEAL_KEY to keep sessions)' : ''}`);
  }
  if (report.groups.length > 0) lines.push('top groups', ...topGroupLines(report.groups));
  if (report.ungroupedMismatches > 0) lines.push(`ungrouped    ${n(report.ungroupedMismatches)} mismatches beyond the group cap (counted in the categories)`);
  const { legacy, candidate } = report.latency;
  if (candidate.count > 0) {
    lines.push(
      `replay times legacy${report.latency.legacySource === 'recorded' ? ' (recorded)' : ''} p50 ${formatLatency(legacy.p50)} p99 ${formatLatency(legacy.p99)} · candidate p50 ${formatLatency(candidate.p50)} p99 ${formatLatency(candidate.p99)} (the replay's own queueing included; parity bench measures performance)`,
    );
  }
  const noisy = excludedNoiseList(report.noise);
  if (noisy !== '') lines.push(truncate(oneLine(`noise        excluded ${noisy} (seen differing between legacy and secondary)`), MAX_NOISE_CHARS));
  if (report.performance) lines.push(...performanceTextLines(report.performance));
  if (report.run.mergedShards !== null) lines.push(`merged       from ${report.run.mergedShards} shards`);
  if (context.reportPath !== undefined) lines.push(`report       ${context.reportPath}`);
  return lines;
}

/** The worst groups, one line each, and how many more there are: the terminal's view of groups. */
export function topGroupLines(groups: readonly ReportGroup[], max = TOP_GROUPS): string[] {
  // One line a group: the values a body path took follow its signature, as far as the line goes.
  const lines = groups.slice(0, max).map((g) => `  ${n(g.count).padStart(6)}  [${g.severity}] ${truncate(oneLine([g.signature, ...transitionLines(g)].join(' · ')), MAX_SIGNATURE_CHARS)}`);
  const more = groups.length - max;
  if (more > 0) lines.push(`  … and ${more} more group${more === 1 ? '' : 's'} in the report`);
  return lines;
}

export function gateLines(gate: GateOutcome): string[] {
  const failed = failedPolicies(gate);
  const { expired, stale } = gate.allowList;
  const verdict = gate.passed ? 'gate         passed' : `gate         FAILED: ${failed.map(policyBrief).join(', ')}`;
  const lines = [oneLine(verdict)];
  if (expired.length > 0 || stale.length > 0) {
    const parts = [
      ...(expired.length > 0 ? [`expired (allow nothing): ${expired.map((e) => `${e.signature} (${e.expires})`).join(', ')}`] : []),
      ...(stale.length > 0 ? [`stale (match no group, remove): ${stale.map((e) => e.signature).join(', ')}`] : []),
    ];
    lines.push(truncate(oneLine(`allow-list   ${parts.join(' · ')}`), 400));
  }
  return lines;
}

/**
 * The excluded noise paths, each once: a path excluded on one endpoint names it, a path excluded
 * on several says how many (the report lists them); paths excluded on most endpoints come first.
 */
export function excludedNoiseList(noise: ReportV1['noise']): string {
  const endpointsOf = new Map<string, string[]>();
  for (const x of noise) {
    if (!x.excluded) continue;
    const endpoints = endpointsOf.get(x.path) ?? [];
    if (!endpoints.includes(x.endpoint)) endpoints.push(x.endpoint);
    endpointsOf.set(x.path, endpoints);
  }
  return [...endpointsOf]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([path, endpoints]) => `${path} (${endpoints.length === 1 ? endpoints[0] : `${endpoints.length} endpoints`})`)
    .join(', ');
}
