import { parityPercent } from '../../report/model.js';
import { boundedNumber } from '../../util/schema.js';
import { allowedExchanges } from '../outcome.js';
import type { CorrectnessPolicy } from '../policy.js';

export const minParity: CorrectnessPolicy<'minParity'> = {
  name: 'min-parity',
  reads: 'replay',
  limit: { key: 'minParity', schema: boundedNumber(0, 100), default: 100, unit: 'percent', describe: 'parity %, allowed groups counted as matches' },
  evaluate({ report, allowList, limit }) {
    const allowed = allowedExchanges(allowList);
    const { compared, matched } = report.totals;
    // Allowed differences are accepted ones: they count as matches here, as nowhere else.
    const parity = parityPercent(matched + allowed, compared);
    const passed = parity >= limit;
    const detail = `${parity}% parity${allowed > 0 ? ' (allowed groups counted as matches)' : ''}, minimum ${limit}%${passed ? '' : `: ${(Math.round((limit - parity) * 100) / 100).toString()} points short`}`;
    return { name: 'min-parity', passed, actual: parity, limit, detail };
  },
};
