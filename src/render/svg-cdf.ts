import type { SideName } from '../bench/model.js';
import type { SerialisedHistogram } from '../util/histogram.js';
import { escapeHtml } from './format.js';
import { chartFrame, CHART, fixed, lineLegend, logLatencyScale, plotHeight, plotWidth, tickLabelMs } from './svg-axes.js';

const SIDES: readonly SideName[] = ['legacy', 'candidate'];
const PERCENTILE_TICKS = [0, 0.9, 0.99, 0.999, 0.9999, 0.99999] as const;

/**
 * Both sides' latency distributions as a percentile plot (the CDF with its axes swapped, as
 * HdrHistogram draws it): x is the percentile on a scale of nines (50%, 90%, 99%, 99.9% equally
 * spaced), y the latency on a log scale. A plain CDF squeezes the tail, where rewrites differ most,
 * into its last pixel.
 */
export function svgLatencyCdf(histograms: Readonly<Record<SideName, SerialisedHistogram>>, titleText: string): string {
  const present = SIDES.filter((side) => histograms[side].count > 0);
  if (present.length === 0) return `<p class="muted">No latency recorded.</p>`;
  const title = escapeHtml(titleText);
  const nines = Math.max(2, Math.min(5, Math.ceil(Math.log10(Math.max(...present.map((s) => histograms[s].count))))));
  const xOf = (q: number) => CHART.margin.left + (Math.min(nines, -Math.log10(Math.max(1 - q, 10 ** -nines))) / nines) * plotWidth;
  const { y, ticks } = logLatencyScale(Math.min(...present.map((s) => histograms[s].min)), Math.max(...present.map((s) => histograms[s].max)));
  const axisY = CHART.margin.top + plotHeight;

  const paths = present.map((side) => {
    const h = histograms[side];
    let seen = 0;
    // Each bucket holds values up to its upper edge (clamped to the exact max): a step up at each.
    let d = `M${fixed(xOf(0))} ${fixed(y(h.min))}`;
    for (const [bucket, n] of [...h.buckets].sort(([a], [b]) => a - b)) {
      const value = Math.min(h.max, Math.max(h.min, h.growth ** (bucket + 1)));
      d += ` L${fixed(xOf(seen / h.count))} ${fixed(y(value))}`;
      seen += n;
      d += ` L${fixed(xOf(seen / h.count))} ${fixed(y(value))}`;
    }
    return `<path class="line-${side}" d="${d}"><title>${side}: latency by percentile</title></path>`;
  });
  const grid = ticks.map((v) => `<line class="grid" x1="${CHART.margin.left}" y1="${fixed(y(v))}" x2="${CHART.width - CHART.margin.right}" y2="${fixed(y(v))}"/><text class="tick" x="${CHART.margin.left - 6}" y="${fixed(y(v))}" text-anchor="end" dominant-baseline="middle">${tickLabelMs(v)}</text>`);
  const shown = PERCENTILE_TICKS.filter((q) => -Math.log10(1 - q) <= nines + 1e-9);
  const xTicks = shown.map((q, i) => {
    const tx = fixed(xOf(q));
    // The last label ends at the plot's edge rather than running off the picture.
    const anchor = i === shown.length - 1 ? 'end' : 'middle';
    return `<line class="axis" x1="${tx}" y1="${axisY}" x2="${tx}" y2="${axisY + 5}"/><text class="tick" x="${tx}" y="${axisY + 17}" text-anchor="${anchor}">${Number((q * 100).toPrecision(6))}%</text>`;
  });
  return chartFrame({
    className: 'latency-cdf',
    title,
    body: [...grid, ...xTicks, ...paths],
    xLabel: 'percentile',
    legend: lineLegend(present.map((side) => ({ label: side, className: `line-${side}` }))),
  });
}
