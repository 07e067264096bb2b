import type { Category } from '../compare/classify.js';
import type { ReportV1 } from '../report/model.js';
import type { GateLimits } from './limits.js';
import type { AllowListFindings, PolicyResult } from './outcome.js';

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

const n = (v: number) => v.toLocaleString('en');

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
    const allowed = allowList.allowed.reduce((sum, a) => sum + a.count, 0);
    const { compared, matched } = report.totals;
    // Allowed differences are accepted ones: they count as matches here, as nowhere else.
    const parity = compared === 0 ? 100 : Math.floor(((matched + allowed) / compared) * 10_000) / 100;
    const passed = parity >= limits.minParity;
    const detail = `${parity}% parity${allowed > 0 ? ' (allowed groups counted as matches)' : ''}, minimum ${limits.minParity}%${passed ? '' : `: ${(Math.round((limits.minParity - parity) * 100) / 100).toString()} points short`}`;
    return { name: 'min-parity', passed, actual: parity, limit: limits.minParity, detail };
  },
};

const maxP99Ratio: Policy = {
  name: 'max-p99-ratio',
  evaluate({ report, limits }) {
    const ratio = report.latency.ratio.p99;
    if (ratio === null) return { name: 'max-p99-ratio', passed: true, actual: null, limit: limits.maxP99Ratio, detail: 'no latency on one side: not measured' };
    const source = report.latency.legacySource === 'recorded' ? ' (legacy latency as recorded)' : '';
    const passed = ratio <= limits.maxP99Ratio;
    const detail = `candidate p99 is ${ratio}× legacy's${source}, limit ${limits.maxP99Ratio}×${passed ? '' : `: ${Math.round((ratio / limits.maxP99Ratio - 1) * 1000) / 10}% over`}`;
    return { name: 'max-p99-ratio', passed, actual: ratio, limit: limits.maxP99Ratio, detail };
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
    const staleNote = stale.length > 0 ? `; ${stale.length} stale (match nothing: remove them)` : '';
    const detail = passed
      ? `${allowList.allowed.length} group(s) allowed, no entry expired${staleNote}`
      : `${expired.length} expired entr${expired.length === 1 ? 'y' : 'ies'}: ${expired.map((e) => `"${e.signature}" (${e.owner}, expired ${e.expires})`).join(', ')}${staleNote}`;
    return { name: 'allow-list', passed, actual: expired.length, limit: 0, detail };
  },
};

/** Evaluated in this order; the order is how they are shown. */
export const POLICIES: readonly Policy[] = [
  maxCritical,
  atMost('max-decision-mismatches', 'decision mismatches', 'decision', (l) => l.maxDecisionMismatches),
  atMost('max-error-code-mismatches', 'error-code mismatches', 'error_codes', (l) => l.maxErrorCodeMismatches),
  atMost('max-transport', 'transport failures', 'transport', (l) => l.maxTransport),
  minParity,
  maxP99Ratio,
  allowListCurrent,
];
