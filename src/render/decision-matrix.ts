import { decisionCell } from '../compare/aggregate.js';
import { SEVERITY_RANK, type Severity } from '../report/model.js';
import type { ReportV1 } from '../report/model.js';

export interface DecisionMatrix {
  /** Rows and columns alike, so agreement is the diagonal. */
  readonly labels: readonly string[];
  readonly cells: ReadonlyMap<string, { readonly count: number; readonly severity: Severity | null }>;
}

/** Where the decisions beyond the shown ones are counted. */
const OTHER = '(other)';

/**
 * The decision confusion matrix every rendering shows: one axis for both sides, busiest decisions
 * first, and beyond `maxLabels` the tail folded into (other) with its worst severity, so a
 * service with many decision values still gives a table a page can hold.
 */
export function decisionMatrix(decisions: ReportV1['decisions'], maxLabels: number): DecisionMatrix {
  const totals = new Map<string, number>();
  for (const d of decisions) for (const label of [d.legacy, d.candidate]) totals.set(label, (totals.get(label) ?? 0) + d.count);
  const ranked = [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([label]) => label);
  const kept = ranked.length > maxLabels ? ranked.slice(0, maxLabels - 1) : ranked;
  const keptSet = new Set(kept);
  const fold = (label: string) => (keptSet.has(label) ? label : OTHER);
  const cells = new Map<string, { count: number; severity: Severity | null }>();
  for (const d of decisions) {
    const key = decisionCell(fold(d.legacy), fold(d.candidate));
    const cell = cells.get(key) ?? { count: 0, severity: null };
    cell.count += d.count;
    if (d.severity && d.count > 0 && (cell.severity === null || SEVERITY_RANK[d.severity] < SEVERITY_RANK[cell.severity])) cell.severity = d.severity;
    cells.set(key, cell);
  }
  return { labels: ranked.length > kept.length ? [...kept, OTHER] : kept, cells };
}
