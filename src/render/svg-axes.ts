/** Shared geometry of the performance charts: one size, log-scale latency ticks in ms. */
export const CHART = { width: 760, height: 280, margin: { top: 28, right: 16, bottom: 44, left: 60 } } as const;

export const plotWidth = CHART.width - CHART.margin.left - CHART.margin.right;
export const plotHeight = CHART.height - CHART.margin.top - CHART.margin.bottom;

/** A log10 scale from `lowUs`…`highUs` onto the plot's height (larger values higher up). */
export function logLatencyScale(lowUs: number, highUs: number): { readonly y: (us: number) => number; readonly ticks: readonly number[] } {
  // A tenth of a decade of room each way, so no line is drawn on an axis.
  const lo = Math.log10(Math.max(1, lowUs)) - 0.1;
  const hi = Math.max(lo + 0.4, Math.log10(Math.max(1, highUs)) + 0.1);
  const y = (us: number) => CHART.margin.top + plotHeight - ((Math.log10(Math.max(1, us)) - lo) / (hi - lo)) * plotHeight;
  // 1-2-5 ticks (in µs, labelled in ms) inside the range.
  const ticks: number[] = [];
  for (let decade = Math.floor(lo); decade <= Math.ceil(hi); decade++) {
    for (const step of [1, 2, 5]) {
      const v = step * 10 ** decade;
      if (Math.log10(v) >= lo - 1e-9 && Math.log10(v) <= hi + 1e-9) ticks.push(v);
    }
  }
  return { y, ticks };
}

/** µs as a short ms label for an axis: a round tick, not a measurement. */
export function tickLabelMs(us: number): string {
  return String(Number((us / 1000).toPrecision(2)));
}

export function fixed(n: number): string {
  return n.toFixed(1);
}

/** The legend's swatches: a line per series, dashed like the series it names. */
export function lineLegend(entries: readonly { readonly label: string; readonly className: string }[]): string {
  return entries
    .map((e, i) => {
      const x = CHART.margin.left + 8 + i * 150;
      return `<line class="${e.className}" x1="${x}" y1="12" x2="${x + 18}" y2="12"/><text class="tick" x="${x + 24}" y="16">${e.label}</text>`;
    })
    .join('');
}

/** A chart's frame around its parts: title, grid, ticks, series, the two axes and their labels, the legend. */
export function chartFrame(chart: {
  readonly className: string;
  readonly title: string;
  readonly body: readonly string[];
  readonly xLabel: string;
  readonly legend: string;
}): string {
  const axisY = CHART.height - CHART.margin.bottom;
  return [
    `<svg class="chart ${chart.className}" viewBox="0 0 ${CHART.width} ${CHART.height}" role="img" aria-label="${chart.title}">`,
    `<title>${chart.title}</title>`,
    ...chart.body,
    `<line class="axis" x1="${CHART.margin.left}" y1="${axisY}" x2="${CHART.width - CHART.margin.right}" y2="${axisY}"/>`,
    `<line class="axis" x1="${CHART.margin.left}" y1="${CHART.margin.top}" x2="${CHART.margin.left}" y2="${axisY}"/>`,
    `<text class="axis-label" x="${CHART.margin.left + plotWidth / 2}" y="${CHART.height - 6}" text-anchor="middle">${chart.xLabel}</text>`,
    `<text class="axis-label" transform="translate(14 ${CHART.margin.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">ms (log scale)</text>`,
    chart.legend,
    `</svg>`,
  ].join('\n');
}
