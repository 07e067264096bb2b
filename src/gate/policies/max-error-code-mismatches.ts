import { atMost } from './at-most.js';

export const maxErrorCodeMismatches = atMost('max-error-code-mismatches', 'maxErrorCodeMismatches', 'error-code mismatches', 'error_codes');
