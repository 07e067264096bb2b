import { boundedNumber } from '../../util/schema.js';
import type { PerformancePolicy } from '../policy.js';

const ratio = (r: number) => `${r.toFixed(3)}×`;

/**
 * Candidate p99 over legacy's, as `parity bench` measured it in alternating windows. Fails only
 * when the lower bound of the ratio's 95% interval is past the limit: a ratio whose interval
 * straddles the limit is within what the machine's noise could make of an equal candidate.
 */
export const maxP99Ratio: PerformancePolicy<'maxP99Ratio'> = {
  name: 'max-p99-ratio',
  reads: 'performance',
  limit: { key: 'maxP99Ratio', schema: boundedNumber(0.001), default: 1.1, unit: 'ratio', describe: 'candidate p99 / legacy p99 (lower bound of its 95% interval, from parity bench)' },
  evaluate({ performance, limit }) {
    const base = { name: 'max-p99-ratio', limit };
    const p99 = performance.scorecard.latency.p99;
    if (p99.ratio === null) return { ...base, passed: true, actual: null, detail: 'not measured: a side answered nothing' };
    // One pair of windows has no interval: the point ratio is all there is.
    const [low, high] = p99.interval ?? [p99.ratio, p99.ratio];
    const passed = low <= limit;
    const interval = p99.interval ? ` (95% interval ${ratio(low)}–${ratio(high)})` : ' (no interval: a single pair of windows)';
    const verdict = passed ? (high > limit ? ': the interval reaches past the limit, the difference is not established' : '') : `: even the lower bound is ${((low / limit - 1) * 100).toFixed(1)}% over`;
    return { ...base, passed, actual: p99.ratio, detail: `candidate p99 is ${ratio(p99.ratio)} legacy's${interval}, limit ${limit.toFixed(2)}×${verdict}` };
  },
};
