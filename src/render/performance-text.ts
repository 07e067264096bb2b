import type { BenchReportV1, PerformanceSection } from '../bench/model.js';
import { oneLine } from './format.js';
import { INTERRUPTED_NOTE, performanceRows, trustHeadline } from './performance-rows.js';

/** The scorecard for a terminal: the trust verdict, then one aligned line per figure. */
export function performanceTextLines(section: PerformanceSection): string[] {
  const lines = [`performance  ${trustHeadline(section)}`];
  // Reasons are Parity's own sentences, but a report file may have been edited: one line each, controls shown.
  for (const reason of section.trust.reasons) lines.push(`  untrusted  ${oneLine(reason)}`);
  if (section.interrupted) lines.push(`  ${INTERRUPTED_NOTE}`);
  const rows = performanceRows(section);
  const header = { label: '', legacy: 'legacy', candidate: 'candidate', ratio: 'candidate/legacy [95%]', verdict: '' };
  const width = (pick: (r: typeof header) => string) => Math.max(...[header, ...rows].map((r) => pick(r).length));
  const w = { label: width((r) => r.label), legacy: width((r) => r.legacy), candidate: width((r) => r.candidate), ratio: width((r) => r.ratio) };
  for (const r of [header, ...rows]) {
    lines.push(`  ${r.label.padEnd(w.label)}  ${r.legacy.padStart(w.legacy)}  ${r.candidate.padStart(w.candidate)}  ${r.ratio.padStart(w.ratio)}  ${r.verdict}`.trimEnd());
  }
  return lines;
}

/** The terminal summary `parity bench` prints: the scorecard alone (the caller adds where the files went). */
export function renderBenchText(report: BenchReportV1): string {
  return `${performanceTextLines(report.performance).join('\n')}\n`;
}
