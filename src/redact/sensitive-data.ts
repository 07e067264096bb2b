import { createHmac, randomBytes } from 'node:crypto';

/**
 * Destroys sensitive authentication data (CVV/CVC, PINs): every letter and digit becomes a digit
 * drawn from an HMAC under a salt that lives in this process only and is never written, so once
 * the run ends nothing maps the stored value back to the original (PCI DSS: never stored, not
 * even encrypted). Length and punctuation are kept, so a validator still sees a 3- or 4-digit
 * CVV; within a run the same value always gives the same digits, so an exact retry stays an exact
 * retry. The result is never the value itself.
 */
export function createDestroyer(): (value: string) => string {
  const salt = randomBytes(32);
  const draw = (value: string, attempt: number): string => {
    let mac = createHmac('sha256', salt).update(`${attempt}:${value}`).digest();
    let out = '';
    let at = 0;
    for (const char of value) {
      if (!/[0-9A-Za-z]/.test(char)) {
        out += char;
        continue;
      }
      if (at >= mac.length) {
        mac = createHmac('sha256', salt).update(mac).digest();
        at = 0;
      }
      out += String((mac[at++] ?? 0) % 10);
    }
    return out;
  };
  return (value) => {
    // Never the value itself, so a stored CVV is never the real one, even by chance.
    for (let attempt = 0; ; attempt++) {
      const out = draw(value, attempt);
      if (out !== value || !/[0-9A-Za-z]/.test(value)) return out;
    }
  };
}
