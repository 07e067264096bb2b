import type { SideName, TimelinePoint } from '../bench/model.js';
import { escapeHtml } from './format.js';
import { chartFrame, CHART, fixed, lineLegend, logLatencyScale, plotHeight, plotWidth, tickLabelMs } from './svg-axes.js';

const SIDES: readonly SideName[] = ['legacy', 'candidate'];

/**
 * p50 and p99 of each second, both sides, as one inline SVG: seconds under load on x (each side's
 * windows back to back), latency on a log scale on y so a 3 ms candidate and a 200 ms legacy
 * spike both show. A second with no answer breaks its line rather than drawing a false 0.
 */
export function svgLatencyOverTime(timeline: Readonly<Record<SideName, readonly TimelinePoint[]>>, titleText: string): string {
  const all = SIDES.flatMap((side) => timeline[side].filter((p) => p.completed > 0));
  if (all.length === 0) return `<p class="muted">No latency recorded.</p>`;
  const title = escapeHtml(titleText);
  const lastSecond = Math.max(1, ...all.map((p) => p.second + 1));
  const { y, ticks } = logLatencyScale(Math.min(...all.map((p) => p.p50)), Math.max(...all.map((p) => p.p99)));
  const x = (second: number) => CHART.margin.left + ((second + 0.5) / lastSecond) * plotWidth;
  const axisY = CHART.margin.top + plotHeight;

  const paths: string[] = [];
  for (const side of SIDES) {
    for (const key of ['p50', 'p99'] as const) {
      let d = '';
      let previous = -2;
      for (const p of [...timeline[side]].sort((a, b) => a.second - b.second)) {
        if (p.completed === 0) continue;
        d += `${p.second === previous + 1 ? 'L' : 'M'}${fixed(x(p.second))} ${fixed(y(p[key]))} `;
        previous = p.second;
      }
      if (d !== '') paths.push(`<path class="line-${side} ${key}" d="${d.trim()}"><title>${side} ${key} per second</title></path>`);
    }
  }
  const grid = ticks.map((v) => `<line class="grid" x1="${CHART.margin.left}" y1="${fixed(y(v))}" x2="${CHART.width - CHART.margin.right}" y2="${fixed(y(v))}"/><text class="tick" x="${CHART.margin.left - 6}" y="${fixed(y(v))}" text-anchor="end" dominant-baseline="middle">${tickLabelMs(v)}</text>`);
  const step = Math.max(1, Math.ceil(lastSecond / 10));
  const xTicks: string[] = [];
  for (let s = 0; s <= lastSecond; s += step) {
    const tx = fixed(CHART.margin.left + (s / lastSecond) * plotWidth);
    xTicks.push(`<line class="axis" x1="${tx}" y1="${axisY}" x2="${tx}" y2="${axisY + 5}"/><text class="tick" x="${tx}" y="${axisY + 17}" text-anchor="middle">${s}</text>`);
  }
  return chartFrame({
    className: 'latency-over-time',
    title,
    body: [...grid, ...xTicks, ...paths],
    xLabel: "seconds under load (each side's windows back to back)",
    legend: lineLegend([
      { label: 'legacy p50', className: 'line-legacy p50' },
      { label: 'legacy p99', className: 'line-legacy p99' },
      { label: 'candidate p50', className: 'line-candidate p50' },
      { label: 'candidate p99', className: 'line-candidate p99' },
    ]),
  });
}
