import { AGGREGATE_LIMITS, Aggregator, copyGroup, decisionCell } from '../compare/aggregate.js';
import { resolveCompare, type CompareOptions } from '../compare/settings.js';
import { ParityError } from '../core/errors.js';
import { reportFrom } from './build.js';
import type { Group, ReportGroup, ReportV1 } from './model.js';

/**
 * Merges the reports of the shards of one run (`parity replay --shard i/n`, i = 1..n) into the
 * report a single run over the whole capture would have written: counts summed, groups joined by
 * signature with the earliest examples, latency histograms merged, noise recomputed over all
 * shards. Refuses reports that are not the shards of one run.
 */
export function mergeReports(reports: readonly ReportV1[]): ReportV1 {
  const first = checkShards(reports);
  const merged = new Aggregator(AGGREGATE_LIMITS);
  for (const report of reports) merged.merge(aggregatorOf(report));
  const compare = (first.settings['compare'] ?? {}) as CompareOptions;
  const startedAt = Math.min(...reports.map((r) => Date.parse(r.run.startedAt)));
  const finishedAt = Math.max(...reports.map((r) => Date.parse(r.run.finishedAt)));
  const skipped: Record<string, number> = {};
  for (const r of reports) for (const [reason, n] of Object.entries(r.totals.skipped)) skipped[reason] = (skipped[reason] ?? 0) + n;
  // Reports written before credentials were counted have none.
  const credentials = { restored: 0, missing: 0 };
  for (const r of reports) {
    credentials.restored += r.totals.credentials?.restored ?? 0;
    credentials.missing += r.totals.credentials?.missing ?? 0;
  }
  return reportFrom(merged, resolveCompare(compare), {
    run: {
      ...first.run,
      startedAt: new Date(startedAt).toISOString(),
      finishedAt: new Date(finishedAt).toISOString(),
      durationMs: finishedAt - startedAt,
      interrupted: reports.some((r) => r.run.interrupted),
      shard: null,
      mergedShards: reports.length,
    },
    skipped,
    credentials,
    legacySource: first.latency.legacySource,
    settings: first.settings,
  });
}

/** The aggregation a report was built from, before its noise exclusion. */
function aggregatorOf(report: ReportV1): Aggregator {
  const a = new Aggregator(AGGREGATE_LIMITS);
  a.compared = report.totals.compared;
  a.overflowGroups = report.ungroupedMismatches;
  Object.assign(a.categories, report.categories);
  for (const e of report.endpoints) a.endpoints.set(e.endpoint, { total: e.total, matched: e.matched });
  for (const d of report.decisions) a.decisions.set(decisionCell(d.legacy, d.candidate), d.count);
  for (const g of report.groups) a.groups.set(g.signature, groupOf(g));
  // Undo the exclusion: with every shard's noise counted, the merged run decides again.
  for (const g of report.noiseGroups) {
    a.groups.set(g.signature, groupOf(g));
    a.categories.body += g.count;
    a.categories.match -= g.count;
    const stats = a.endpoints.get(g.endpoint);
    if (stats) stats.matched -= g.count;
  }
  for (const n of report.noise) {
    const entry = a.noise.get(n.endpoint) ?? { exchanges: n.sampled, paths: new Map<string, number>() };
    entry.paths.set(n.path, n.exchanges);
    a.noise.set(n.endpoint, entry);
  }
  a.latency.legacy.merge(report.latency.histograms.legacy);
  a.latency.candidate.merge(report.latency.histograms.candidate);
  return a;
}

function groupOf(g: ReportGroup): Group {
  // Merging counts into it must not change the report it came from.
  return copyGroup({ ...g, examples: [...g.examples] });
}

/** The checks that make a set of reports the shards of one run, and nothing else. */
function checkShards(reports: readonly ReportV1[]): ReportV1 {
  const refuse = (message: string, hint: string): never => {
    throw new ParityError('REPORT_MERGE_MISMATCH', message, { hint });
  };
  const first = reports[0];
  if (!first || reports.length < 2) return refuse(`merge needs the reports of at least two shards, got ${reports.length}`, 'pass every shard\'s report.json');
  for (const r of reports) {
    if (!r.run.shard) refuse(`a report of a whole run (${r.run.capture.path}) is not a shard`, 'merge the reports written by `parity replay --shard i/n`');
  }
  const count = first.run.shard?.count ?? 0;
  const seen = new Set<number>();
  for (const r of reports) {
    const shard = r.run.shard as { index: number; count: number };
    if (shard.count !== count) refuse(`shard ${shard.index}/${shard.count} is from a split in ${shard.count}, others in ${count}`, 'merge the shards of one split');
    if (seen.has(shard.index)) refuse(`shard ${shard.index}/${count} is given twice`, 'pass each shard\'s report once');
    seen.add(shard.index);
    if (r.run.capture.sha256 !== first.run.capture.sha256) refuse(`shard ${shard.index}/${count} replayed another capture (sha256 ${r.run.capture.sha256.slice(0, 12)}…, not ${first.run.capture.sha256.slice(0, 12)}…)`, 'merge the shards of one capture');
    if (JSON.stringify(r.settings) !== JSON.stringify(first.settings)) refuse(`shard ${shard.index}/${count} ran with other settings than shard ${first.run.shard?.index}/${count}`, 'run every shard with the same config and flags');
    if (r.run.order !== first.run.order || r.run.partitionKey !== first.run.partitionKey) refuse(`shard ${shard.index}/${count} was split by another order or partition key`, 'run every shard with the same --order and --partition-key');
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) refuse(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing`, 'a merge covers the whole capture only with every shard');
  return first;
}
