import type { FindMaxStep, PerformanceSection, SideName } from '../bench/model.js';
import { escapeHtml, formatCount } from './format.js';
import { raw, table } from './html-parts.js';
import { benchDescription, describePace, formatPerfMs, INTERRUPTED_NOTE, performanceRows, trustHeadline } from './performance-rows.js';
import { svgLatencyCdf } from './svg-cdf.js';
import { svgLatencyOverTime } from './svg-line-chart.js';

const BETTER = new Set(['faster', 'leaner', 'higher']);
const WORSE = new Set(['slower', 'heavier', 'lower']);

/** The Performance section of a page: trust first, the scorecard, both charts, then how it was measured. */
export function performanceHtml(section: PerformanceSection): string {
  const trust = section.trust;
  const banner = `<div class="trust ${trust.trusted ? 'trusted' : 'untrusted'}" id="trust"><p><strong>${escapeHtml(trustHeadline(section))}</strong></p>${
    trust.reasons.length > 0 ? `<ul>${trust.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>` : ''
  }</div>`;
  const interrupted = section.interrupted ? `<p class="warn">${escapeHtml(INTERRUPTED_NOTE)}</p>` : '';
  const rows = performanceRows(section).map((r) => {
    const verdictClass = BETTER.has(r.verdict) ? 'verdict-better' : WORSE.has(r.verdict) ? 'verdict-worse' : '';
    return [r.label, r.legacy, r.candidate, r.ratio, raw(`<span class="${verdictClass}">${escapeHtml(r.verdict)}</span>`)];
  });
  const scorecard = table(['', 'legacy', 'candidate', 'candidate / legacy [95% interval]', ''], rows, 'scorecard');
  const overTime = svgLatencyOverTime(section.timeline, 'Latency over time, p50 and p99 per second, legacy and candidate');
  const cdf = svgLatencyCdf(section.histograms, 'Latency by percentile, legacy and candidate');
  const s = section.settings;
  const settings = table(
    ['', ''],
    [
      ['Capture', raw(`<code>${escapeHtml(s.capture)}</code> (${formatCount(s.requests)} distinct requests)`)],
      ['Legacy', `${s.sides.legacy.url}${s.sides.legacy.pid !== null ? ` (pid ${s.sides.legacy.pid})` : ''}`],
      ['Candidate', `${s.sides.candidate.url}${s.sides.candidate.pid !== null ? ` (pid ${s.sides.candidate.pid})` : ''}`],
      ['Pace', describePace(s.pace)],
      ['Windows', `${formatCount(s.windowMs / 1000)} s each, ${formatCount(s.pairs)} pairs planned, alternating`],
      ['Warm-up', `${formatCount(s.warmupMs / 1000)} s per side`],
      ['Connections', formatCount(s.connections)],
      ['Bootstrap seed', s.seed],
    ],
    'run',
  );
  const windows = table(
    ['Pair', 'Side', 'Completed', 'Rate req/s', 'p50 ms', 'p99 ms', 'Errors', 'CPU s', 'RSS peak MB', 'Late sends', 'Harness CPU'],
    section.windows.map((w) => [
      w.pair + 1,
      w.side,
      formatCount(w.completed),
      formatCount(Math.round(w.achievedRate)),
      formatPerfMs(w.p50),
      formatPerfMs(w.p99),
      formatCount(w.errors),
      w.usage ? Number(w.usage.cpuSeconds.toPrecision(3)) : '—',
      w.usage ? Number((w.usage.rssPeakBytes / 1e6).toPrecision(3)) : '—',
      `${Number((w.harness.lateShare * 100).toPrecision(2))}%`,
      `${Math.round(w.harness.cpuShare * 100)}%`,
    ]),
    'windows',
  );
  const findMax = section.findMax
    ? `<h3>Peak rate search (p99 under ${escapeHtml(formatPerfMs(section.findMax.sloP99Us))} ms, no errors)</h3>${table(
        ['Rate req/s', 'legacy p99 ms', 'legacy held', 'candidate p99 ms', 'candidate held'],
        section.findMax.steps.map((step) => {
          const side = (s: FindMaxStep['sides'][SideName]) => (s.tried ? [formatPerfMs(s.p99), s.held ? 'yes' : 'no'] : ['—', 'not tried']);
          return [formatCount(step.rate), ...side(step.sides.legacy), ...side(step.sides.candidate)];
        }),
        'find-max',
      )}`
    : '';
  return `<section id="performance"><h2>Performance</h2>
${banner}
${interrupted}
${scorecard}
<p class="muted">${escapeHtml(`Latency from each request's intended send time. ${benchDescription(section)}`)}</p>
<h3>Latency over time</h3>
<figure>${overTime}</figure>
<h3>Latency distribution</h3>
<figure>${cdf}</figure>
${findMax}
<h3>Windows</h3>
${windows}
<h3>Bench</h3>
${settings}
</section>`;
}
