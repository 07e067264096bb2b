import { CappedBody } from '../util/capped-body.js';

export { CappedBody } from '../util/capped-body.js';

/**
 * Bytes kept past the cap of a truncated body, so redaction sees a card number that crosses the
 * cap whole (19 digits with `%20` between each is 73 characters); the body is cut to the cap only
 * once it is clean (see createRedactor's maxBodyBytes).
 */
export const TRUNCATION_LOOKAHEAD = 128;

/** A recorded body: the cap plus the lookahead redaction needs (see CappedBody). */
export function recordedBody(cap: number): CappedBody {
  return new CappedBody(cap, TRUNCATION_LOOKAHEAD);
}
