import { createHmac } from 'node:crypto';
import { luhnCheckDigit, luhnValid } from '../util/luhn.js';

/**
 * Maps a card number to a deterministic keyed surrogate that keeps what validators decide on:
 * the BIN (first 6 digits; 8 for numbers of 16+ digits), the length, the separators and the Luhn
 * status. Every other digit comes from HMAC-SHA-256(key, digits), so the same card always maps to
 * the same surrogate (velocity and duplicate rules still see one card) and, without the key, the
 * surrogate says nothing about the original beyond the BIN (PCI DSS 3.4: unreadable at rest).
 */
export function createCardTokenizer(key: Uint8Array): (card: string) => string {
  return (card) => {
    const digits = digitsOfCard(card);
    const binLength = digits.length >= 16 ? 8 : 6;
    const bin = digits.slice(0, binLength);
    const middleLength = digits.length - binLength - 1;
    let surrogate = digits;
    for (let attempt = 0; surrogate === digits; attempt++) {
      const payload = bin + digitStream(key, digits, attempt, middleLength);
      const check = luhnCheckDigit(payload);
      // An invalid number must stay invalid: shift the check digit by a keyed non-zero amount.
      const last = luhnValid(digits) ? check : String((Number(check) + 1 + (digitStream(key, digits, attempt + 1_000, 1).charCodeAt(0) % 9)) % 10);
      surrogate = payload + last;
    }
    return withSeparatorsOf(card, surrogate);
  };
}

/** `length` decimal digits drawn uniformly from HMAC output (bytes >= 250 are skipped to avoid bias). */
function digitStream(key: Uint8Array, digits: string, attempt: number, length: number): string {
  let out = '';
  for (let block = 0; out.length < length; block++) {
    const mac = createHmac('sha256', key).update(`${attempt}:${block}:${digits}`).digest();
    for (const byte of mac) {
      if (byte < 250 && out.length < length) out += String(byte % 10);
    }
  }
  return out;
}

/** The digits of a card number as written: separators dropped, `%20` (a URL-encoded space) included. */
export function digitsOfCard(written: string): string {
  return written.replace(/%20|\D/g, '');
}

function withSeparatorsOf(original: string, digits: string): string {
  let next = 0;
  return original.replace(/%20|\d/g, (m) => (m === '%20' ? m : (digits[next++] ?? '')));
}
