import { createHmac } from 'node:crypto';

const FINGERPRINT_LABEL = 'parity-key-id';
const FINGERPRINT_HEX_CHARS = 16;

/**
 * Names a card-surrogate key without revealing it: HMAC-SHA256 under the key of a fixed label, cut
 * to 64 bits. Two captures with the same fingerprint were redacted under the same key, so their
 * surrogates of one card are equal; the fingerprint gives nothing to compute a surrogate with, and
 * finding the key from it means guessing the key (a random 32-byte key, as the README advises, is
 * out of reach).
 */
export function keyFingerprint(key: Uint8Array): string {
  return createHmac('sha256', key).update(FINGERPRINT_LABEL).digest('hex').slice(0, FINGERPRINT_HEX_CHARS);
}
