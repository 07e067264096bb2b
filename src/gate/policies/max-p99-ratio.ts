import { boundedNumber } from '../../util/schema.js';
import { formatRatio } from '../../util/format-number.js';
import type { Policy } from '../policy.js';

export const maxP99Ratio: Policy<'maxP99Ratio'> = {
  name: 'max-p99-ratio',
  limit: { key: 'maxP99Ratio', schema: boundedNumber(0.001), default: 1.1, unit: 'ratio', describe: 'candidate p99 / legacy p99' },
  evaluate({ report, limit }) {
    const base = { name: 'max-p99-ratio', limit };
    // Recorded legacy latencies were measured at record time, under production's load and
    // network, not beside the candidate: a ratio to them would be noise that fails good builds.
    if (report.latency.legacySource === 'recorded') return { ...base, passed: true, actual: null, detail: 'not measured: legacy answers were recorded; replay with --legacy URL to compare latency live' };
    const ratio = report.latency.ratio.p99;
    if (ratio === null) return { ...base, passed: true, actual: null, detail: 'not measured: a side has no latency' };
    const passed = ratio <= limit;
    const detail = `candidate p99 is ${formatRatio(ratio)} legacy's, limit ${formatRatio(limit)}${passed ? '' : `: ${Math.round((ratio / limit - 1) * 1000) / 10}% over`}`;
    return { ...base, passed, actual: ratio, detail };
  },
};
