import { parityPercent, type Category } from '../report/model.js';
import type { ReportV1 } from '../report/model.js';
import { formatCount as n, formatRatio } from '../util/format-number.js';
import type { GateLimits } from './limits.js';
import { allowedExchanges, type AllowListFindings, type PolicyResult } from './outcome.js';

/** What a policy sees: the report, and what the allow-list accepted in it. */
export interface PolicyInput {
  readonly report: ReportV1;
  readonly allowList: AllowListFindings;
  readonly limits: GateLimits;
}

/** One rule a report must pass. Adding a policy is adding an entry to POLICIES. */
export interface Policy {
  /** Stable: the flag (`--max-decision-mismatches`) and the JUnit test case name. */
  readonly name: string;
  evaluate(input: PolicyInput): PolicyResult;
}


/** Exchanges of a category not accepted by the allow-list. */
function unallowed(input: PolicyInput, category: Exclude<Category, 'match'>): { count: number; allowed: number } {
  const allowedSignatures = new Set(input.allowList.allowed.map((a) => a.signature));
  const allowed = input.report.groups.filter((g) => g.category === category && allowedSignatures.has(g.signature)).reduce((sum, g) => sum + g.count, 0);
  return { count: input.report.categories[category] - allowed, allowed };
}

function atMost(name: string, what: string, category: Exclude<Category, 'match'>, limitOf: (l: GateLimits) => number): Policy {
  return {
    name,
    evaluate(input) {
      const { count, allowed } = unallowed(input, category);
      const limit = limitOf(input.limits);
      const passed = count <= limit;
      const allowedNote = allowed > 0 ? ` (${n(allowed)} more allowed by the allow-list)` : '';
      const detail = passed ? `${n(count)} ${what}, limit ${n(limit)}${allowedNote}` : `${n(count)} ${what}, limit ${n(limit)}: ${n(count - limit)} over${allowedNote}`;
      return { name, passed, actual: count, limit, detail };
    },
  };
}

const minParity: Policy = {
  name: 'min-parity',
  evaluate({ report, allowList, limits }) {
    const allowed = allowedExchanges(allowList);
    const { compared, matched } = report.totals;
    // Allowed differences are accepted ones: they count as matches here, as nowhere else.
    const parity = parityPercent(matched + allowed, compared);
    const passed = parity >= limits.minParity;
    const detail = `${parity}% parity${allowed > 0 ? ' (allowed groups counted as matches)' : ''}, minimum ${limits.minParity}%${passed ? '' : `: ${(Math.round((limits.minParity - parity) * 100) / 100).toString()} points short`}`;
    return { name: 'min-parity', passed, actual: parity, limit: limits.minParity, detail };
  },
};

const maxP99Ratio: Policy = {
  name: 'max-p99-ratio',
  evaluate({ report, limits }) {
    const base = { name: 'max-p99-ratio', limit: limits.maxP99Ratio };
    // Recorded legacy latencies were measured at record time, under production's load and
    // network, not beside the candidate: a ratio to them would be noise that fails good builds.
    if (report.latency.legacySource === 'recorded') return { ...base, passed: true, actual: null, detail: 'not measured: legacy answers were recorded; replay with --legacy URL to compare latency live' };
    const ratio = report.latency.ratio.p99;
    if (ratio === null) return { ...base, passed: true, actual: null, detail: 'not measured: a side has no latency' };
    const passed = ratio <= limits.maxP99Ratio;
    const detail = `candidate p99 is ${formatRatio(ratio)} legacy's, limit ${formatRatio(limits.maxP99Ratio)}${passed ? '' : `: ${Math.round((ratio / limits.maxP99Ratio - 1) * 1000) / 10}% over`}`;
    return { ...base, passed, actual: ratio, detail };
  },
};

/** A report that covers less than its capture cannot vouch for it, whatever its counts say. */
const completeRun: Policy = {
  name: 'complete-run',
  evaluate({ report }) {
    const { compared } = report.totals;
    const base = { name: 'complete-run', actual: compared, limit: 1 };
    // Interrupted is not a count against a limit: no measure to show beside the name.
    if (report.run.interrupted) return { ...base, actual: null, passed: false, detail: `the run was interrupted after ${n(compared)} exchanges: the report is partial` };
    if (compared === 0) return { ...base, passed: false, detail: 'no exchange was compared (an empty capture, or every exchange filtered or skipped)' };
    return { ...base, passed: true, detail: `${n(compared)} exchanges compared, run complete` };
  },
};

const maxCritical: Policy = {
  name: 'max-critical',
  evaluate({ report, limits }) {
    const count = report.decisions.filter((d) => d.severity === 'critical').reduce((sum, d) => sum + d.count, 0);
    const passed = count <= limits.maxCritical;
    const detail = `${n(count)} false approvals (candidate approves what legacy did not), limit ${n(limits.maxCritical)}; the allow-list does not apply`;
    return { name: 'max-critical', passed, actual: count, limit: limits.maxCritical, detail };
  },
};

const allowListCurrent: Policy = {
  name: 'allow-list',
  evaluate({ allowList }) {
    const { expired, stale } = allowList;
    const passed = expired.length === 0;
    const staleNote = stale.length > 0 ? `; ${stale.length} stale (allow${stale.length === 1 ? 's' : ''} nothing: remove ${stale.length === 1 ? 'it' : 'them'})` : '';
    const detail = passed
      ? `${allowList.allowed.length} group(s) allowed, no entry expired${staleNote}`
      : `${expired.length} expired entr${expired.length === 1 ? 'y' : 'ies'}: ${expired.map((e) => `"${e.signature}" (${e.owner}, expired ${e.expires})`).join(', ')}${staleNote}`;
    return { name: 'allow-list', passed, actual: expired.length, limit: 0, detail };
  },
};

/** Evaluated in this order; the order is how they are shown. */
export const POLICIES: readonly Policy[] = [
  completeRun,
  maxCritical,
  atMost('max-decision-mismatches', 'decision mismatches', 'decision', (l) => l.maxDecisionMismatches),
  atMost('max-error-code-mismatches', 'error-code mismatches', 'error_codes', (l) => l.maxErrorCodeMismatches),
  atMost('max-transport', 'transport failures', 'transport', (l) => l.maxTransport),
  minParity,
  maxP99Ratio,
  allowListCurrent,
];
