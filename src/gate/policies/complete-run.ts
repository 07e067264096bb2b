import { whyPartial } from '../../report/run-state.js';
import { formatCount as n } from '../../util/format-number.js';
import type { CorrectnessPolicy } from '../policy.js';

/** A report that covers less than its capture cannot vouch for it, whatever its counts say. */
export const completeRun: CorrectnessPolicy<never> = {
  name: 'complete-run',
  reads: 'replay',
  evaluate({ report }) {
    const { compared } = report.totals;
    const base = { name: 'complete-run', actual: compared, limit: 1 };
    // Interrupted is not a count against a limit: no measure to show beside the name.
    const why = whyPartial(report.run);
    if (why) return { ...base, actual: null, passed: false, detail: `the run covers ${n(compared)} exchanges, ${why}: the report is partial` };
    if (compared === 0) return { ...base, passed: false, detail: 'no exchange was compared (an empty capture, or every exchange filtered or skipped)' };
    return { ...base, passed: true, detail: `${n(compared)} exchanges compared, run complete` };
  },
};
