import { randomBytes } from 'node:crypto';
import { ParityError } from '../core/errors.js';

export const REDACT_KEY_VARIABLE = 'PARITY_REDACT_KEY';
const MIN_KEY_LENGTH = 16;

/**
 * The card-surrogate key, from the environment only: it never appears on a command line, in a
 * config file or in a capture. Without one, a random key serves this run alone.
 */
export function redactionKey(env: Readonly<Record<string, string | undefined>>): { readonly key: Buffer; readonly ephemeral: boolean } {
  const value = env[REDACT_KEY_VARIABLE];
  if (value === undefined || value === '') return { key: randomBytes(32), ephemeral: true };
  if (value.length < MIN_KEY_LENGTH) {
    throw new ParityError('REDACT_KEY_WEAK', `${REDACT_KEY_VARIABLE} is ${value.length} characters; at least ${MIN_KEY_LENGTH} are required`, {
      hint: `generate one with: export ${REDACT_KEY_VARIABLE}=$(openssl rand -hex 32)`,
    });
  }
  return { key: Buffer.from(value, 'utf8'), ephemeral: false };
}
