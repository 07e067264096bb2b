import type { PerformancePolicy } from '../policy.js';

/** Figures the harness says it could not measure faithfully vouch for nothing, whatever they show. */
export const trustedBench: PerformancePolicy<never> = {
  name: 'trusted-bench',
  reads: 'performance',
  evaluate({ performance }) {
    const base = { name: 'trusted-bench', limit: 1, actual: null };
    if (performance.interrupted) return { ...base, passed: false, detail: `the bench was interrupted after ${performance.windows.length} windows: its figures are partial` };
    if (!performance.trust.trusted) return { ...base, passed: false, detail: `the figures cannot be trusted: ${performance.trust.reasons.join(' ')}` };
    return { ...base, passed: true, detail: `${performance.windows.length} windows measured, the harness kept up` };
  },
};
