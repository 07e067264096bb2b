import { allowListCurrent } from './allow-list-current.js';
import { completeRun } from './complete-run.js';
import { maxCritical } from './max-critical.js';
import { maxDecisionMismatches } from './max-decision-mismatches.js';
import { maxErrorCodeMismatches } from './max-error-code-mismatches.js';
import { maxP99Ratio } from './max-p99-ratio.js';
import { maxTransport } from './max-transport.js';
import { minParity } from './min-parity.js';
import { trustedBench } from './trusted-bench.js';

/**
 * Every gate policy, evaluated and shown in this order. Adding one is a file here and a line in
 * this list: its limit's config key, flag, default and schema come with it.
 */
export const POLICIES = [completeRun, maxCritical, maxDecisionMismatches, maxErrorCodeMismatches, maxTransport, minParity, allowListCurrent, trustedBench, maxP99Ratio] as const;
