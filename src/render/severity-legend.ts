import { NO_DECISION } from '../compare/aggregate.js';
import type { ReportV1, Severity } from '../report/model.js';

/**
 * What the severity of a group that changed no decision means, as compare/classify.ts's
 * severityOf judges it: only a decision change is ever critical, and the decision matrix's legend
 * says when.
 */
export const CHANGE_SEVERITIES: readonly (readonly [Severity, string])[] = [
  ['high', 'a 2xx answer became a 4xx or 5xx'],
  ['medium', 'another status change, a side that did not answer, or changed error codes'],
  ['low', 'a body or compared header differs, nothing else'],
];

/**
 * Whether the run compared decisions at all: a service without a decision path (`compare.decision:
 * null`), or one whose answers never held one, has only (none) on both sides, and a matrix of it
 * and a legend about approvals would say nothing true of it.
 */
export function decisionsCompared(report: ReportV1): boolean {
  return report.decisions.some((d) => d.legacy !== NO_DECISION || d.candidate !== NO_DECISION);
}
