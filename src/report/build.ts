import { decisionsOfCell, NO_DECISION, type Aggregator } from '../compare/aggregate.js';
import { severityOf } from '../compare/classify.js';
import type { ResolvedCompare } from '../compare/settings.js';
import type { Histogram } from '../util/histogram.js';
import { VERSION } from '../version.js';
import { parityPercent as percent, REPORT_VERSION, type LatencySummary, type ReportV1 } from './model.js';

/** What a report says about its run, beside what the aggregator counted. */
export interface RunDetails {
  readonly run: ReportV1['run'];
  readonly skipped: Readonly<Record<string, number>>;
  readonly credentials: ReportV1['totals']['credentials'];
  readonly legacySource: ReportV1['latency']['legacySource'];
  readonly settings: ReportV1['settings'];
}

/**
 * The report of a finished aggregation: noise exclusion applied, groups worst first, percentages
 * and latency summaries computed. One run and a merge of shards both end here.
 */
export function reportFrom(a: Aggregator, settings: ResolvedCompare, details: RunDetails): ReportV1 {
  const { excluded, noiseGroups } = a.excludeNoise(settings.noiseThreshold);
  const matched = a.categories.match;
  const skippedTotal = Object.values(details.skipped).reduce((x, y) => x + y, 0);
  const legacyLatency = summarise(a.latency.legacy);
  const candidateLatency = summarise(a.latency.candidate);
  const ratio = (x: number, y: number) => (x > 0 && y > 0 ? Math.round((y / x) * 1000) / 1000 : null);
  const { durationMs } = details.run;
  return {
    reportVersion: REPORT_VERSION,
    tool: { name: 'parity', version: VERSION },
    run: details.run,
    totals: { exchanges: a.compared + skippedTotal, compared: a.compared, matched, mismatched: a.compared - matched, parityPercent: percent(matched, a.compared), skipped: { ...details.skipped }, credentials: details.credentials },
    categories: { ...a.categories },
    endpoints: [...a.endpoints].map(([endpoint, s]) => ({ endpoint, total: s.total, matched: s.matched, parityPercent: percent(s.matched, s.total) })).sort((x, y) => y.total - x.total || x.endpoint.localeCompare(y.endpoint)),
    decisions: [...a.decisions]
      .map(([cell, count]) => {
        const [legacy, candidate] = decisionsOfCell(cell);
        // A '(none)' cell is a side that did not answer: that is transport, not a decision severity.
        const decided = legacy !== candidate && legacy !== NO_DECISION && candidate !== NO_DECISION;
        return { legacy, candidate, count, severity: decided ? (severityOf('decision', legacy, candidate, settings) ?? null) : null };
      })
      .sort((x, y) => y.count - x.count || x.legacy.localeCompare(y.legacy) || x.candidate.localeCompare(y.candidate)),
    // The aggregator is done with: its groups become the report's as they are.
    groups: a.sortedGroups(),
    ungroupedMismatches: a.overflowGroups,
    noise: [...a.noise]
      .flatMap(([endpoint, n]) =>
        [...n.paths].map(([path, count]) => ({ endpoint, path, exchanges: count, sampled: n.exchanges, share: Math.round((count / n.exchanges) * 1000) / 1000, excluded: excluded.get(endpoint)?.has(path) ?? false })),
      )
      .sort((x, y) => y.exchanges - x.exchanges || x.endpoint.localeCompare(y.endpoint) || x.path.localeCompare(y.path)),
    noiseGroups: noiseGroups.sort((x, y) => y.count - x.count || x.signature.localeCompare(y.signature)),
    latency: {
      legacy: legacyLatency,
      candidate: candidateLatency,
      ratio: { p50: ratio(legacyLatency.p50, candidateLatency.p50), p99: ratio(legacyLatency.p99, candidateLatency.p99) },
      throughput: durationMs > 0 ? Math.round((a.compared / durationMs) * 1000 * 10) / 10 : 0,
      histograms: { legacy: a.latency.legacy.toJSON(), candidate: a.latency.candidate.toJSON() },
      legacySource: details.legacySource,
    },
    settings: details.settings,
  };
}


function summarise(h: Histogram): LatencySummary {
  return { count: h.count, p50: h.percentile(50), p90: h.percentile(90), p99: h.percentile(99), p999: h.percentile(99.9), max: h.max, mean: h.mean };
}
