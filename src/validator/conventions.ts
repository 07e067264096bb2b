import { utcDay, type DayNumber, type Timestamp } from '../util/timestamp.js';
import { CURRENCIES, type Currency } from './currencies.js';

/**
 * Behaviours several rules (and the commit step) share. Kept apart from the rules so that a
 * mutation can change one convention everywhere it applies, the way a rewrite gets it wrong.
 */
export interface Conventions {
  /** Minor-unit exponent used to turn limits written in major units into minor units. */
  readonly exponentOf: (currency: Currency) => number;
  /** The calendar day a transaction counts towards for daily limits. */
  readonly dayOf: (timestamp: Timestamp) => DayNumber;
  /** Whether a merchant id in a request names a registered merchant. */
  readonly sameMerchantId: (requested: string, registered: string) => boolean;
  /** Whether an approval reserves the amount on the account. */
  readonly holdOnApproval: boolean;
}

export const DEFAULT_CONVENTIONS: Conventions = {
  exponentOf: (currency) => CURRENCIES[currency].exponent,
  dayOf: utcDay,
  sameMerchantId: (requested, registered) => requested.toLowerCase() === registered.toLowerCase(),
  holdOnApproval: true,
};

/** A limit written in major units, in minor units of its currency. */
export function toMinorUnits(major: number, currency: Currency, conventions: Conventions): number {
  return Math.round(major * 10 ** conventions.exponentOf(currency));
}
