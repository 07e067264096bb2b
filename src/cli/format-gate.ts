import { allowedExchanges, type GateOutcome } from '../gate/outcome.js';
import type { GateReport } from '../gate/policy.js';
import { isBenchReport } from '../report/bench-report.js';
import { failedPolicies, formatCount, oneLine } from '../render/format.js';
import { topGroupLines } from '../render/text.js';

/**
 * The one screen `parity gate` prints: which policy failed and by how much, and where to look.
 * `withGroups: false` leaves the groups out, for a caller that has just printed them.
 */
export function formatGate(report: GateReport, outcome: GateOutcome, reportPath: string, { withGroups = true } = {}): string {
  const lines = [
    outcome.passed ? `GATE PASSED: ${outcome.policies.length} policies hold for ${reportPath}` : `GATE FAILED: ${failedPolicies(outcome).length} of ${outcome.policies.length} policies failed for ${reportPath}`,
  ];
  const width = Math.max(...outcome.policies.map((p) => p.name.length));
  for (const p of outcome.policies) lines.push(`  ${p.passed ? '✔' : '✘'} ${p.name.padEnd(width)}  ${p.detail}`);
  if (isBenchReport(report)) {
    const { capture, sides } = report.performance.settings;
    return `${[...lines, `benched   ${oneLine(capture)}: legacy ${sides.legacy.url} · candidate ${sides.candidate.url}`].join('\n')}\n`;
  }
  const { allowed, expired, stale } = outcome.allowList;
  for (const e of expired) lines.push(`expired   "${oneLine(e.signature)}" (owner ${e.owner}, expired ${e.expires}): renew it with a reason, or fix the difference`);
  for (const e of stale) lines.push(`stale     "${oneLine(e.signature)}" (owner ${e.owner}) matches no group: remove it from the allow-list`);
  const allowedSignatures = new Set(allowed.map((a) => a.signature));
  const open = report.groups.filter((g) => !allowedSignatures.has(g.signature));
  if (withGroups && open.length > 0) lines.push(outcome.passed ? 'groups within the limits' : 'top groups to look at', ...topGroupLines(open));
  if (allowed.length > 0) lines.push(`allowed   ${allowed.length} group(s), ${formatCount(allowedExchanges(outcome.allowList))} exchanges, by the allow-list`);
  const config = report.run.config ? ` · config ${report.run.config.path} sha256 ${report.run.config.sha256.slice(0, 12)}…` : '';
  lines.push(`replayed  ${oneLine(report.run.capture.path)} sha256 ${report.run.capture.sha256.slice(0, 12)}…${config}`);
  return `${lines.join('\n')}\n`;
}
