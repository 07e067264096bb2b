/**
 * The ISO 4217 currencies the reference validator accepts, with their minor-unit exponent.
 * JPY has no minor unit and BHD/KWD have three: rewrites that assume "cents" get these wrong.
 */
export const CURRENCIES = {
  EUR: { exponent: 2 },
  USD: { exponent: 2 },
  GBP: { exponent: 2 },
  CHF: { exponent: 2 },
  SEK: { exponent: 2 },
  JPY: { exponent: 0 },
  BHD: { exponent: 3 },
  KWD: { exponent: 3 },
} as const satisfies Record<string, { exponent: number }>;

export type Currency = keyof typeof CURRENCIES;

export const CURRENCY_CODES = Object.keys(CURRENCIES) as readonly Currency[];

export function isCurrency(value: string): value is Currency {
  return Object.hasOwn(CURRENCIES, value);
}
