import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { ParityError } from '../core/errors.js';

export const SEAL_KEY_VARIABLE = 'PARITY_SEAL_KEY';
const MIN_KEY_LENGTH = 16;

/**
 * A sealed credential as it is stored: `parity-sealed.v1.` then base64url(IV ‖ ciphertext ‖ tag).
 * Every character is URL-safe, so a sealed value needs no escaping in a header, a query string, a
 * form body, a cookie or JSON, and replay finds it wherever it was stored.
 */
const PREFIX = 'parity-sealed.v1.';
const SEALED = /parity-sealed\.v1\.[A-Za-z0-9_-]{38,}/g;
/** Starts the plaintext of a credential that was a JSON number, so replay writes a number back. */
export const JSON_NUMBER_MARK = '\u0000#';

/** What replaces a credential when there is no seal key: self-explanatory to anyone reading the capture. */
export const REMOVED_CREDENTIAL = 'parity-redacted';

export interface Sealer {
  /** The credential encrypted (AES-256-GCM, a fresh IV each time). */
  seal(value: string): string;
}

export interface Unsealer {
  /** Every sealed value in `text` decrypted; one that does not open under this key becomes ''. */
  unseal(text: string): { readonly text: string; readonly opened: number; readonly failed: number };
  /** One sealed value (the whole of `sealed`): its plaintext, and whether it was a JSON number; undefined when it does not open. */
  openValue(sealed: string): { readonly value: string; readonly jsonNumber: boolean } | undefined;
}

/**
 * The sealing key, from the environment only (never a flag, a config file or a capture). Any
 * string of 16+ characters; the AES-256 key is its SHA-256, so `openssl rand -hex 32` is a good one.
 * Undefined when the variable is not set: credentials are then removed, not sealed.
 */
export function sealKey(env: Readonly<Record<string, string | undefined>>): Buffer | undefined {
  const value = env[SEAL_KEY_VARIABLE];
  if (value === undefined || value === '') return undefined;
  if (value.length < MIN_KEY_LENGTH) {
    throw new ParityError('REDACT_KEY_WEAK', `${SEAL_KEY_VARIABLE} is ${value.length} characters; at least ${MIN_KEY_LENGTH} are required`, {
      hint: `generate one with: export ${SEAL_KEY_VARIABLE}=$(openssl rand -hex 32)`,
    });
  }
  return createHash('sha256').update(`parity-seal:${value}`).digest();
}

export function createSealer(key: Uint8Array): Sealer {
  return {
    seal(value) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
    },
  };
}

export function createUnsealer(key: Uint8Array | undefined): Unsealer {
  return {
    unseal(text) {
      if (!text.includes(PREFIX)) return { text, opened: 0, failed: 0 };
      let opened = 0;
      let failed = 0;
      const out = text.replace(SEALED, (sealed) => {
        const value = key ? open(key, sealed) : undefined;
        if (value === undefined) {
          failed++;
          return '';
        }
        opened++;
        return value.startsWith(JSON_NUMBER_MARK) ? value.slice(JSON_NUMBER_MARK.length) : value;
      });
      return { text: out, opened, failed };
    },
    openValue(sealed) {
      const value = key && isSealed(sealed) ? open(key, sealed) : undefined;
      if (value === undefined) return undefined;
      return value.startsWith(JSON_NUMBER_MARK) ? { value: value.slice(JSON_NUMBER_MARK.length), jsonNumber: true } : { value, jsonNumber: false };
    },
  };
}

/** True when `value` is one sealed value and nothing else (it is then stored as it is). */
export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX) && /^parity-sealed\.v1\.[A-Za-z0-9_-]+$/.test(value);
}

/** True when `text` holds a sealed value (cheap: a substring test). */
export function holdsSealed(text: string): boolean {
  return text.includes(PREFIX);
}

function open(key: Uint8Array, sealed: string): string | undefined {
  const bytes = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
  if (bytes.length < 12 + 16) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
