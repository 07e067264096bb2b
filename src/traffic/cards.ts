import { luhnCheckDigit } from '../util/luhn.js';
import type { Random } from '../util/random.js';

export interface TrafficCard {
  /** Digits only, Luhn-valid. */
  readonly number: string;
  readonly expiryMonth: number;
  readonly expiryYear: number;
  readonly cvv: string;
}

interface Brand {
  /** Issuer prefixes; the rest of the 6-digit BIN and the account digits are drawn. */
  readonly prefixes: readonly string[];
  readonly length: number;
  readonly cvvLength: number;
}

const VISA: Brand = { prefixes: ['4'], length: 16, cvvLength: 3 };
const MASTERCARD: Brand = { prefixes: ['51', '52', '53', '54', '55', '2221', '2720'], length: 16, cvvLength: 3 };
const AMEX: Brand = { prefixes: ['34', '37'], length: 15, cvvLength: 4 };
const JCB: Brand = { prefixes: ['3528', '3540', '3566', '3589'], length: 16, cvvLength: 3 };

/** A card number of a brand common in `country`, Luhn-valid. */
export function cardNumber(random: Random, country: string): string {
  const brand =
    country === 'JP'
      ? random.weighted<Brand>([[JCB, 5], [VISA, 3], [MASTERCARD, 2]])
      : random.weighted<Brand>([[VISA, 6], [MASTERCARD, 4], [AMEX, country === 'US' ? 2 : 0.5]]);
  let payload = random.pick(brand.prefixes);
  while (payload.length < brand.length - 1) payload += String(random.int(0, 9));
  return payload + luhnCheckDigit(payload);
}

export function cvvFor(random: Random, number: string): string {
  const length = number.length === 15 ? 4 : 3;
  return Array.from({ length }, () => String(random.int(0, 9))).join('');
}

/** The month `monthsAhead` months after the UTC month of `epochMs` (negative: before). */
export function monthFrom(epochMs: number, monthsAhead: number): { readonly month: number; readonly year: number } {
  const d = new Date(epochMs);
  const index = d.getUTCFullYear() * 12 + d.getUTCMonth() + monthsAhead;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/**
 * A card issued to a customer. Most expire months or years after `start`; a few expire in the
 * month traffic starts (valid through its last day) and, for secondary cards, a few have already
 * expired (an old card still stored at a shop).
 */
export function issueCard(random: Random, country: string, start: number, primary: boolean): TrafficCard {
  const number = cardNumber(random, country);
  const monthsAhead = random.weighted<() => number>([
    [() => random.int(1, 48), 93],
    [() => 0, 4],
    [() => (primary ? random.int(1, 48) : -random.int(1, 18)), 3],
  ])();
  const { month, year } = monthFrom(start, monthsAhead);
  return { number, expiryMonth: month, expiryYear: year, cvv: cvvFor(random, number) };
}
