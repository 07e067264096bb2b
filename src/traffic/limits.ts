import { DEFAULT_CONVENTIONS, toMinorUnits } from '../validator/conventions.js';
import type { Currency } from '../validator/currencies.js';
import type { ValidatorSettings } from '../validator/settings.js';
import type { TrafficMerchant } from './population.js';

export interface MinorLimits {
  readonly min: number;
  readonly max: number;
  readonly daily: number;
}

/** The validator's per-currency limits in minor units (JPY has none, BHD and KWD three decimals). */
export function minorLimits(settings: ValidatorSettings, currency: Currency): MinorLimits {
  const l = settings.limits[currency];
  const minor = (major: number) => toMinorUnits(major, currency, DEFAULT_CONVENTIONS);
  return { min: minor(l.min), max: minor(l.max), daily: minor(l.daily) };
}

/** The merchant's per-transaction cap in minor units, or undefined when it has none in `currency`. */
export function merchantCap(merchant: TrafficMerchant, currency: Currency): number | undefined {
  const cap = merchant.caps[currency];
  return cap === undefined ? undefined : toMinorUnits(cap, currency, DEFAULT_CONVENTIONS);
}
