import type { SerialisedHistogram } from '../util/histogram.js';
import { escapeHtml } from './format.js';

/** One side's histogram and how it is drawn. */
export interface HistogramSeries {
  readonly label: string;
  readonly histogram: SerialisedHistogram;
  /** A CSS class of the page's stylesheet (the colour), so the SVG carries no style of its own. */
  readonly className: string;
}

/**
 * The stored buckets are 1% wide (hundreds per decade): far too fine to see. Ten bins per decade
 * keep the shape of a latency distribution and stay readable at page width.
 */
const BINS_PER_DECADE = 10;

const WIDTH = 760;
const HEIGHT = 260;
const MARGIN = { top: 24, right: 16, bottom: 44, left: 56 };

/**
 * Both sides' latency histograms (values in µs) as one inline SVG: log-scale latency on x (labels
 * in ms), exchange counts on y, the two series as bars side by side within each bin. Only numbers
 * and escaped labels end up in the markup.
 */
export function svgHistogram(series: readonly HistogramSeries[], titleText: string): string {
  const title = escapeHtml(titleText);
  const binned = series.map((s) => rebin(s.histogram));
  const occupied = binned.flatMap((bins) => [...bins.keys()]);
  if (occupied.length === 0) return `<p class="muted">No latency recorded.</p>`;

  const first = Math.min(...occupied);
  const last = Math.max(...occupied);
  const binCount = last - first + 1;
  const maxCount = Math.max(...binned.flatMap((bins) => [...bins.values()]));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const binW = plotW / binCount;
  const barW = Math.max(1, (binW * 0.9) / Math.max(1, series.length));
  const x = (bin: number): number => MARGIN.left + (bin - first) * binW;
  const y = (count: number): number => MARGIN.top + plotH - (count / maxCount) * plotH;

  const bars: string[] = [];
  binned.forEach((bins, i) => {
    const s = series[i];
    if (!s) return;
    for (const [bin, count] of bins) {
      const bx = x(bin) + binW * 0.05 + i * barW;
      const tip = `${escapeHtml(s.label)}: ${count} between ${tickMs(binLowerUs(bin))} and ${tickMs(binLowerUs(bin + 1))} ms`;
      bars.push(`<rect class="${escapeHtml(s.className)}" x="${fixed(bx)}" y="${fixed(y(count))}" width="${fixed(barW)}" height="${fixed(MARGIN.top + plotH - y(count))}"><title>${tip}</title></rect>`);
    }
  });

  const axisY = MARGIN.top + plotH;
  const ticks: string[] = [];
  // A tick at every decade (1, 10, 100 ms…) and at ×3 within it, when it falls inside the range.
  for (let bin = first; bin <= last + 1; bin++) {
    const step = ((bin % BINS_PER_DECADE) + BINS_PER_DECADE) % BINS_PER_DECADE;
    if (step !== 0 && step !== 5) continue;
    const tx = fixed(x(bin));
    ticks.push(`<line class="axis" x1="${tx}" y1="${axisY}" x2="${tx}" y2="${axisY + 5}"/><text class="tick" x="${tx}" y="${axisY + 17}" text-anchor="middle">${tickMs(binLowerUs(bin))}</text>`);
  }
  for (const fraction of [0, 0.5, 1]) {
    const count = Math.round(maxCount * fraction);
    const ty = fixed(y(count));
    ticks.push(`<line class="grid" x1="${MARGIN.left}" y1="${ty}" x2="${WIDTH - MARGIN.right}" y2="${ty}"/><text class="tick" x="${MARGIN.left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle">${count}</text>`);
  }

  const legend = series
    .map((s, i) => `<rect class="${escapeHtml(s.className)}" x="${MARGIN.left + 8 + i * 120}" y="6" width="12" height="12"/><text class="tick" x="${MARGIN.left + 24 + i * 120}" y="16">${escapeHtml(s.label)}</text>`)
    .join('');

  return [
    `<svg class="histogram" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${title}">`,
    `<title>${title}</title>`,
    ...ticks,
    ...bars,
    `<line class="axis" x1="${MARGIN.left}" y1="${axisY}" x2="${WIDTH - MARGIN.right}" y2="${axisY}"/>`,
    `<line class="axis" x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${axisY}"/>`,
    `<text class="axis-label" x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 6}" text-anchor="middle">latency (ms, log scale)</text>`,
    `<text class="axis-label" transform="translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">exchanges</text>`,
    legend,
    `</svg>`,
  ].join('\n');
}

/** Stored buckets (index b covers growth^b to growth^(b+1) µs) folded into coarse log10 bins. */
function rebin(h: SerialisedHistogram): Map<number, number> {
  const bins = new Map<number, number>();
  const logGrowth = Math.log10(h.growth);
  for (const [bucket, count] of h.buckets) {
    if (count <= 0) continue;
    const bin = Math.floor((bucket + 0.5) * logGrowth * BINS_PER_DECADE);
    bins.set(bin, (bins.get(bin) ?? 0) + count);
  }
  return bins;
}

function binLowerUs(bin: number): number {
  return 10 ** (bin / BINS_PER_DECADE);
}

/** µs as ms with two significant digits: a tick label is a round bin edge, not a measurement. */
function tickMs(us: number): string {
  const ms = us / 1000;
  return ms >= 100 ? ms.toFixed(0) : String(Number(ms.toPrecision(2)));
}

function fixed(n: number): string {
  return n.toFixed(1);
}
