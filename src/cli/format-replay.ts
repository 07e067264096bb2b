import type { ReportV1 } from '../report/model.js';

const n = (v: number) => v.toLocaleString('en');
const ms = (us: number) => (us >= 1000 ? `${(us / 1000).toFixed(1)} ms` : `${Math.round(us)} µs`);

/** The terminal summary printed at the end of `parity replay`. */
export function formatReplaySummary(report: ReportV1, reportPath: string): string {
  const t = report.totals;
  const lines = [
    `${t.mismatched === 0 ? 'PARITY' : 'MISMATCHES'}: ${t.parityPercent}% of ${n(t.compared)} exchanges match (${n(t.mismatched)} differ)${report.run.interrupted ? ' — interrupted, partial' : ''}`,
    `by category  ${(['transport', 'decision', 'error_codes', 'status', 'body'] as const).map((c) => `${c} ${n(report.categories[c])}`).join(' · ')}`,
  ];
  const skipped = Object.entries(t.skipped);
  if (skipped.length > 0) lines.push(`skipped      ${skipped.map(([why, count]) => `${n(count)} (${why})`).join(' · ')}`);
  if (report.groups.length > 0) {
    lines.push('top groups');
    for (const g of report.groups.slice(0, 5)) lines.push(`  ${n(g.count).padStart(6)}  [${g.severity}] ${g.signature}`);
    if (report.groups.length > 5) lines.push(`  … and ${report.groups.length - 5} more groups in the report`);
  }
  const { legacy, candidate, ratio } = report.latency;
  if (candidate.count > 0) {
    lines.push(`latency      legacy${report.latency.legacySource === 'recorded' ? ' (recorded)' : ''} p50 ${ms(legacy.p50)} p99 ${ms(legacy.p99)} · candidate p50 ${ms(candidate.p50)} p99 ${ms(candidate.p99)} · ratio p99 ${ratio.p99 ?? 'n/a'}`);
  }
  const noisy = report.noise.filter((x) => x.excluded);
  if (noisy.length > 0) lines.push(`noise        excluded ${noisy.map((x) => x.path).join(', ')} (seen differing between legacy and secondary)`);
  if (report.run.mergedShards !== null) lines.push(`merged       from ${report.run.mergedShards} shards`);
  lines.push(`report       ${reportPath}`);
  return `${lines.join('\n')}\n`;
}
