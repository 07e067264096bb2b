import { atMost } from './at-most.js';

export const maxDecisionMismatches = atMost('max-decision-mismatches', 'maxDecisionMismatches', 'decision mismatches', 'decision');
