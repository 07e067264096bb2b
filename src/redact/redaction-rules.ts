import { parseJsonPath, type JsonPath } from '../util/json-path.js';

/** What to redact, beyond the built-in protections that cannot be turned off. */
export interface RedactionOptions {
  /** Extra header names to remove (case-insensitive). */
  readonly headers?: readonly string[];
  /** JSON paths of card numbers, tokenised even when they do not look like one (e.g. a JSON number). */
  readonly cardPaths?: readonly string[];
  /** JSON paths whose values are replaced by `null`. */
  readonly dropPaths?: readonly string[];
  /** JSON paths whose string values keep their length but every character becomes `*`. */
  readonly maskPaths?: readonly string[];
}

export interface ResolvedRedaction {
  readonly headers: ReadonlySet<string>;
  readonly cardPaths: readonly JsonPath[];
  readonly dropPaths: readonly JsonPath[];
  readonly maskPaths: readonly JsonPath[];
}

/** Credentials never reach a capture, whatever the configuration says. */
export const ALWAYS_REMOVED_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key'] as const;

/** Keys whose values are card verification codes, wherever they appear. */
export const CVV_KEYS: ReadonlySet<string> = new Set(['cvv', 'cvc', 'cvv2', 'cvc2', 'cid', 'csc', 'security_code', 'securitycode', 'card_verification_value']);

/** Keys whose presence means the exchange carries PIN material: such an exchange is not stored. */
export const PIN_KEYS: ReadonlySet<string> = new Set(['pin', 'pin_block', 'pinblock', 'encrypted_pin']);

export function resolveRedaction(options: RedactionOptions = {}): ResolvedRedaction {
  return {
    headers: new Set([...ALWAYS_REMOVED_HEADERS, ...(options.headers ?? []).map((h) => h.toLowerCase())]),
    cardPaths: (options.cardPaths ?? ['$..card.number', '$..card_number', '$..pan']).map(parseJsonPath),
    dropPaths: (options.dropPaths ?? []).map(parseJsonPath),
    maskPaths: (options.maskPaths ?? []).map(parseJsonPath),
  };
}
