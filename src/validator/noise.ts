import type { CompareOptions } from '../compare/settings.js';

/**
 * The reference validator's answer fields that differ on every call by design (`request_id` is
 * random, `processed_at` the wall clock): what a comparison of its answers ignores by rule when
 * no secondary legacy is there to find them.
 */
export const VALIDATOR_NOISE: CompareOptions = { ignore: { body: ['$.request_id', '$.processed_at'] } };
