import { boundedNumber } from '../../util/schema.js';
import { formatCount as n } from '../../util/format-number.js';
import type { CorrectnessPolicy } from '../policy.js';

/** False approvals (legacy declined or reviewed, candidate approved), allow-list or not. */
export const maxCritical: CorrectnessPolicy<'maxCritical'> = {
  name: 'max-critical',
  reads: 'replay',
  limit: { key: 'maxCritical', schema: boundedNumber(0, undefined, { integer: true }), default: 0, unit: 'count', describe: 'false approvals, whatever the allow-list says' },
  evaluate({ report, limit }) {
    const count = report.decisions.filter((d) => d.severity === 'critical').reduce((sum, d) => sum + d.count, 0);
    const passed = count <= limit;
    const detail = `${n(count)} false approvals (candidate approves what legacy did not), limit ${n(limit)}; the allow-list does not apply`;
    return { name: 'max-critical', passed, actual: count, limit, detail };
  },
};
